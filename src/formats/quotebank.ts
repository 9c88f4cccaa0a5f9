import { z } from 'zod';

/**
 * Quotebank (EPFL; Vaucher et al., WSDM 2021) as it is distributed: NDJSON, one object a line, in two
 * layouts. quotes-by-quote: a quotation with its top speaker, the candidate speakers' probabilities and the
 * URLs of the articles it was found in. quotes-by-article: an article with its text and the quotations
 * found in it, each at an offset. Unknown members are ignored; what whosaid uses is checked.
 */

/** One candidate speaker: the distribution has pairs [name, "0.6173"], Quotebank's own code objects. */
const proba = z.union([
  z.tuple([z.string(), z.union([z.string(), z.number()])]).rest(z.unknown()),
  z.object({ speaker: z.string(), proba: z.union([z.string(), z.number()]), qids: z.array(z.string()).optional() }),
]);

const probas = z.array(proba).default([]);

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must start with YYYY-MM-DD');

export const quotebankQuote = z.object({
  quoteID: z.string().min(1),
  quotation: z.string().min(1),
  speaker: z.string().min(1),
  qids: z.array(z.string()).default([]),
  date,
  numOccurrences: z.number().int().optional(),
  probas,
  urls: z.array(z.string().min(1)).default([]),
  phase: z.string().optional(),
});

export const quotebankArticleQuotation = z.object({
  quoteID: z.string().min(1),
  quotation: z.string().min(1),
  quotationOffset: z.number().int().min(0),
  globalTopSpeaker: z.string().min(1),
  globalProbas: probas,
  numOccurrences: z.number().int().optional(),
});

export const quotebankArticle = z.object({
  articleID: z.string().min(1),
  url: z.string().min(1),
  date,
  title: z.string().nullish(),
  content: z.string().min(1),
  phase: z.string().optional(),
  quotations: z.array(z.unknown()).default([]),
});

export type QuotebankQuote = z.infer<typeof quotebankQuote>;
export type QuotebankArticle = z.infer<typeof quotebankArticle>;
export type QuotebankArticleQuotation = z.infer<typeof quotebankArticleQuotation>;

/** Quotebank's name for "no speaker": the model found none likely. */
export const NO_SPEAKER = 'None';

export interface Candidate {
  speaker: string;
  probability: number;
  qids: string[];
}

/** The candidates, most probable first (probabilities as numbers). */
export function candidates(list: z.infer<typeof probas>): Candidate[] {
  return list
    .map((p) => (Array.isArray(p) ? { speaker: p[0], probability: Number(p[1]), qids: [] } : { speaker: p.speaker, probability: Number(p.proba), qids: p.qids ?? [] }))
    .filter((c) => Number.isFinite(c.probability))
    .sort((a, b) => b.probability - a.probability);
}

/** The probability given to `speaker` (the top speaker): its candidate's, else 1 when none is listed. */
export function probabilityOf(speaker: string, list: Candidate[]): number {
  const found = list.find((c) => c.speaker === speaker);
  return found === undefined ? (list.length === 0 ? 1 : 0) : found.probability;
}

export type QuotebankLine = { layout: 'quote'; quote: QuotebankQuote } | { layout: 'article'; article: QuotebankArticle };

/** One line in either layout, or why it is not one. */
export function parseQuotebankLine(line: string): QuotebankLine | { error: string; code: 'malformed_json' | 'validation_failed' } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not JSON', code: 'malformed_json' };
  }
  const isArticle = typeof value === 'object' && value !== null && 'quotations' in value;
  const quick = isArticle ? null : asQuotebankQuote(value);
  if (quick !== null) return { layout: 'quote', quote: quick };
  const parsed = isArticle ? quotebankArticle.safeParse(value) : quotebankQuote.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '), code: 'validation_failed' };
  return isArticle ? { layout: 'article', article: parsed.data as QuotebankArticle } : { layout: 'quote', quote: parsed.data as QuotebankQuote };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const DATE = /^\d{4}-\d{2}-\d{2}/;

