import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SqlConnection } from '../database.ts';
import { foldName } from '../../../domain/text.ts';
import type { Affiliation, SpeakerCandidate, SpeakerDetail, SpeakerKind, SpeakerSummary } from '../../../domain/models.ts';
import type { RelatedSpeaker, SpeakerListing, SpeakerName, SpeakerReadRepository } from '../../ports/index.ts';
import { AFFILIATION_COLUMNS, toAffiliation, toSpeaker, type AffiliationRow, type SpeakerRow } from './rows.ts';
import { escapeLike, StatementCache } from './statements.ts';
import { toRelatedSpeaker, type RelatedSpeakerRow } from '../../shared/rows.ts';
import { bestNames, closeSpellings, FUZZY_POOL, rankCandidates, type AliasMatch } from '../../shared/speaker-candidates.ts';

const SPEAKER_COLUMNS = 's.id, s.slug, s.name, s.kind, s.description';

const FUZZY_MAX_TRIGRAMS = 48;
/** Aliases read per turn of the event loop when all are read (~1 ms). */
const NAMES_PER_TURN = 1_500;

export class SqliteSpeakerRepository implements SpeakerReadRepository {
  private readonly statements: StatementCache;

  constructor(sql: SqlConnection) {
    this.statements = new StatementCache(sql);
  }

