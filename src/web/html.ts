import { escapeHtml } from '../domain/html.ts';

/** Markup that is already safe: built by `html`, never from unescaped stored text. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for pages: every interpolated value is HTML-escaped unless it
 * is SafeHtml, so stored text (quotes are untrusted input) can only ever render as text.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * The API's snippet is escaped text with <mark> elements. Rather than trust it
 * verbatim, keep only the <mark> tags and re-escape everything between them.
 */
export function snippetHtml(snippet: string): SafeHtml {
  const parts = snippet.split(/(<mark>|<\/mark>)/);
  let open = false;
  const out = parts.map((part) => {
    if (part === '<mark>' && !open) return ((open = true), '<mark>');
    if (part === '</mark>' && open) return ((open = false), '</mark>');
    return escapeHtml(part.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity));
  });
  return new SafeHtml(out.join('') + (open ? '</mark>' : ''));
}
