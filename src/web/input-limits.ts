import { z } from 'zod';
import { html, type SafeHtml } from './html.ts';

/** What a form field may hold, read from the API schema that validates it, so the page never accepts more than the API. */
export interface FieldLimits {
  maxLength?: number;
  /** An ISO calendar date (YYYY-MM-DD). */
  date: boolean;
}

interface JsonSchemaProperty {
  maxLength?: number;
  format?: string;
}

/** The limits of each field of an API request schema (its JSON Schema as input). */
export function fieldLimits(schema: z.ZodObject): Record<string, FieldLimits> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty> };
  return Object.fromEntries(
    Object.entries(json.properties ?? {}).map(([name, p]) => [name, { date: p.format === 'date', ...(p.maxLength === undefined ? {} : { maxLength: p.maxLength }) }]),
  );
}

/**
 * Attributes of an input for these limits. A date is a text input that takes and shows YYYY-MM-DD:
 * a browser's date picker shows the date in the reader's locale (e.g. mm/dd/yyyy), not as the API writes it.
 */
export function limitAttributes(limits: FieldLimits | undefined): SafeHtml {
  if (limits === undefined) return html``;
  if (limits.date) return html` type="text" inputmode="numeric" pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}" maxlength="10" placeholder="YYYY-MM-DD"`;
  return limits.maxLength === undefined ? html`` : html` maxlength="${String(limits.maxLength)}"`;
}