  async findByRef(ref: string): Promise<SpeakerDetail | null> {
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
      affiliations: this.affiliationsOf(row.id),
      quoteCount: this.quoteCount(row.id),
    };
  }

  async redirect(ref: string): Promise<SpeakerSummary | null> {
    const row = (
      /^\d+$/.test(ref)
        ? this.statements.get(`SELECT ${SPEAKER_COLUMNS} FROM SpeakerRedirect r JOIN Speaker s ON s.id = r.speakerId WHERE r.fromSpeakerId = ?`).get(Number(ref))
        : this.statements.get(`SELECT ${SPEAKER_COLUMNS} FROM SpeakerRedirect r JOIN Speaker s ON s.id = r.speakerId WHERE r.slug = ?`).get(ref)
    ) as SpeakerRow | undefined;
    return row === undefined ? null : toSpeaker(row);
  }

  async resolveIds(ref: string): Promise<number[]> {
    const trimmed = ref.trim();
    if (/^\d+$/.test(trimmed)) {
      const id = this.statements.get('SELECT id FROM Speaker WHERE id = ?').pluck().get(Number(trimmed)) as number | undefined;
      return id === undefined ? [] : [id];
    }
    // A slug the speaker left (merged, renamed) still names them.
    const bySlug = this.statements
      .get('SELECT id FROM Speaker WHERE slug = @slug UNION ALL SELECT speakerId FROM SpeakerRedirect WHERE slug = @slug LIMIT 1')
      .pluck()
      .get({ slug: trimmed }) as number | undefined;
    if (bySlug !== undefined) return [bySlug];
    const folded = foldName(trimmed);
    if (folded === '') return [];
    return this.statements
      .get('SELECT DISTINCT speakerId FROM SpeakerAlias WHERE normalized = ? ORDER BY speakerId')
      .pluck()
      .all(folded) as number[];
  }

  async candidates(text: string, limit: number): Promise<SpeakerCandidate[]> {
    const folded = foldName(text);
    if (folded === '') return [];
    const best = bestNames([...this.literalMatches(folded), ...this.fuzzyMatches(folded)]);
    if (best.size === 0) return [];
    const rows = this.statements
      .get(
        `SELECT ${SPEAKER_COLUMNS}, (SELECT COUNT(*) FROM Quote q WHERE q.speakerId = s.id) AS quoteCount
         FROM json_each(?) j JOIN Speaker s ON s.id = j.value`,
      )
      .all(JSON.stringify([...best.keys()])) as (SpeakerRow & { quoteCount: number })[];
    return rankCandidates(best, rows, limit).map(({ row, alias, score }) => ({
      ...toSpeaker(row),
      matchedAlias: alias,
      score,
      quoteCount: row.quoteCount,
      affiliations: this.affiliationsOf(row.id),
    }));
  }

  /** Exact name/alias (1), names starting with the text (0.8), names with a word starting with it (0.6). */
  private literalMatches(folded: string): AliasMatch[] {
    const like = escapeLike(folded);
    return this.statements
      .get(
        `SELECT speakerId, alias, CASE
             WHEN normalized = @exact THEN 1.0
             WHEN normalized LIKE @prefix ESCAPE '\\' THEN 0.8
             ELSE 0.6 END AS score
         FROM SpeakerAlias
         WHERE normalized = @exact OR normalized LIKE @prefix ESCAPE '\\' OR normalized LIKE @word ESCAPE '\\'
         LIMIT 500`,
      )
      .all({ exact: folded, prefix: `${like}%`, word: `% ${like}%` }) as AliasMatch[];
  }

  /**
   * Spellings that share trigrams with the text ("yuri ushakov" ~ "yury ushakov"),
   * scored by edit distance: 1 − distance / length of the longer, kept from 0.6.
   * Candidates come from the trigram index (best bm25 over the text's trigrams).
   */
  private fuzzyMatches(folded: string): AliasMatch[] {
    const trigrams = new Set<string>();
    for (let i = 0; i + 3 <= folded.length && trigrams.size < FUZZY_MAX_TRIGRAMS; i++) trigrams.add(folded.slice(i, i + 3));
    if (trigrams.size === 0) return [];
    const match = [...trigrams].map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
    const rows = this.statements
      .get(
        `SELECT a.speakerId, a.alias, a.normalized FROM speaker_alias_fts f JOIN SpeakerAlias a ON a.id = f.rowid
         WHERE speaker_alias_fts MATCH ? ORDER BY f.rank LIMIT ${FUZZY_POOL}`,
      )
      .all(match) as { speakerId: number; alias: string; normalized: string }[];
    return closeSpellings(folded, rows);
  }

  async resolveOrganizationIds(ref: string): Promise<number[]> {
    return this.statements
      .get('SELECT id FROM Organization WHERE slug = @ref OR name = @ref COLLATE NOCASE ORDER BY id')
      .pluck()
      .all({ ref: ref.trim() }) as number[];
  }

  async bySurname(surname: string, limit: number): Promise<{ speaker: SpeakerSummary; aliases: string[] }[]> {
    const word = foldName(surname);
    if (word === '' || word.includes(' ')) return [];
    // First word: a range on the alias index. Last word: the trigram index (three letters at least), then checked here.
    const first = this.statements
      .get("SELECT DISTINCT speakerId FROM SpeakerAlias WHERE normalized >= ? AND normalized < ? LIMIT 200")
      .pluck()
      .all(`${word} `, `${word}!`) as number[];
    const last =
      word.length < 3
        ? []
        : (this.statements
            .get(
              `SELECT a.speakerId, a.normalized FROM speaker_alias_fts f JOIN SpeakerAlias a ON a.id = f.rowid
               WHERE speaker_alias_fts MATCH ? LIMIT 500`,
            )
            .all(`"${word}"`) as { speakerId: number; normalized: string }[])
            .filter((r) => r.normalized.endsWith(` ${word}`))
            .map((r) => r.speakerId);
    const ids = [...new Set([...first, ...last])].slice(0, limit);
    if (ids.length === 0) return [];
    const rows = this.statements
      .get(`SELECT ${SPEAKER_COLUMNS} FROM json_each(?) j JOIN Speaker s ON s.id = j.value WHERE s.kind = 'person' ORDER BY s.id`)
      .all(JSON.stringify(ids)) as SpeakerRow[];
    const aliases = this.statements.get('SELECT alias FROM SpeakerAlias WHERE speakerId = ? ORDER BY id').pluck();
    return rows.map((r) => ({ speaker: toSpeaker(r), aliases: aliases.all(r.id) as string[] }));
  }

  async related(speakerId: number, limit: number): Promise<RelatedSpeaker[]> {
    const rows = this.statements
      .get(
        `SELECT 'member' AS relation, a.role, ${SPEAKER_COLUMNS}, o.id AS orgId, o.slug AS orgSlug, o.name AS orgName, o.kind AS orgKind
           FROM Organization o JOIN Affiliation a ON a.organizationId = o.id JOIN Speaker s ON s.id = a.speakerId
          WHERE o.speakerId = @id AND s.id <> @id
         UNION ALL
         SELECT 'organization' AS relation, a.role, ${SPEAKER_COLUMNS}, o.id AS orgId, o.slug AS orgSlug, o.name AS orgName, o.kind AS orgKind
           FROM Affiliation a JOIN Organization o ON o.id = a.organizationId JOIN Speaker s ON s.id = o.speakerId
          WHERE a.speakerId = @id AND s.id <> @id
         LIMIT @limit`,
      )
      .all({ id: speakerId, limit }) as RelatedSpeakerRow[];
    return rows.map(toRelatedSpeaker);
  }

  async affiliations(speakerId: number): Promise<Affiliation[]> {
    return this.affiliationsOf(speakerId);
  }

  private affiliationsOf(speakerId: number): Affiliation[] {
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

  async namesVersion(): Promise<string> {
    // Ingest only adds aliases, so the highest id tells whether any arrived; an editor's change of names moves the epoch.
    return this.statements
      .get("SELECT COALESCE((SELECT MAX(id) FROM SpeakerAlias), 0) || ':' || COALESCE((SELECT value FROM ChangeEpoch WHERE name = 'speakers'), 0)")
      .pluck()
      .get() as string;
  }

  async names(): Promise<SpeakerName[]> {
    // Every alias (13,500 at 1M quotes, ~10 ms to read): a page per turn of the event loop, in alias order.
    const page = this.statements.get(
      'SELECT a.id, a.speakerId, s.kind, a.alias, a.normalized FROM SpeakerAlias a JOIN Speaker s ON s.id = a.speakerId WHERE a.id > ? ORDER BY a.id LIMIT ?',
    );
    const names: SpeakerName[] = [];
    for (let after = 0; ; ) {
      const rows = page.all(after, NAMES_PER_TURN) as { id: number; speakerId: number; kind: string; alias: string; normalized: string }[];
      for (const r of rows) names.push({ speakerId: r.speakerId, kind: r.kind as SpeakerKind, alias: r.alias, normalized: r.normalized });
      if (rows.length < NAMES_PER_TURN) return names;
      after = (rows.at(-1) as { id: number }).id;
      await nextTurn();
    }
  }

  async summaries(ids: readonly number[]): Promise<SpeakerSummary[]> {
    const rows = this.statements
      .get(`SELECT ${SPEAKER_COLUMNS} FROM json_each(?) j JOIN Speaker s ON s.id = j.value ORDER BY j.key`)
      .all(JSON.stringify(ids)) as SpeakerRow[];
    return rows.map(toSpeaker);
  }

  async list(limit: number, offset: number): Promise<SpeakerListing[]> {
    const rows = this.statements
      .get(
        `SELECT ${SPEAKER_COLUMNS}, (SELECT COUNT(*) FROM Quote q WHERE q.speakerId = s.id) AS quoteCount
         FROM Speaker s ORDER BY s.name COLLATE NOCASE, s.id LIMIT ? OFFSET ?`,
      )
      .all(limit, offset) as (SpeakerRow & { quoteCount: number })[];
    return rows.map((r) => ({ ...toSpeaker(r), quoteCount: r.quoteCount }));
  }

  async count(): Promise<number> {
    return this.statements.get('SELECT COUNT(*) FROM Speaker').pluck().get() as number;
  }
}
