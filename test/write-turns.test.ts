import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTestApp, unique } from './support/test-app.ts';
import { SqlWriter } from '../src/storage/sqlite/sql-writer.ts';
import { normalizeQuoteText, sha256Hex } from '../src/domain/text.ts';
import type { PendingAttribution } from '../src/storage/ports/index.ts';

/**
 * Writes spread over turns of the event loop (docs/decisions/0023): one transaction whatever
 * happens between its steps, the search index in step with the data after the longest ones, and
 * the WAL checkpointed by a thread of its own rather than inside a COMMIT of the serving thread.
 */
describe('writes in turns', () => {
  const t = useTestApp();
  const NOTE = { reason: 'write-turns test' };

  /** One document of `count` quotes by a new speaker (written in turns: more than a group commit takes). */
  async function muchQuoted(count: number) {
    const name = `Turns ${unique('sp')}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const tag = unique('w');
    const lines = Array.from({ length: count }, (_, i) => `Item ${i} of ${tag} stays open`);
    const text = lines.map((l) => `"${l}," ${name} said.`).join('\n');
    const attributions: PendingAttribution[] = lines.map((words) => {
      const start = text.indexOf(words);
      const normalizedText = normalizeQuoteText(words);
      return {
        speakerSlug: slug, aboutSpeakerId: null, text: words, normalizedText, normalizedHash: sha256Hex(normalizedText), kind: 'direct', saidOn: '2025-03-03', venue: null,
        start, end: start + words.length, cue: null, speakerMention: null, relays: [], confidence: 1, attributedBy: 'manual', extractorVersion: null,
      };
    });
    const doc = { outlet: 'Turns Wire', title: null, url: null, publishedOn: '2025-03-04', dateline: null, language: 'en', text, sha256: sha256Hex(text) };
    const stored = await t.repos.writes.ingestDocument(doc, [{ slug, name, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [] }], attributions);
    return { id: stored.speakers[0]?.id as number, tag };
  }

  /** FTS5's own check of the search index against the quotes it indexes (throws when they differ). */
  const searchIndexChecks = () => t.db.writer.prepare(`INSERT INTO quote_fts(quote_fts, rank) VALUES ('integrity-check', 1)`).run();

  it('when a write has steps, then other callbacks run between them, and a step that throws late rolls back every earlier one', async () => {
    const writer = new SqlWriter(t.db.writer, t.db.writeLock);
    const key = `turns-${unique('k')}`;
    let between = 0;
    const ticking = setInterval(() => between++, 0);
    await expect(
      writer.writeInTurns(function* () {
        for (let i = 0; i < 200; i++) {
          t.db.writer.prepare('INSERT INTO ChangeEpoch (name, value) VALUES (?, ?)').run(`${key}-${i}`, i);
          const until = performance.now() + 1;
          while (performance.now() < until);
          yield;
        }
        throw new Error('the last step fails');
      }),
    ).rejects.toThrow('the last step fails');
    clearInterval(ticking);
    expect(between).toBeGreaterThan(5);
    expect(t.db.sql.prepare('SELECT COUNT(*) FROM ChangeEpoch WHERE name LIKE ?').pluck().get(`${key}-%`)).toBe(0);
    // The connection is free again: the next write commits.
    await writer.write(() => t.db.writer.prepare('INSERT INTO ChangeEpoch (name, value) VALUES (?, 1)').run(key));
    expect(t.db.sql.prepare('SELECT value FROM ChangeEpoch WHERE name = ?').pluck().get(key)).toBe(1);
  });

  it('when a much-quoted speaker gains an affiliation, is merged and has the change undone, then the search index matches the data after each', async () => {
    const a = await muchQuoted(300);
    const b = await muchQuoted(250);
    const added = { organization: `Turns Org ${unique('o')}`, organizationKind: null, role: 'adviser', asStated: null, validFrom: null, validTo: null, sourceDocumentId: null };
    const correction = await t.repos.writes.correctSpeaker(a.id, { affiliations: { add: [added] } }, NOTE);
    expect(searchIndexChecks).not.toThrow();
    await t.repos.writes.mergeSpeakers(a.id, b.id, NOTE);
    expect(searchIndexChecks).not.toThrow();
    expect(t.db.sql.prepare('SELECT COUNT(*) FROM Quote WHERE speakerId = ?').pluck().get(b.id)).toBe(550);
    await expect(t.repos.writes.undoRevision(correction?.revision?.id as number, NOTE)).rejects.toMatchObject({ code: 'not_found' });
    const later = await t.repos.writes.correctSpeaker(b.id, { affiliations: { add: [{ ...added, organization: `Later ${added.organization}` }] } }, NOTE);
    await t.repos.writes.undoRevision(later?.revision?.id as number, NOTE);
    expect(searchIndexChecks).not.toThrow();
  });

  it('when the writer commits, then a thread checkpoints the WAL into the database file and the writer itself never does', async () => {
    await muchQuoted(250);
    // The thread started with the first commit: the writer's own automatic checkpoint is off.
    expect(t.db.writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const file = t.db.path;
    const before = statSync(file).mtimeMs;
    await muchQuoted(250);
    const deadline = Date.now() + 5_000;
    while (statSync(file).mtimeMs === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(file).mtimeMs).toBeGreaterThan(before);
  });
});
