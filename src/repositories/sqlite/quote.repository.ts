import type { SqlConnection } from '../../db/database.ts';
import type { Occurrence, QuoteDetail, QuoteRecord, Relay, SearchHit } from '../../domain/models.ts';
import type { QuoteReadRepository, SearchFilters, SearchPage } from '../ports.ts';
import { toFts5Match } from './fts-query.ts';
import {
  asAttributedBy,
  DOCUMENT_COLUMNS,
  QUOTE_COLUMNS,
  QUOTE_JOINS,
  toDocument,
  toOrganization,
  toQuote,
  type DocumentRow,
  type QuoteRow,
} from './rows.ts';
import { MARK_CLOSE, MARK_OPEN, plainSnippet, renderSnippet } from './snippet.ts';
import { StatementCache } from './statements.ts';

/** The date a quote is filed under: when it was said, else when it was first published. */
const QUOTE_DATE = `COALESCE(q.saidOn, (SELECT MIN(d2.publishedOn) FROM Occurrence o2
  JOIN Document d2 ON d2.id = o2.documentId WHERE o2.quoteId = q.id))`;

const FIRST_PUBLISHED = `(SELECT MIN(d3.publishedOn) FROM Occurrence o3
  JOIN Document d3 ON d3.id = o3.documentId WHERE o3.quoteId = q.id)`;

/**
 * Affiliation of the speaker at the quote's date. Partial dates compare by
 * prefix: valid from "2015" covers 2015-01-01 on, valid to "2015" until 2015-12-31.
 */
const AFFILIATED_AT_THE_TIME = `EXISTS (
  SELECT 1 FROM Affiliation af JOIN Organization og ON og.id = af.organizationId
  WHERE af.speakerId = q.speakerId AND (og.slug = @organization OR og.name = @organization COLLATE NOCASE)
    AND (af.validFrom IS NULL OR ${QUOTE_DATE} IS NULL OR af.validFrom <= substr(${QUOTE_DATE}, 1, length(af.validFrom)))
    AND (af.validTo IS NULL OR ${QUOTE_DATE} IS NULL OR substr(${QUOTE_DATE}, 1, length(af.validTo)) <= af.validTo)
) OR EXISTS (
  SELECT 1 FROM Organization og2 WHERE og2.speakerId = q.speakerId
    AND (og2.slug = @organization OR og2.name = @organization COLLATE NOCASE)
)`;

interface FilterSql {
  where: string[];
  params: Record<string, unknown>;
}

function filterSql(filters: SearchFilters, maxId: number): FilterSql {
  const where = ['q.id <= @maxId'];
  const params: Record<string, unknown> = { maxId };
  if (filters.speakerIds !== undefined) {
    // Ids are integers from the database, never user text.
    where.push(`q.speakerId IN (${filters.speakerIds.map((id) => Number(id)).join(',') || 'NULL'})`);
  }
  if (filters.kind !== undefined) {
    where.push('q.kind = @kind');
    params.kind = filters.kind;
  }
  if (filters.from !== undefined) {
    where.push(`${QUOTE_DATE} >= @from`);
    params.from = filters.from;
  }
  if (filters.to !== undefined) {
    where.push(`${QUOTE_DATE} <= @to`);
    params.to = filters.to;
  }
  if (filters.organization !== undefined) {
    where.push(`(${AFFILIATED_AT_THE_TIME})`);
    params.organization = filters.organization;
  }
  return { where, params };
}

interface HitRow extends QuoteRow {
  snippetRaw: string | null;
  rank: number | null;
  firstPublishedOn: string | null;
}

interface OccurrenceRow extends DocumentRow {
  occId: number;
  start: number;
  end: number;
  cueText: string | null;
  cueStart: number | null;
  cueEnd: number | null;
  speakerMentionText: string | null;
  speakerMentionStart: number | null;
  speakerMentionEnd: number | null;
  confidence: number;
  attributedBy: string;
  extractorVersion: string | null;
}

interface RelayRow {
  occurrenceId: number;
  position: number;
  name: string;
  mentionText: string | null;
  mentionStart: number | null;
  mentionEnd: number | null;
  orgId: number | null;
  orgSlug: string | null;
  orgName: string | null;
  orgKind: string | null;
}

const span = (text: string | null, start: number | null, end: number | null) =>
  text === null || start === null || end === null ? null : { text, start, end };

export class SqliteQuoteRepository implements QuoteReadRepository {
  private readonly statements: StatementCache;

  constructor(sql: SqlConnection) {
    this.statements = new StatementCache(sql);
  }

  maxId(): number {
    return (this.statements.get('SELECT COALESCE(MAX(id), 0) FROM Quote').pluck().get() as number) ?? 0;
  }

