import { AppError } from '../domain/errors.ts';

export interface OffsetSpan {
  start: number;
  end: number;
}

/**
 * Checks that [start, end) lies inside the document and, when `expected` is
 * given, that the document holds exactly that text there. Offsets are UTF-16
 * code units (JavaScript string indices).
 */
export function spanText(documentText: string, span: OffsetSpan, what: string, expected?: string): string {
  if (span.end <= span.start) {
    throw new AppError('evidence_mismatch', `${what}: end (${span.end}) must be greater than start (${span.start}).`);
  }
  if (span.end > documentText.length) {
    throw new AppError(
      'evidence_mismatch',
      `${what}: offsets ${span.start}–${span.end} run past the end of the document (${documentText.length} characters).`,
    );
  }
  const actual = documentText.slice(span.start, span.end);
  if (expected !== undefined && actual !== expected) {
    const elsewhere = documentText.indexOf(expected);
    throw new AppError(
      'evidence_mismatch',
      elsewhere === -1
        ? `${what}: the document does not contain this text at ${span.start}–${span.end} (it has "${truncate(actual)}"), nor anywhere else.`
        : `${what}: the document has this text at ${elsewhere}–${elsewhere + expected.length}, not at ${span.start}–${span.end}.`,
      { found: actual.length > 200 ? `${actual.slice(0, 200)}…` : actual, ...(elsewhere === -1 ? {} : { suggestedStart: elsewhere }) },
    );
  }
  return actual;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Text around a span, cut at word boundaries, for showing a quote in its source. */
export function contextAround(text: string, start: number, end: number, radius = 160): { before: string; quote: string; after: string } {
  let from = Math.max(0, start - radius);
  let to = Math.min(text.length, end + radius);
  if (from > 0) from = text.indexOf(' ', from) === -1 || text.indexOf(' ', from) >= start ? from : text.indexOf(' ', from) + 1;
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, start),
    quote: text.slice(start, end),
    after: text.slice(end, to) + (to < text.length ? '…' : ''),
  };
}
