import { assertEvidence } from '../../../domain/evidence.ts';
import type { WriteContext } from '../sql-writer.ts';
import type { NewAttribution, SavedAttribution } from '../../ports/index.ts';
import { INDEX_QUOTE_SQL, indexQuotesSql, NEW_QUOTE_TAGS_SQL, refreshFiledOnSql, refreshTagsSql, unindexQuotesSql } from '../search/search-index.sql.ts';
import { statusOnArrival } from '../../../domain/status.ts';
import { INGEST_SQL } from './ingest.sql.ts';
import type { SpeakerWrites } from './speaker-writes.ts';
import type { WriteStatements } from './write-statements.ts';

/**
 * A document created in the current transaction: its date, the occurrences
 * recorded in it so far (quote:start:end), and the search tags its new quotes
 * get, by speaker, kind and filing date.
 */
export interface FreshDocument {
  publishedOn: string | null;
  occurrences: Set<string>;
  tags: Map<string, string>;
}

/** A stored quote found by its words. */
interface KnownQuote {
  id: number;
  variantOfId: number | null;
}

/** Quotes with their occurrences and relays, written inside the caller's transaction, with their search index entries. */
export class AttributionWrites {
  constructor(
    private readonly sql: WriteStatements,
    private readonly speakers: SpeakerWrites,
    /** The review threshold: attributions less certain are stored as needs_review (statusOnArrival). */
    private readonly reviewBelow: number,
  ) {}

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
    const searchTags = fresh === null ? '' : this.newQuoteTags(fresh, a, filedOn, status);
    const inserted = this.sql.run(
      INGEST_SQL.insertQuote,
      a.speakerId,
      a.aboutSpeakerId,
      a.text,
      a.normalizedText,
      a.normalizedHash,
      a.kind,
      a.saidOn,
      a.venue,
      filedOn,
      searchTags,
      status,
      variantOf,
      ctx.now,
      ctx.now,
    );
    const quoteCreated = inserted.changes > 0;
    // Known words (the same speaker's, same normalised text) get a new occurrence, not a new quote.
    const known = quoteCreated ? null : (this.sql.cache.get(INGEST_SQL.quoteByHash).get(a.normalizedHash, a.speakerId) as KnownQuote);
    const quoteId = known === null ? Number(inserted.lastInsertRowid) : known.id;
    const linkedTo = known === null ? variantOf : known.variantOfId;
    if (quoteCreated) {
      if (fresh === null) this.sql.audit(ctx, 'create', 'Quote', quoteId);
      // One row at a time: a statement writing several rows would open a savepoint (see SQL above).
      else this.sql.run(INDEX_QUOTE_SQL, quoteId, a.text, searchTags);
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

  /** The search tags of a new quote in `fresh` (NEW_QUOTE_TAGS_SQL), computed once per speaker, kind and date. */
  private newQuoteTags(fresh: FreshDocument, a: NewAttribution, filedOn: string | null, status: string): string {
    const key = `${a.speakerId}\t${a.kind}\t${filedOn ?? ''}\t${status}`;
    let tags = fresh.tags.get(key);
    if (tags === undefined) {
      tags = this.sql.cache
        .get(NEW_QUOTE_TAGS_SQL)
        .pluck()
        .get({ speakerId: a.speakerId, kind: a.kind, filedOn, status, documentId: a.documentId }) as string;
      fresh.tags.set(key, tags);
    }
    return tags;
  }

  /**
   * Re-indexes the quotes that gained an occurrence (its filing date, outlets
   * and languages can change), all at once, in the order every index change
   * follows (search-index.sql.ts). Only quotes that existed before the
   * occurrence can be in the index already, so only they are taken out.
   * `newQuotesIndexed`: the new quotes were filed, tagged and indexed at
   * insert (a new document's, see saveAttribution), so only the older ones
   * are left.
   */
  syncSaved(saved: readonly SavedAttribution[], newQuotesIndexed: boolean): void {
    const stale = saved.filter((s) => s.occurrenceCreated && !(newQuotesIndexed && s.quoteCreated));
    if (stale.length === 0) return;
    const touched = JSON.stringify([...new Set(stale.map((s) => s.quoteId))]);
    const older = [...new Set(stale.filter((s) => !s.quoteCreated).map((s) => s.quoteId))];
    if (older.length > 0) this.sql.run(unindexQuotesSql('ids'), JSON.stringify(older));
    this.sql.run(refreshFiledOnSql('ids'), touched);
    this.sql.run(refreshTagsSql('ids'), touched);
    this.sql.run(indexQuotesSql('ids'), touched);
  }
}
