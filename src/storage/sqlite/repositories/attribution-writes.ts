import { assertEvidence } from '../../../domain/evidence.ts';
import type { WriteContext, WriteSteps } from '../sql-writer.ts';
import type { NewAttribution, NewCitedQuote, QuoteFields, SavedAttribution, SavedCitedQuote } from '../../ports/index.ts';
import { INDEX_QUOTE_SQL, INDEX_QUOTES_AFTER_SQL, indexQuotesSql, refreshFiledOnSql, refreshTagsSql, unindexQuotesSql } from '../search/search-index.sql.ts';
import { statusOnArrival } from '../../../domain/status.ts';
import { INGEST_SQL } from './ingest.sql.ts';
import { DocumentTags, NewQuoteTags } from './new-quote-tags.ts';
import type { SpeakerWrites } from './speaker-writes.ts';
import type { WriteStatements } from './write-statements.ts';

/**
 * A document created in the current transaction: what its new quotes' search tags take from it, the
 * occurrences recorded in it so far (quote:start:end), the transaction's tags (`newTags`), and when its
 * new quotes are indexed for search: as each is inserted (`indexedAfter` null), or by the transaction at
 * its end, in one statement for all the quotes after `indexedAfter` (`syncSaved`).
 */
export interface FreshDocument {
  publishedOn: string | null;
  outlet: string | null;
  language: string;
  occurrences: Set<string>;
  tags: NewQuoteTags;
  indexedAfter: number | null;
}

/** The last quote id so far: every quote a transaction creates after reading it has a greater one (AUTOINCREMENT). */
const MAX_QUOTE_ID_SQL = 'SELECT COALESCE(MAX(id), 0) FROM Quote';

/** A stored quote found by its words. */
interface KnownQuote {
  id: number;
  variantOfId: number | null;
}

/** Quotes with their occurrences and relays, written inside the caller's transaction, with their search index entries. */
export class AttributionWrites {
  /** What a document's outlet and language add to its new quotes' tags, for every transaction. */
  private readonly documentTags: DocumentTags;

  constructor(
    private readonly sql: WriteStatements,
    private readonly speakers: SpeakerWrites,
    /** The review threshold: attributions less certain are stored as needs_review (statusOnArrival). */
    private readonly reviewBelow: number,
  ) {
    this.documentTags = new DocumentTags(sql);
  }

  /** The search tags of the quotes a transaction creates: one for each transaction. */
  newTags(): NewQuoteTags {
    return new NewQuoteTags(this.sql, () => this.speakers.changes, this.documentTags);
  }

