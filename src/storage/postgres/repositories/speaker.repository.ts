import { foldName } from '../../../domain/text.ts';
import type { Affiliation, SpeakerCandidate, SpeakerDetail, SpeakerKind, SpeakerSummary } from '../../../domain/models.ts';
import type { RelatedSpeaker, SpeakerListing, SpeakerName, SpeakerReadRepository } from '../../ports/index.ts';
import { column, row, rows, value, type Queryable } from '../connection.ts';
import { keepNewestQuote } from '../request-snapshot.ts';
import { AFFILIATION_COLUMNS, SPEAKER_COLUMNS, toAffiliation, toSpeaker, type AffiliationRow, type SpeakerRow } from './rows.ts';
import { toRelatedSpeaker, type RelatedSpeakerRow } from '../../shared/rows.ts';
import { bestNames, closeSpellings, FUZZY_POOL, rankCandidates, type AliasMatch } from '../../shared/speaker-candidates.ts';


/** `%` and `_` as themselves in a LIKE pattern (escape character `\`). */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export class PostgresSpeakerRepository implements SpeakerReadRepository {
  constructor(private readonly db: Queryable) {}

  async findByRef(ref: string): Promise<SpeakerDetail | null> {
    // The speaker and their quote count in one statement: one view of the data, even while a merge commits.
    const withCount = `SELECT ${SPEAKER_COLUMNS}, (SELECT count(*) FROM quote q WHERE q.speaker_id = s.id) AS quote_count FROM speaker s`;
    const r = /^\d+$/.test(ref)
      ? await row<SpeakerRow & { quote_count: number }>(this.db, `${withCount} WHERE s.id = $1`, [Number(ref)])
      : await row<SpeakerRow & { quote_count: number }>(this.db, `${withCount} WHERE s.slug = $1`, [ref]);
    if (r === null) return null;
    const [aliases, externalIds, affiliations] = await Promise.all([
      column<string>(this.db, 'SELECT alias FROM speaker_alias WHERE speaker_id = $1 ORDER BY id', [r.id]),
      rows<{ scheme: string; value: string }>(this.db, 'SELECT scheme, value FROM external_id WHERE speaker_id = $1 ORDER BY scheme COLLATE "C", value COLLATE "C"', [r.id]),
      this.affiliations(r.id),
    ]);
    return { ...toSpeaker(r), aliases: aliases.filter((a) => a !== r.name), externalIds, affiliations, quoteCount: r.quote_count };
  }

  async resolveIds(ref: string): Promise<number[]> {
    const trimmed = ref.trim();
    if (/^\d+$/.test(trimmed)) return column<number>(this.db, 'SELECT id FROM speaker WHERE id = $1', [Number(trimmed)]);
    // A slug the speaker left (merged, renamed) still names them.
    const bySlug = await value<number>(this.db, 'SELECT id FROM speaker WHERE slug = $1 UNION ALL SELECT speaker_id FROM speaker_redirect WHERE slug = $1 LIMIT 1', [trimmed]);
    if (bySlug !== null) return [bySlug];
    const folded = foldName(trimmed);
    if (folded === '') return [];
    return column<number>(this.db, 'SELECT DISTINCT speaker_id FROM speaker_alias WHERE normalized = $1 ORDER BY speaker_id', [folded]);
  }

  async candidates(text: string, limit: number): Promise<SpeakerCandidate[]> {
    const folded = foldName(text);
    if (folded === '') return [];
    const [literal, fuzzy] = await Promise.all([this.literalMatches(folded), this.fuzzyMatches(folded)]);
    const best = bestNames([...literal, ...fuzzy]);
    if (best.size === 0) return [];
    const found = await rows<SpeakerRow & { quoteCount: number }>(
      this.db,
      `SELECT ${SPEAKER_COLUMNS}, (SELECT count(*) FROM quote q WHERE q.speaker_id = s.id) AS "quoteCount"
       FROM speaker s WHERE s.id = ANY($1::int[])`,
      [[...best.keys()]],
    );
    return Promise.all(
      rankCandidates(best, found, limit).map(async ({ row: r, alias, score }) => ({
        ...toSpeaker(r),
        matchedAlias: alias,
        score,
        quoteCount: r.quoteCount,
        affiliations: await this.affiliations(r.id),
      })),
    );
  }

  /** Exact name/alias (1), names starting with the text (0.8), names with a word starting with it (0.6). */
  private literalMatches(folded: string): Promise<AliasMatch[]> {
    const like = escapeLike(folded);
    return rows<AliasMatch>(
      this.db,
      `SELECT speaker_id AS "speakerId", alias, CASE WHEN normalized = $1 THEN 1.0 WHEN normalized LIKE $2 THEN 0.8 ELSE 0.6 END::float8 AS score
       FROM speaker_alias WHERE normalized = $1 OR normalized LIKE $2 OR normalized LIKE $3 LIMIT 500`,
      [folded, `${like}%`, `% ${like}%`],
    );
  }

  /**
   * Spellings close to the text ("yuri ushakov" ~ "yury ushakov"): candidates from the trigram
   * index, scored by edit distance (1 − distance / length of the longer), kept from 0.6.
   */
  private async fuzzyMatches(folded: string): Promise<AliasMatch[]> {
    if (folded.length < 3) return [];
    const found = await rows<{ speakerId: number; alias: string; normalized: string }>(
      this.db,
      `SELECT speaker_id AS "speakerId", alias, normalized FROM speaker_alias WHERE normalized % $1
       ORDER BY similarity(normalized, $1) DESC, id LIMIT ${FUZZY_POOL}`,
      [folded],
    );
    return closeSpellings(folded, found);
  }

  resolveOrganizationIds(ref: string): Promise<number[]> {
    return column<number>(this.db, 'SELECT id FROM organization WHERE slug = $1 OR lower(name) = lower($1) ORDER BY id', [ref.trim()]);
  }

  async bySurname(surname: string, limit: number): Promise<{ speaker: SpeakerSummary; aliases: string[] }[]> {
    const word = foldName(surname);
    if (word === '' || word.includes(' ')) return [];
    const like = escapeLike(word);
    const [first, last] = await Promise.all([
      column<number>(this.db, 'SELECT DISTINCT speaker_id FROM speaker_alias WHERE normalized LIKE $1 LIMIT 200', [`${like} %`]),
      word.length < 3 ? Promise.resolve([]) : column<number>(this.db, 'SELECT DISTINCT speaker_id FROM speaker_alias WHERE normalized LIKE $1 LIMIT 500', [`% ${like}`]),
    ]);
    const ids = [...new Set([...first, ...last])].slice(0, limit);
    if (ids.length === 0) return [];
    const found = await rows<SpeakerRow & { aliases: string[] }>(
      this.db,
      `SELECT ${SPEAKER_COLUMNS}, ARRAY(SELECT alias FROM speaker_alias a WHERE a.speaker_id = s.id ORDER BY a.id) AS aliases
       FROM speaker s WHERE s.id = ANY($1::int[]) AND s.kind = 'person' ORDER BY s.id`,
      [ids],
    );
    return found.map((r) => ({ speaker: toSpeaker(r), aliases: r.aliases }));
  }

  async related(speakerId: number, limit: number): Promise<RelatedSpeaker[]> {
    const found = await rows<RelatedSpeakerRow>(
      this.db,
      `(SELECT 'member' AS relation, a.role, ${SPEAKER_COLUMNS}, o.id AS "orgId", o.slug AS "orgSlug", o.name AS "orgName", o.kind AS "orgKind"
          FROM organization o JOIN affiliation a ON a.organization_id = o.id JOIN speaker s ON s.id = a.speaker_id
         WHERE o.speaker_id = $1 AND s.id <> $1 ORDER BY a.id)
       UNION ALL
       (SELECT 'organization' AS relation, a.role, ${SPEAKER_COLUMNS}, o.id AS "orgId", o.slug AS "orgSlug", o.name AS "orgName", o.kind AS "orgKind"
          FROM affiliation a JOIN organization o ON o.id = a.organization_id JOIN speaker s ON s.id = o.speaker_id
         WHERE a.speaker_id = $1 AND s.id <> $1 ORDER BY a.id)
       LIMIT $2`,
      [speakerId, limit],
    );
    return found.map(toRelatedSpeaker);
  }

  async affiliations(speakerId: number): Promise<Affiliation[]> {
    const found = await rows<AffiliationRow>(
      this.db,
      `SELECT ${AFFILIATION_COLUMNS} FROM affiliation a JOIN organization o ON o.id = a.organization_id
       WHERE a.speaker_id = $1 ORDER BY COALESCE(a.valid_from, '') COLLATE "C", a.id`,
      [speakerId],
    );
    return found.map(toAffiliation);
  }

  async namesVersion(): Promise<string> {
    // Ingest only adds aliases, so the highest id tells whether any arrived; an editor's change of names moves the epoch.
    // The newest quote id comes along: a search reads it next, as its snapshot (request-snapshot.ts).
    const found = await row<{ version: string; newest: number }>(
      this.db,
      `SELECT COALESCE((SELECT max(id) FROM speaker_alias), 0) || ':' || COALESCE((SELECT value FROM change_epoch WHERE name = 'speakers'), 0) AS version,
         COALESCE((SELECT max(id) FROM quote), 0) AS newest`,
    );
    if (found === null) return '0:0';
    keepNewestQuote(found.newest);
    return found.version;
  }

  async redirect(ref: string): Promise<SpeakerSummary | null> {
    const r = /^\d+$/.test(ref)
      ? await row<SpeakerRow>(this.db, `SELECT ${SPEAKER_COLUMNS} FROM speaker_redirect r JOIN speaker s ON s.id = r.speaker_id WHERE r.from_speaker_id = $1`, [Number(ref)])
      : await row<SpeakerRow>(this.db, `SELECT ${SPEAKER_COLUMNS} FROM speaker_redirect r JOIN speaker s ON s.id = r.speaker_id WHERE r.slug = $1`, [ref]);
    return r === null ? null : toSpeaker(r);
  }

  async names(): Promise<SpeakerName[]> {
    const found = await rows<{ speaker_id: number; kind: string; alias: string; normalized: string }>(
      this.db,
      'SELECT a.speaker_id, s.kind, a.alias, a.normalized FROM speaker_alias a JOIN speaker s ON s.id = a.speaker_id ORDER BY a.id',
    );
    return found.map((r) => ({ speakerId: r.speaker_id, kind: r.kind as SpeakerKind, alias: r.alias, normalized: r.normalized }));
  }

  async summaries(ids: readonly number[]): Promise<SpeakerSummary[]> {
    if (ids.length === 0) return [];
    const found = await rows<SpeakerRow>(
      this.db,
      `SELECT ${SPEAKER_COLUMNS} FROM unnest($1::int[]) WITH ORDINALITY AS j(id, n) JOIN speaker s ON s.id = j.id ORDER BY j.n`,
      [ids],
    );
    return found.map(toSpeaker);
  }

  async list(limit: number, offset: number): Promise<SpeakerListing[]> {
    const found = await rows<SpeakerRow & { quote_count: number }>(
      this.db,
      `SELECT ${SPEAKER_COLUMNS}, (SELECT count(*) FROM quote q WHERE q.speaker_id = s.id) AS quote_count
       FROM speaker s ORDER BY lower(s.name) COLLATE "C", s.id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return found.map((r) => ({ ...toSpeaker(r), quoteCount: r.quote_count }));
  }

  async count(): Promise<number> {
    return (await value<number>(this.db, 'SELECT count(*) FROM speaker')) ?? 0;
  }
}
