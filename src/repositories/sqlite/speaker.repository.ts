import type { SqlConnection } from '../../db/database.ts';
import { foldName } from '../../domain/text.ts';
import type { Affiliation, SpeakerCandidate, SpeakerDetail } from '../../domain/models.ts';
import type { SpeakerReadRepository } from '../ports.ts';
import { AFFILIATION_COLUMNS, toAffiliation, toSpeaker, type AffiliationRow, type SpeakerRow } from './rows.ts';
import { escapeLike, StatementCache } from './statements.ts';

const SPEAKER_COLUMNS = 's.id, s.slug, s.name, s.kind, s.description';

export class SqliteSpeakerRepository implements SpeakerReadRepository {
  private readonly statements: StatementCache;

  constructor(sql: SqlConnection) {
    this.statements = new StatementCache(sql);
  }

  findByRef(ref: string): SpeakerDetail | null {
    const row = (
      /^\d+$/.test(ref)
        ? this.statements.get(`SELECT ${SPEAKER_COLUMNS} FROM Speaker s WHERE s.id = ?`).get(Number(ref))
        : this.statements.get(`SELECT ${SPEAKER_COLUMNS} FROM Speaker s WHERE s.slug = ?`).get(ref)
    ) as SpeakerRow | undefined;
    if (row === undefined) return null;
    const aliases = this.statements
      .get('SELECT alias FROM SpeakerAlias WHERE speakerId = ? ORDER BY id')
      .pluck()
      .all(row.id) as string[];
    const externalIds = this.statements
      .get('SELECT scheme, value FROM ExternalId WHERE speakerId = ? ORDER BY scheme, value')
      .all(row.id) as { scheme: string; value: string }[];
    return {
      ...toSpeaker(row),
      aliases: aliases.filter((a) => a !== row.name),
      externalIds,
      affiliations: this.affiliations(row.id),
      quoteCount: this.quoteCount(row.id),
    };
  }

  resolveIds(ref: string): number[] {
    const trimmed = ref.trim();
    if (/^\d+$/.test(trimmed)) {
      const id = this.statements.get('SELECT id FROM Speaker WHERE id = ?').pluck().get(Number(trimmed)) as number | undefined;
      return id === undefined ? [] : [id];
    }
    const bySlug = this.statements.get('SELECT id FROM Speaker WHERE slug = ?').pluck().get(trimmed) as number | undefined;
    if (bySlug !== undefined) return [bySlug];
    const folded = foldName(trimmed);
    if (folded === '') return [];
    return this.statements
      .get('SELECT DISTINCT speakerId FROM SpeakerAlias WHERE normalized = ? ORDER BY speakerId')
      .pluck()
      .all(folded) as number[];
  }

  candidates(text: string, limit: number): SpeakerCandidate[] {
    const folded = foldName(text);
    if (folded === '') return [];
    const like = escapeLike(folded);
    // Exact name/alias first, then names starting with the text, then names with a word starting with it.
    const rows = this.statements
      .get(
        `SELECT ${SPEAKER_COLUMNS}, best.alias AS matchedAlias, best.score,
                (SELECT COUNT(*) FROM Quote q WHERE q.speakerId = s.id) AS quoteCount
         FROM (
           SELECT speakerId, alias, MAX(CASE
               WHEN normalized = @exact THEN 1.0
               WHEN normalized LIKE @prefix ESCAPE '\\' THEN 0.8
               ELSE 0.6 END) AS score
           FROM SpeakerAlias
           WHERE normalized = @exact OR normalized LIKE @prefix ESCAPE '\\' OR normalized LIKE @word ESCAPE '\\'
           GROUP BY speakerId
         ) best
         JOIN Speaker s ON s.id = best.speakerId
         ORDER BY best.score DESC, quoteCount DESC, s.name
         LIMIT @limit`,
      )
      .all({ exact: folded, prefix: `${like}%`, word: `% ${like}%`, limit }) as (SpeakerRow & {
      matchedAlias: string;
      score: number;
      quoteCount: number;
    })[];
    return rows.map((r) => ({
      ...toSpeaker(r),
      matchedAlias: r.matchedAlias,
      score: r.score,
      quoteCount: r.quoteCount,
      affiliations: this.affiliations(r.id),
    }));
  }

  affiliations(speakerId: number): Affiliation[] {
    const rows = this.statements
      .get(
        `SELECT ${AFFILIATION_COLUMNS} FROM Affiliation a JOIN Organization o ON o.id = a.organizationId
         WHERE a.speakerId = ? ORDER BY COALESCE(a.validFrom, ''), a.id`,
      )
      .all(speakerId) as AffiliationRow[];
    return rows.map(toAffiliation);
  }

  private quoteCount(speakerId: number): number {
    return this.statements.get('SELECT COUNT(*) FROM Quote WHERE speakerId = ?').pluck().get(speakerId) as number;
  }
}
