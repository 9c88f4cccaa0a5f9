/**
 * The SQL that keeps the quote search index (`quote_fts`) in step with the
 * data. One definition serves every write path: the raw ingest writer (the
 * quotes a transaction touched, or a speaker's), the Prisma writes (one quote),
 * both in the write's transaction; the `reindex` command and the bulk corpus
 * loader (all quotes, set-based). The migration that created the index holds a
 * frozen copy.
 *
 * `quote_fts` is an external-content index over "Quote"(text, searchTags).
 * Removing a row from it needs the values it was indexed with, so every
 * change follows the same order: unindex with the stored values, recompute
 * filedOn and searchTags, index again. A quote is indexed exactly when its
 * searchTags is not '' (tags always hold at least the speaker).
 */

/** Single-token tags of the filter column; `tagToken` builds the same tokens from user input. */
export const TAG_PREFIX = {
  speaker: 'sp',
  organization: 'or',
  outlet: 'ou',
  language: 'la',
  kind: 'ki',
  status: 'st',
} as const;

/**
 * The status token of a quote's tags: none for active (most quotes: their
 * tags, and the index of a database from before statuses, stay as they
 * were), "st" and the status without its underscore otherwise ("stretracted",
 * "stneedsreview"). `statusToken` builds the same from a status.
 */
export function statusToken(status: string): string | null {
  return status === 'active' ? null : `${TAG_PREFIX.status}${status.replace(/_/g, '')}`;
}

/**
 * Lower-cases ASCII only (SQLite's lower() without ICU) and hex-encodes the
 * UTF-8 bytes, so any outlet or language name becomes one alphanumeric token.
 */
export function tagToken(prefix: string, value: string): string {
  const folded = value.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  return `${prefix}${Buffer.from(folded, 'utf8').toString('hex')}`;
}

/**
 * The date a quote is filed under: said on, else its earliest publication, else (a quote known only from
 * citations) the earliest day a source saw it cited.
 */
export const FILED_ON_SQL = `COALESCE(q.saidOn, (SELECT MIN(d.publishedOn) FROM Occurrence o
  JOIN Document d ON d.id = o.documentId WHERE o.quoteId = q.id),
  (SELECT MIN(substr(c.seenOn, 1, 10)) FROM Citation c WHERE c.quoteId = q.id))`;

/** How the tag SQL names a quote's own values: columns of the row `q`, or a new quote's parameters. */
interface QuoteValues {
  speakerId: string;
  kind: string;
  filedOn: string;
  status: string;
}

const ROW: QuoteValues = { speakerId: 'q.speakerId', kind: 'q.kind', filedOn: 'q.filedOn', status: 'q.status' };

/**
 * An affiliation `af` of the quote's speaker held on the quote's date: partial
 * dates compare by prefix; no date matches all.
 */
function heldAtTheTime(q: QuoteValues): string {
  return `af.speakerId = ${q.speakerId}
  AND (af.validFrom IS NULL OR ${q.filedOn} IS NULL OR af.validFrom <= substr(${q.filedOn}, 1, length(af.validFrom)))
  AND (af.validTo IS NULL OR ${q.filedOn} IS NULL OR substr(${q.filedOn}, 1, length(af.validTo)) <= af.validTo)`;
}

/** The tags of the quote itself: speaker, kind, status (statusToken). */
function headTagsSql(q: QuoteValues): string {
  return `'sp' || ${q.speakerId} || ' ki' || ${q.kind}
  || CASE WHEN ${q.status} = 'active' THEN '' ELSE ' st' || replace(${q.status}, '_', '') END`;
}

/** The outlets of `documents` (a FROM … WHERE naming the quote's documents `d`). */
function outletTagsSql(documents: string): string {
  return `COALESCE((SELECT group_concat(DISTINCT 'ou' || lower(hex(lower(trim(d.outlet)))))
      FROM ${documents} AND trim(COALESCE(d.outlet, '')) <> ''), '')`;
}

/** The languages of `documents`. */
function languageTagsSql(documents: string): string {
  return `COALESCE((SELECT group_concat(DISTINCT 'la' || lower(hex(lower(trim(d.language))))) FROM ${documents}), '')`;
}

/** The organisations the speaker held or spoke for when the words were said. */
function organizationTagsSql(q: QuoteValues): string {
  const organizations = `SELECT af.organizationId FROM Affiliation af WHERE ${heldAtTheTime(q)}
  UNION SELECT og.id FROM Organization og WHERE og.speakerId = ${q.speakerId}`;
  return `COALESCE((SELECT group_concat('or' || organizationId) FROM (${organizations})), '')`;
}

/**
 * The quote's search tags: its own (headTagsSql), the outlets and languages of `documents` (a FROM …
 * WHERE naming the quote's documents `d`), the organisations of its speaker at the time; four parts
 * joined by a space each (NewQuoteTags joins parts computed apart the same way).
 */
function tagsSql(q: QuoteValues, documents: string): string {
  return `${headTagsSql(q)}
  || ' ' || ${outletTagsSql(documents)}
  || ' ' || ${languageTagsSql(documents)}
  || ' ' || ${organizationTagsSql(q)}`;
}

/** The tags of a stored quote `q`, from the documents of its occurrences. */
export const TAGS_SQL = tagsSql(ROW, 'Occurrence o JOIN Document d ON d.id = o.documentId WHERE o.quoteId = q.id');

// A JavaScript number is bound as a REAL: 'sp' || 5.0 would make the token "sp5.0".
const NEW_QUOTE: QuoteValues = { speakerId: 'CAST(@speakerId AS INTEGER)', kind: '@kind', filedOn: '@filedOn', status: '@status' };

