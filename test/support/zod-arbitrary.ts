import fc from 'fast-check';
import type { z } from 'zod';

/**
 * fast-check arbitraries derived from the routes' zod schemas: values shaped
 * like valid input, with every leaf sometimes replaced by something hostile.
 * The fuzz suite then checks the API never answers ≥ 500.
 */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '"',
  "'",
  '(',
  '*',
  '-',
  'NEAR(',
  'a OR',
  '"unbalanced',
  "'; DROP TABLE Quote; --",
  '1; DELETE FROM Speaker',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '%00',
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  '😀👍🏽',
  '\u202Eevil',
  'Ａ',
  '../../etc/passwd',
  'x'.repeat(5000),
  '-1',
  '1e309',
  'NaN',
  '9007199254740993',
];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(-1, 0, -0, 1.5, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER, true, false, null),
  fc.constant([]),
  fc.constant({}),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 0, max: 40 }).map((depth) => {
    let v: unknown = 'deep';
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  }),
  fc.jsonValue({ maxDepth: 3 }),
);

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function validish(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('Kim', 'Lim', 'ambassadorial', '2025-05-06', 'lim-eul-chul', 'https://example.org/a'));
    case 'number':
    case 'int':
      return fc.oneof(fc.integer({ min: 0, max: 50 }), fc.double({ noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'optional':
    case 'nullable':
      return fc.option(arbitraryFor(def.innerType as z.ZodType), { nil: undefined });
    case 'default':
    case 'catch':
    case 'readonly':
      return arbitraryFor(def.innerType as z.ZodType);
    case 'pipe':
      return arbitraryFor(def.in as z.ZodType);
    case 'array':
      return fc.array(arbitraryFor(def.element as z.ZodType), { maxLength: 4 });
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map(arbitraryFor));
    case 'object': {
      const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryFor(v)])), { requiredKeys: [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Mostly plausible values, one in four replaced by a hostile one, at every level. */
export function arbitraryFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: validish(schema), weight: 3 }, { arbitrary: hostileValue, weight: 1 });
}

/** A JSON body text: the value, sometimes with prototype-pollution keys spliced in or truncated. */
export function bodyText(schema: z.ZodType): fc.Arbitrary<string> {
  return fc.tuple(arbitraryFor(schema), fc.constantFrom('plain', 'proto', 'constructor', 'truncated', 'deep')).map(([value, how]) => {
    const json = JSON.stringify(value ?? null) ?? 'null';
    switch (how) {
      case 'proto':
        return json.startsWith('{') ? `{"__proto__":{"isAdmin":true},${json.slice(1)}`.replace(',}', '}') : json;
      case 'constructor':
        return json.startsWith('{') ? `{"constructor":{"prototype":{"polluted":1}},${json.slice(1)}`.replace(',}', '}') : json;
      case 'truncated':
        return json.slice(0, Math.max(1, json.length - 1));
      case 'deep':
        return `${'['.repeat(2000)}${']'.repeat(2000)}`;
      default:
        return json;
    }
  });
}
