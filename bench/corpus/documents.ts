import BetterSqlite3 from 'better-sqlite3';
import { normalizeQuoteText, sha256Hex } from '../../src/domain/text.ts';
import type { NewSpeaker, PendingAttribution } from '../../src/storage/ports/index.ts';

/** The corpus's documents as the ingest port takes them, read back from the generated SQLite file (all, or the `range` [from, to) in id order). */
export function documentsOf(file: string, range: { from: number; to: number } = { from: 0, to: Number.MAX_SAFE_INTEGER }): { doc: { text: string; outlet: string | null; title: string | null; publishedOn: string | null; language: string }; speakers: NewSpeaker[]; attributions: PendingAttribution[] }[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const docs = db.prepare('SELECT id, outlet, title, publishedOn, language, text FROM Document ORDER BY id LIMIT ? OFFSET ?').all(Math.max(0, range.to - range.from), range.from) as { id: number; outlet: string | null; title: string | null; publishedOn: string | null; language: string; text: string }[];
    const occurrences = db.prepare(
      `SELECT o.documentId, o.start, o."end", q.text, q.kind, q.saidOn, s.slug, s.name, s.kind AS speakerKind
       FROM Occurrence o JOIN Quote q ON q.id = o.quoteId JOIN Speaker s ON s.id = q.speakerId
       WHERE o.documentId BETWEEN ? AND ? ORDER BY o.documentId, o.id`,
    ).all(docs[0]?.id ?? 0, docs.at(-1)?.id ?? -1) as { documentId: number; start: number; end: number; text: string; kind: 'direct' | 'partial' | 'indirect'; saidOn: string | null; slug: string; name: string; speakerKind: 'person' | 'organization' }[];
    const byDocument = new Map<number, typeof occurrences>();
    for (const o of occurrences) byDocument.set(o.documentId, [...(byDocument.get(o.documentId) ?? []), o]);
    return docs.map((d) => {
      const occ = byDocument.get(d.id) ?? [];
      const speakers = new Map<string, NewSpeaker>();
      for (const o of occ) speakers.set(o.slug, { slug: o.slug, name: o.name, kind: o.speakerKind, description: null, aliases: [], externalIds: [], affiliations: [] });
      const attributions = occ.map((o): PendingAttribution => {
        const normalizedText = normalizeQuoteText(o.text);
        return { speakerSlug: o.slug, aboutSpeakerId: null, text: o.text, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: o.kind, saidOn: o.saidOn, venue: null, start: o.start, end: o.end, cue: null, speakerMention: null, relays: [], confidence: 1, attributedBy: 'seed', extractorVersion: null };
      });
      return { doc: { text: d.text, outlet: d.outlet, title: d.title, publishedOn: d.publishedOn, language: d.language }, speakers: [...speakers.values()], attributions };
    });
  } finally {
    db.close();
  }
}