/** A probability as Quotebank writes one: a number, or a string of one (zod's check above accepts the same). */
const isProba = (p: unknown): boolean => {
  if (Array.isArray(p)) return p.length >= 2 && isString(p[0]) && (isString(p[1]) || typeof p[1] === 'number');
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return isString(o.speaker) && (isString(o.proba) || typeof o.proba === 'number') && (o.qids === undefined || isStrings(o.qids));
};

/**
 * The quotes-by-quote line without zod, when it is exactly of the expected shape (millions of lines: the
 * schema's generic checks cost as much as the rest of reading a line); null for anything else, which the
 * schema then reads and explains.
 */
function asQuotebankQuote(value: unknown): QuotebankQuote | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const ok =
    isString(v.quoteID) && v.quoteID !== '' &&
    isString(v.quotation) && v.quotation !== '' &&
    isString(v.speaker) && v.speaker !== '' &&
    (v.qids === undefined || isStrings(v.qids)) &&
    isString(v.date) && DATE.test(v.date) &&
    (v.numOccurrences === undefined || Number.isInteger(v.numOccurrences)) &&
    (v.probas === undefined || (Array.isArray(v.probas) && v.probas.every(isProba))) &&
    (v.urls === undefined || (isStrings(v.urls) && v.urls.every((u) => u !== ''))) &&
    (v.phase === undefined || isString(v.phase));
  if (!ok) return null;
  return {
    quoteID: v.quoteID as string,
    quotation: v.quotation as string,
    speaker: v.speaker as string,
    qids: (v.qids as string[] | undefined) ?? [],
    date: v.date as string,
    numOccurrences: v.numOccurrences as number | undefined,
    probas: (v.probas as QuotebankQuote['probas'] | undefined) ?? [],
    urls: (v.urls as string[] | undefined) ?? [],
    phase: v.phase as string | undefined,
  };
}

/**
 * A quotation of a quotes-by-article line, checked as `quotebankArticleQuotation` checks it: without zod
 * when it is exactly of the expected shape (an article holds several; see asQuotebankQuote), else by the
 * schema, which explains what is wrong.
 */
export function parseArticleQuotation(value: unknown): { success: true; data: QuotebankArticleQuotation } | { success: false; error: z.ZodError } {
  const quick = asArticleQuotation(value);
  if (quick !== null) return { success: true, data: quick };
  const parsed = quotebankArticleQuotation.safeParse(value);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error };
}

function asArticleQuotation(value: unknown): QuotebankArticleQuotation | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const ok =
    isString(v.quoteID) && v.quoteID !== '' &&
    isString(v.quotation) && v.quotation !== '' &&
    Number.isSafeInteger(v.quotationOffset) && (v.quotationOffset as number) >= 0 &&
    isString(v.globalTopSpeaker) && v.globalTopSpeaker !== '' &&
    (v.globalProbas === undefined || (Array.isArray(v.globalProbas) && v.globalProbas.every(isProba))) &&
    (v.numOccurrences === undefined || Number.isSafeInteger(v.numOccurrences));
  if (!ok) return null;
  return {
    quoteID: v.quoteID as string,
    quotation: v.quotation as string,
    quotationOffset: v.quotationOffset as number,
    globalTopSpeaker: v.globalTopSpeaker as string,
    globalProbas: (v.globalProbas as QuotebankArticleQuotation['globalProbas'] | undefined) ?? [],
    numOccurrences: v.numOccurrences as number | undefined,
  };
}

/**
 * Where the quotation starts in the article's text, as a UTF-16 offset whose slice equals the quotation
 * exactly: the offset as a character offset, else as a word index (Quotebank counts words of the
 * whitespace-split text). Null when neither gives the quotation's words.
 */
export function locateQuotation(content: string, quotation: string, offset: number): number | null {
  if (content.startsWith(quotation, offset)) return offset;
  const words = /\S+/g;
  let index = 0;
  for (let m = words.exec(content); m !== null; m = words.exec(content), index++) {
    if (index === offset) return content.startsWith(quotation, m.index) ? m.index : null;
  }
  return null;
}
