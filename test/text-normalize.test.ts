import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { normalizeQuoteText, normalizeTypography, sha256Hex } from '../src/domain/text.ts';

/** normalizeTypography as it was before its ASCII shortcut: every text through NFKC and every rule. */
function reference(text: string): string {
  const rules: [RegExp, string][] = [
    [/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'"],
    [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
    [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'],
    [/\u2026/g, '...'],
    [/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' '],
    [/[\u200B-\u200D\u2060\uFEFF]/g, ''],
  ];
  let out = text.normalize('NFKC');
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, ' ').trim();
}

const SEED = 20261205;

it('normalizeTypography gives what NFKC and every rule give, for ASCII texts (its shortcut) and any other', () => {
  const ascii = fc.string({ unit: fc.constantFrom(...'ab Z09`\'"-.,;:!?\t\n\r\v\f\u0000~'.split('')), maxLength: 40 });
  fc.assert(fc.property(ascii, (text) => normalizeTypography(text) === reference(text)), { seed: SEED, numRuns: 2_000 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => normalizeTypography(text) === reference(text)), { seed: SEED, numRuns: 2_000 });
  expect(normalizeQuoteText('  We`re   in  SEASON… ”')).toBe("we're in season");
});

it('normalizeQuoteText gives what its rule gives (typography and case folded, the punctuation and spaces at either end dropped)', () => {
  const reference = (text: string) => normalizeTypography(text).toLowerCase().replace(/^[\s"'.,;:!?-]+|[\s"'.,;:!?-]+$/g, '');
  const edgy = fc.string({ unit: fc.constantFrom(...'aZ9 `\'"-.,;:!?\t\n\u00a0\u2026\u201c\u3000\ufeff\u2028x'.split('')), maxLength: 30 });
  fc.assert(fc.property(edgy, (text) => normalizeQuoteText(text) === reference(text)), { seed: SEED, numRuns: 5_000 });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => normalizeQuoteText(text) === reference(text)), { seed: SEED, numRuns: 2_000 });
  expect(normalizeQuoteText('"...", ')).toBe('');
  expect(normalizeQuoteText('  "Yes. No!" ')).toBe('yes. no');
});

it('sha256Hex is the hex sha256 of the UTF-8 bytes, a lone surrogate as U+FFFD', () => {
  for (const text of ['', 'héllo', 'a\uD800b', '\uDC00', 'x'.repeat(10_000)]) {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  }
});

it('when the words at the offsets were computed lately (quoteWords), then the evidence check still refuses a claim whose words or hash are not theirs, and takes one whose are', async () => {
  const { assertEvidence, forgetQuoteWords, quoteWords } = await import('../src/domain/evidence.ts');
  const accepted = (documentText: string, claim: { start: number; end: number; text: string; normalizedText: string; normalizedHash: string }) => {
    try {
      assertEvidence(documentText, { documentId: 1, ...claim });
      return true;
    } catch {
      return false;
    }
  };
  const wordsOf = fc.array(fc.constantFrom('a', 'A', 'b', ' ', '.', '’', "'"), { minLength: 1, maxLength: 6 }).map((c) => c.join(''));
  fc.assert(
    // Few characters, so that two texts are often the same words (case, typography, surrounding punctuation).
    fc.property(wordsOf, wordsOf, (said, claimed) => {
      const documentText = `Lead. “${said},” she said.`;
      const start = documentText.indexOf(said);
      const end = start + said.length;
      const words = quoteWords(said);
      const other = quoteWords(claimed);
      const attested = normalizeQuoteText(said);
      expect(words).toEqual({ normalizedText: attested, normalizedHash: sha256Hex(attested) });
      // The text at the offsets with the claimed words and hash: accepted only when they are the attested ones.
      expect(accepted(documentText, { start, end, text: said, ...other })).toBe(normalizeQuoteText(claimed) === attested);
      expect(accepted(documentText, { start, end, text: said, normalizedText: words.normalizedText, normalizedHash: other.normalizedHash })).toBe(other.normalizedHash === words.normalizedHash);
      // Forgotten (an import's batch stored): the same answers, computed anew.
      forgetQuoteWords();
      expect(accepted(documentText, { start, end, text: said, ...other })).toBe(normalizeQuoteText(claimed) === attested);
    }),
  );
});
