import { normalizeQuoteText, sha256Hex } from '../../src/domain/text.ts';
import type { NewDocument, NewSpeaker, PendingAttribution } from '../../src/storage/ports/index.ts';

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

/** An article in which `by` says one sentence made unique by `word` and `i`. */
export function article(word: string, i: number, by: NewSpeaker): { doc: NewDocument; attributions: PendingAttribution[] } {
  const words = `${word} group commit statement ${i}`;
  const text = `${by.name} said: “${words}.”`;
  const start = text.indexOf(words);
  const normalizedText = normalizeQuoteText(words);
  return {
    doc: { outlet: 'Group Wire', title: null, url: null, publishedOn: '2024-06-0' + String(1 + (i % 9)), dateline: null, language: 'en', text, sha256: sha256Hex(text) },
    attributions: [
      {
        speakerSlug: by.slug, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct',
        saidOn: null, venue: null, start, end: start + words.length, cue: null, speakerMention: null, relays: [],
        confidence: 0.9, attributedBy: 'extractor', extractorVersion: 'test',
      },
    ],
  };
}