  /**
   * Stores one attribution: its quote unless the speaker's same words are
   * stored, then its occurrence and relays. `documentText`: the text of
   * `a.documentId`, which must hold the quote's words at the offsets (the
   * evidence invariant, src/domain/evidence.ts), else nothing is written. `fresh`: set when the document was
   * created in this transaction; then only an occurrence recorded earlier in
   * it can exist, its audit row records this write (the quotes and
   * occurrences an ingest creates are reached from it through
   * Occurrence.documentId), and a new quote is filed under its date, tagged
   * and indexed for search at once (its one document gives it the values the
   * set-based refresh of `syncSaved` would).
   */
  save(ctx: WriteContext, a: NewAttribution, fresh: FreshDocument | null, documentText: string): SavedAttribution {
    assertEvidence(documentText, a);
    // A document created in this transaction has no tombstones: only one stored before can.
    if (fresh === null) {
      const withdrawnIn = this.sql.id(INGEST_SQL.tombstoneFor, a.documentId, a.start, a.end, a.speakerId);
      if (withdrawnIn !== null) {
        const occurrenceId = this.sql.id(INGEST_SQL.occurrenceByKey, withdrawnIn, a.documentId, a.start, a.end) ?? 0;
        return { quoteId: withdrawnIn, occurrenceId, quoteCreated: false, variantOf: null, occurrenceCreated: false, withdrawn: true };
      }
    }
    const status = statusOnArrival(a.confidence, this.reviewBelow);
    // A variant links to its cluster's root, so links never chain; a stale or another speaker's id links nothing.
    const variantOf = a.variantOf === undefined ? null : this.sql.id(INGEST_SQL.variantRoot, a.variantOf, a.speakerId);
    const filedOn = fresh === null ? null : (a.saidOn ?? fresh.publishedOn);
    const searchTags =
      fresh === null
        ? ''
        : fresh.tags.of({ speakerId: a.speakerId, kind: a.kind, filedOn, status, document: { id: a.documentId, outlet: fresh.outlet, language: fresh.language } });
    const { quoteId, quoteCreated, variantOfId: linkedTo } = this.insertQuote(ctx, a, filedOn, searchTags, status, variantOf);
    if (quoteCreated) {
      if (fresh === null) this.sql.audit(ctx, 'create', 'Quote', quoteId);
      // One row at a time: a statement writing several rows would open a savepoint (see SQL above).
      else if (fresh.indexedAfter === null) this.sql.run(INDEX_QUOTE_SQL, quoteId, a.text, searchTags);
    }
    const key = `${quoteId}:${a.start}:${a.end}`;
    const mayExist = fresh === null || fresh.occurrences.has(key);
    fresh?.occurrences.add(key);
    const existingOccurrence = mayExist ? this.sql.id(INGEST_SQL.occurrenceByKey, quoteId, a.documentId, a.start, a.end) : null;
    if (existingOccurrence !== null) return { quoteId, occurrenceId: existingOccurrence, quoteCreated: false, variantOf: linkedTo, occurrenceCreated: false, withdrawn: false };
    const occurrenceId = this.sql.insert(
      INGEST_SQL.insertOccurrence,
      quoteId,
      a.documentId,
      a.start,
      a.end,
      a.cue?.text ?? null,
      a.cue?.start ?? null,
      a.cue?.end ?? null,
      a.speakerMention?.text ?? null,
      a.speakerMention?.start ?? null,
      a.speakerMention?.end ?? null,
      a.confidence,
      a.attributedBy,
      a.extractorVersion,
      status,
      ctx.now,
    );
    if (fresh === null) this.sql.audit(ctx, 'create', 'Occurrence', occurrenceId);
    for (const [index, relay] of a.relays.entries()) {
      const organizationId = relay.organization ? this.speakers.organization(ctx, relay.organization) : null;
      this.sql.run(
        INGEST_SQL.insertRelay,
        occurrenceId,
        index + 1,
        relay.name,
        organizationId,
        relay.mention?.text ?? null,
        relay.mention?.start ?? null,
        relay.mention?.end ?? null,
      );
    }
    return { quoteId, occurrenceId, quoteCreated, variantOf: linkedTo, occurrenceCreated: true, withdrawn: false };
  }

  /**
   * Stores quotes known only from citations, or adds the citations they lack to the speakers' same words,
   * inside the caller's transaction, in steps of one quote. A new one is filed under its date and tagged (speaker, kind,
   * organisations; no outlet or language: no document is held) as it is inserted; then the new quotes'
   * audit rows and search index entries are written in a statement each, for all of them (the index's
   * statement last in the transaction: a statement writing several rows opens a savepoint, where FTS5
   * would write what it holds). Citations change neither, so a stored quote is not re-indexed.
   */
  *saveCitedQuotes(ctx: WriteContext, quotes: readonly NewCitedQuote[]): WriteSteps<SavedCitedQuote[]> {
    const tags = this.newTags();
    const before = this.lastQuoteId();
    const saved: SavedCitedQuote[] = [];
    for (const q of quotes) {
      yield;
      saved.push(this.saveCited(ctx, q, tags));
    }
    if (saved.some((s) => s.quoteCreated)) {
      this.sql.auditQuotesAfter(ctx, before);
      this.sql.run(INDEX_QUOTES_AFTER_SQL, before);
    }
    return saved;
  }

  /** The last quote id so far: the quotes the transaction creates from now on have greater ones. */
  lastQuoteId(): number {
    return this.sql.cache.get(MAX_QUOTE_ID_SQL).pluck().get() as number;
  }

