import { normalizeQuoteText, sha256Hex } from '../../src/domain/text.ts';
import type { PendingAttribution, Repositories } from '../../src/storage/ports/index.ts';
import { unique } from './test-app.ts';

/**
 * The ingest of one document in which a new speaker says each of `lines` (direct quotes, certain),
 * not started yet: more than 200 lines are written in turns (docs/decisions/0023).
 */
export function oneSpeakerDocument(repos: Repositories, lines: readonly string[], outlet: string) {
  const name = `${outlet.split(' ')[0]} ${unique('sp')}`;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const text = lines.map((l) => `"${l}," ${name} said.`).join('\n');
  const attributions: PendingAttribution[] = lines.map((words) => {
    const start = text.indexOf(words);
    const normalizedText = normalizeQuoteText(words);
    return {
      speakerSlug: slug, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct', saidOn: '2025-03-03', venue: null,
      start, end: start + words.length, cue: null, speakerMention: null, relays: [], confidence: 1, attributedBy: 'manual', extractorVersion: null,
    };
  });
  const doc = { outlet, title: null, url: null, publishedOn: '2025-03-04', dateline: null, language: 'en', text, sha256: sha256Hex(text) };
  return () => repos.writes.ingestDocument(doc, [{ slug, name, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [] }], attributions);
}