/**
 * The tags a new quote gets from its first document (@documentId): what
 * TAGS_SQL gives once its occurrence there is stored. Parameters @speakerId,
 * @kind, @filedOn, @status, @documentId.
 */
export const NEW_QUOTE_TAGS_SQL = `SELECT ${tagsSql(NEW_QUOTE, 'Document d WHERE d.id = @documentId')}`;

/**
 * NEW_QUOTE_TAGS_SQL in parts, for the quotes of a transaction that share them: `head` and
 * `organizations` of a new quote (parameters @speakerId, @kind, @filedOn, @status), and `outlets` and
 * `languages` of a document's @outlet and @language as its row holds them. The tags are
 * `${head} ${outlets} ${languages} ${organizations}`, as tagsSql joins them.
 */
export const NEW_QUOTE_OWN_TAGS_SQL = `SELECT ${headTagsSql(NEW_QUOTE)} AS head, ${organizationTagsSql(NEW_QUOTE)} AS organizations`;
const DOCUMENT_VALUES = '(SELECT @outlet AS outlet, @language AS language) d WHERE 1';
export const DOCUMENT_TAGS_SQL = `SELECT ${outletTagsSql(DOCUMENT_VALUES)} AS outlets, ${languageTagsSql(DOCUMENT_VALUES)} AS languages`;

export type QuoteSelection = 'one' | 'ids' | 'speaker' | 'all';

const WHERE: Record<QuoteSelection, string> = {
  one: 'q.id = ?',
  // A JSON array of ids, bound as one parameter.
  ids: 'q.id IN (SELECT value FROM json_each(?))',
  speaker: 'q.speakerId = ?',
  all: '1',
};

/** Removes the selected quotes from the index, with the values they were indexed with. */
export function unindexQuotesSql(selection: QuoteSelection): string {
  return `INSERT INTO quote_fts(quote_fts, rowid, text, searchTags)
    SELECT 'delete', q.id, q.text, q.searchTags FROM Quote q WHERE ${WHERE[selection]} AND q.searchTags <> ''`;
}

/** Recomputes `filedOn` of the selected quotes (before their tags: organisations depend on it). */
export function refreshFiledOnSql(selection: QuoteSelection): string {
  return `UPDATE Quote AS q SET filedOn = ${FILED_ON_SQL} WHERE ${WHERE[selection]}`;
}

export function refreshTagsSql(selection: QuoteSelection): string {
  return `UPDATE Quote AS q SET searchTags = ${TAGS_SQL} WHERE ${WHERE[selection]}`;
}

/**
 * The values the selected quotes are indexed with (id, text, searchTags), in id order: a re-index done
 * quote by quote reads them before and after refreshing, and takes each quote out and puts it back in turn.
 */
export function indexedValuesSql(selection: QuoteSelection): string {
  return `SELECT q.id, q.text, q.searchTags FROM Quote q WHERE ${WHERE[selection]} AND q.searchTags <> '' ORDER BY q.id`;
}

/** Removes one quote from the index with the values it was indexed with: (id, text, searchTags). */
export const UNINDEX_QUOTE_SQL = `INSERT INTO quote_fts(quote_fts, rowid, text, searchTags) VALUES ('delete', ?, ?, ?)`;

/** Indexes one quote with the values it is stored with: (id, text, searchTags). */
export const INDEX_QUOTE_SQL = 'INSERT INTO quote_fts(rowid, text, searchTags) VALUES (?, ?, ?)';

/**
 * Indexes the quotes after an id (one parameter) with the values they are stored with: the quotes a
 * transaction created, all in one statement, once nothing else of the transaction writes the index.
 */
export const INDEX_QUOTES_AFTER_SQL = `INSERT INTO quote_fts(rowid, text, searchTags)
  SELECT q.id, q.text, q.searchTags FROM Quote q WHERE q.id > ? AND q.searchTags <> '' ORDER BY q.id`;

/** Adds the selected quotes to the index (after unindexing and refreshing them). */
export function indexQuotesSql(selection: QuoteSelection): string {
  return `INSERT INTO quote_fts(rowid, text, searchTags) SELECT q.id, q.text, q.searchTags FROM Quote q WHERE ${WHERE[selection]}`;
}

const syncStatements = (selection: QuoteSelection): readonly string[] => [
  unindexQuotesSql(selection),
  refreshFiledOnSql(selection),
  refreshTagsSql(selection),
  indexQuotesSql(selection),
];
const SYNC_SQL: Record<QuoteSelection, readonly string[]> = {
  one: syncStatements('one'),
  ids: syncStatements('ids'),
  speaker: syncStatements('speaker'),
  all: syncStatements('all'),
};

/**
 * The statements that re-index the selected quotes, in order (out with the old
 * values, filing date and tags recomputed, in again), each taking the
 * selection's one parameter (none for 'all'). Built once: callers cache
 * prepared statements by their text.
 */
export function syncQuotesSql(selection: QuoteSelection): readonly string[] {
  return SYNC_SQL[selection];
}

/** Re-reads every row of "Quote" into the index (after refreshing all tags). */
export const REBUILD_INDEX_SQL = `INSERT INTO quote_fts(quote_fts) VALUES ('rebuild')`;

/** Merges the index's segments into one: faster queries after a bulk load or rebuild. */
export const OPTIMIZE_INDEX_SQL = `INSERT INTO quote_fts(quote_fts) VALUES ('optimize')`;
