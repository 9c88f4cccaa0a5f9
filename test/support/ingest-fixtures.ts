import { normalizeQuoteText, sha256Hex } from '../../src/domain/text.ts';
import type { NewDocument, NewSpeaker, PendingAttribution, Repositories } from '../../src/storage/ports/index.ts';

/** Documents and speakers for ingestDocument through the port: what the extractor would hand the storage. */

/** The element at `i`, which the test knows is there. */
export function at<T>(list: readonly T[], i: number): T {
  const value = list[i];
  if (value === undefined) throw new Error(`no element ${i}`);
  return value;
}

/** A person speaker with nothing but a name. */
export function speaker(slug: string, externalIds: NewSpeaker['externalIds'] = []): NewSpeaker {
  return { slug, name: `Group ${slug}`, kind: 'person', description: null, aliases: [], externalIds, affiliations: [] };
}

/**
 * The attribution of `words`, found in `text`, to the speaker `speakerSlug`: a direct quote recorded by hand,
 * certain, with no cue, mention or relay, unless `extra` says otherwise.
 */
export function attribution(text: string, words: string, speakerSlug: string, extra: Partial<PendingAttribution> = {}): PendingAttribution {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`"${words}" is not in the text`);
  const normalizedText = normalizeQuoteText(words);
  return {
    speakerSlug,
    aboutSpeakerId: null,
    text: words,
    normalizedText,
    normalizedHash: sha256Hex(normalizedText),
    kind: 'direct',
    saidOn: null,
    venue: null,
    start,
    end: start + words.length,
    cue: null,
    speakerMention: null,
    relays: [],
    confidence: 1,
    attributedBy: 'manual',
    extractorVersion: null,
    ...extra,
  };
}

/** An article in which `by` says one sentence made unique by `word` and `i`. */
export function article(word: string, i: number, by: NewSpeaker): { doc: NewDocument; attributions: PendingAttribution[] } {
  const words = `${word} group commit statement ${i}`;
  const text = `${by.name} said: “${words}.”`;
  return {
    doc: { outlet: 'Group Wire', title: null, url: null, publishedOn: '2024-06-0' + String(1 + (i % 9)), dateline: null, language: 'en', text, sha256: sha256Hex(text) },
    attributions: [attribution(text, words, by.slug, { confidence: 0.9, attributedBy: 'extractor', extractorVersion: 'test' })],
  };
}

/**
 * Three articles by two organisations that speak for one office in turn: `before` by the former, stored by
 * `storeBefore`; then, written together by `writeTogether` (submitted in one turn of the event loop), one more
 * by the former and one by the next, which moves the office to it.
 */
export function officeTakeover(word: string, unique: (prefix: string) => string) {
  const organization = { name: `Link Office ${unique('o')}`, kind: 'government' };
  const former: NewSpeaker = { ...speaker(unique('former')), kind: 'organization', organization };
  const next: NewSpeaker = { ...speaker(unique('next')), kind: 'organization', organization };
  const [before, same, moved] = [article(word, 0, former), article(word, 1, former), article(word, 2, next)];
  return {
    organization,
    storeBefore: (writes: Repositories['writes']) => writes.ingestDocument(before.doc, [former], before.attributions),
    writeTogether: (writes: Repositories['writes']) =>
      Promise.all([writes.ingestDocument(same.doc, [former], same.attributions), writes.ingestDocument(moved.doc, [next], moved.attributions)]),
  };
}