  search(page: SearchPage): SearchHit[] {
    const { where, params } = filterSql(page.filters, page.maxId);
    const all = { ...params, limit: page.limit, offset: page.offset };
    let rows: HitRow[];
    if (page.query !== null) {
      const text = `SELECT ${QUOTE_COLUMNS}, ${FIRST_PUBLISHED} AS firstPublishedOn,
          snippet(quote_fts, 0, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 40) AS snippetRaw, quote_fts.rank AS rank
        FROM quote_fts JOIN Quote q ON q.id = quote_fts.rowid ${QUOTE_JOINS}
        WHERE quote_fts MATCH @match AND ${where.join(' AND ')}
        ORDER BY quote_fts.rank, q.id DESC LIMIT @limit OFFSET @offset`;
      rows = this.statements.get(text).all({ ...all, match: toFts5Match(page.query) }) as HitRow[];
    } else {
      const text = `SELECT ${QUOTE_COLUMNS}, ${FIRST_PUBLISHED} AS firstPublishedOn, NULL AS snippetRaw, NULL AS rank
        FROM Quote q ${QUOTE_JOINS}
        WHERE ${where.join(' AND ')}
        ORDER BY ${QUOTE_DATE} DESC, q.id DESC LIMIT @limit OFFSET @offset`;
      rows = this.statements.get(text).all(all) as HitRow[];
    }
    return rows.map((r) => ({
      ...toQuote(r),
      snippet: r.snippetRaw === null ? plainSnippet(r.text) : renderSnippet(r.snippetRaw),
      // FTS5's bm25 rank is negative, lower is better; expose it as a positive score.
      score: r.rank === null ? null : Math.round(-r.rank * 1e4) / 1e4,
      firstPublishedOn: r.firstPublishedOn,
    }));
  }

  findById(id: number): QuoteDetail | null {
    const row = this.statements.get(`SELECT ${QUOTE_COLUMNS} FROM Quote q ${QUOTE_JOINS} WHERE q.id = ?`).get(id) as
      | QuoteRow
      | undefined;
    if (row === undefined) return null;
    return { ...toQuote(row), occurrences: this.occurrences(id) };
  }

  bySpeaker(speakerId: number, limit: number): QuoteRecord[] {
    const rows = this.statements
      .get(`SELECT ${QUOTE_COLUMNS} FROM Quote q ${QUOTE_JOINS} WHERE q.speakerId = ? ORDER BY ${QUOTE_DATE} DESC, q.id DESC LIMIT ?`)
      .all(speakerId, limit) as QuoteRow[];
    return rows.map(toQuote);
  }

  /** Occurrences with their documents and relays, earliest publication first. */
  private occurrences(quoteId: number): Occurrence[] {
    const rows = this.statements
      .get(
        `SELECT ${DOCUMENT_COLUMNS}, o.id AS occId, o.start, o."end", o.cueText, o.cueStart, o.cueEnd,
           o.speakerMentionText, o.speakerMentionStart, o.speakerMentionEnd, o.confidence, o.attributedBy, o.extractorVersion
         FROM Occurrence o JOIN Document d ON d.id = o.documentId
         WHERE o.quoteId = ? ORDER BY d.publishedOn IS NULL, d.publishedOn, d.addedAt, o.id`,
      )
      .all(quoteId) as OccurrenceRow[];
    const relays = this.statements
      .get(
        `SELECT r.occurrenceId, r.position, r.name, r.mentionText, r.mentionStart, r.mentionEnd,
           g.id AS orgId, g.slug AS orgSlug, g.name AS orgName, g.kind AS orgKind
         FROM Relay r JOIN Occurrence o ON o.id = r.occurrenceId LEFT JOIN Organization g ON g.id = r.organizationId
         WHERE o.quoteId = ? ORDER BY r.occurrenceId, r.position`,
      )
      .all(quoteId) as RelayRow[];
    const byOccurrence = new Map<number, Relay[]>();
    for (const r of relays) {
      const list = byOccurrence.get(r.occurrenceId) ?? [];
      list.push({
        position: r.position,
        name: r.name,
        organization: r.orgId === null ? null : toOrganization(r.orgId, r.orgSlug ?? '', r.orgName ?? '', r.orgKind),
        mention: span(r.mentionText, r.mentionStart, r.mentionEnd),
      });
      byOccurrence.set(r.occurrenceId, list);
    }
    return rows.map((r) => ({
      id: r.occId,
      document: toDocument(r),
      start: r.start,
      end: r.end,
      cue: span(r.cueText, r.cueStart, r.cueEnd),
      speakerMention: span(r.speakerMentionText, r.speakerMentionStart, r.speakerMentionEnd),
      relays: byOccurrence.get(r.occId) ?? [],
      confidence: r.confidence,
      attributedBy: asAttributedBy(r.attributedBy),
      extractorVersion: r.extractorVersion,
    }));
  }
}