  /** One quote of `saveCitedQuotes`, its audit row and index entry left to it. */
  private saveCited(ctx: WriteContext, quote: NewCitedQuote, tags: NewQuoteTags): SavedCitedQuote {
    // The source's most confident citation decides, as an attribution's confidence does on the write path.
    const status = statusOnArrival(Math.max(...quote.citations.map((c) => c.confidence)), this.reviewBelow);
    // As FILED_ON_SQL files it: said on, else the earliest day it was seen cited.
    const seen = quote.citations.map((c) => c.seenOn?.slice(0, 10)).filter((d): d is string => d !== undefined).sort();
    const filedOn = quote.saidOn ?? seen[0] ?? null;
    const searchTags = tags.of({ speakerId: quote.speakerId, kind: quote.kind, filedOn, status, document: null });
    const { quoteId, quoteCreated } = this.insertQuote(ctx, quote, filedOn, searchTags, status, null);
    let citationsCreated = 0;
    for (const c of quote.citations) {
      citationsCreated += this.sql.run(INGEST_SQL.insertCitation, quoteId, c.url, c.seenOn, c.confidence, c.source, c.sourceQuoteId, ctx.now).changes;
    }
    return { quoteId, quoteCreated, citationsCreated };
  }

  /**
   * Inserts the quote unless the speaker's same words are stored: known words are one quote, which keeps
   * its status and its variant link (returned as `variantOfId`).
   */
  private insertQuote(
    ctx: WriteContext,
    q: QuoteFields,
    filedOn: string | null,
    searchTags: string,
    status: string,
    variantOf: number | null,
  ): { quoteId: number; quoteCreated: boolean; variantOfId: number | null } {
    const inserted = this.sql.run(
      INGEST_SQL.insertQuote,
      q.speakerId,
      q.aboutSpeakerId,
      q.text,
      q.normalizedText,
      q.normalizedHash,
      q.kind,
      q.saidOn,
      q.venue,
      filedOn,
      searchTags,
      status,
      variantOf,
      ctx.now,
      ctx.now,
    );
    if (inserted.changes > 0) return { quoteId: Number(inserted.lastInsertRowid), quoteCreated: true, variantOfId: variantOf };
    const known = this.sql.cache.get(INGEST_SQL.quoteByHash).get(q.normalizedHash, q.speakerId) as KnownQuote;
    return { quoteId: known.id, quoteCreated: false, variantOfId: known.variantOfId };
  }

  /**
   * Re-indexes the quotes that gained an occurrence (its filing date, outlets
   * and languages can change), all at once, in the order every index change
   * follows (search-index.sql.ts). Only quotes that existed before the
   * occurrence can be in the index already, so only they are taken out.
   * `newQuotes`: how the new quotes of fresh documents were indexed ('inserted': filed, tagged and indexed at
   * insert, see save; so only the older ones are left), or the id after which this transaction's quotes are
   * not indexed yet: they are refreshed like the others when a later document of the transaction gave
   * them another occurrence, and then all indexed here, last (INDEX_QUOTES_AFTER_SQL: a statement writing
   * several rows opens a savepoint, where FTS5 writes what it holds, so none may come after).
   */
  syncSaved(saved: readonly SavedAttribution[], newQuotes: 'inserted' | { indexedAfter: number } | null): void {
    const indexedAfter = newQuotes === null || newQuotes === 'inserted' ? Number.POSITIVE_INFINITY : newQuotes.indexedAfter;
    const stale = saved.filter((s) => s.occurrenceCreated && !(newQuotes !== null && s.quoteCreated));
    if (stale.length > 0) {
      const touched = [...new Set(stale.map((s) => s.quoteId))];
      const older = [...new Set(stale.filter((s) => !s.quoteCreated && s.quoteId <= indexedAfter).map((s) => s.quoteId))];
      const indexed = touched.filter((id) => id <= indexedAfter);
      if (older.length > 0) this.sql.run(unindexQuotesSql('ids'), JSON.stringify(older));
      this.sql.run(refreshFiledOnSql('ids'), JSON.stringify(touched));
      this.sql.run(refreshTagsSql('ids'), JSON.stringify(touched));
      if (indexed.length > 0) this.sql.run(indexQuotesSql('ids'), JSON.stringify(indexed));
    }
    if (newQuotes !== null && newQuotes !== 'inserted' && saved.some((s) => s.quoteCreated)) this.sql.run(INDEX_QUOTES_AFTER_SQL, newQuotes.indexedAfter);
  }
}
