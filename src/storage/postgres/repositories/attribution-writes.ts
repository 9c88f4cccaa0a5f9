import { tokenize } from '../../../domain/search-query.ts';
import type { NewAttribution, SavedAttribution } from '../../ports/index.ts';
import { statusOnArrival } from '../../../domain/status.ts';
import { row, value, type WriteContext } from '../connection.ts';
import { audit } from './audit.ts';
import { organization } from './speaker-writes.ts';

/** The words of a text as the index holds them (quote.search_text). */
export const searchText = (text: string): string => tokenize(text).join(' ');

/**
 * Stores one attribution to a stored document inside the caller's
 * transaction: its quote unless the speaker's same words are stored, then its
 * occurrence and relays, each audited. The caller files and tags the quotes
 * afterwards (syncQuotes). A new document's attributions are written all at
 * once instead (ingest-group.ts).
 */
export async function saveAttribution(ctx: WriteContext, a: NewAttribution, reviewBelow: number): Promise<SavedAttribution> {
  const db = ctx.client;
  // Words withdrawn from this speaker at this place (rejected, retracted, moved away) are never filed under them again.
  const withdrawnIn = await value<number>(
    db,
    'SELECT t.quote_id FROM tombstone t JOIN document d ON d.sha256 = t.document_sha256 WHERE d.id = $1 AND t.start = $2 AND t."end" = $3 AND t.speaker_id = $4',
    [a.documentId, a.start, a.end, a.speakerId],
  );
  if (withdrawnIn !== null) {
    const occurrenceId = (await value<number>(db, 'SELECT id FROM occurrence WHERE quote_id = $1 AND document_id = $2 AND start = $3 AND "end" = $4', [withdrawnIn, a.documentId, a.start, a.end])) ?? 0;
    return { quoteId: withdrawnIn, occurrenceId, quoteCreated: false, variantOf: null, occurrenceCreated: false, withdrawn: true };
  }
  const status = statusOnArrival(a.confidence, reviewBelow);
  // A variant links to its cluster's root, so links never chain; a stale or another speaker's id links nothing.
  const variantOf = a.variantOf === undefined ? null : await value<number>(db, 'SELECT COALESCE(variant_of_id, id) FROM quote WHERE id = $1 AND speaker_id = $2', [a.variantOf, a.speakerId]);
  const inserted = await value<number>(
    db,
    `INSERT INTO quote (speaker_id, about_speaker_id, text, normalized_text, normalized_hash, kind, said_on, venue, filed_on, search_tags, search_text, status, variant_of_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, '{}', $9, $11, $12, $10, $10)
     ON CONFLICT (normalized_hash, speaker_id) DO NOTHING RETURNING id`,
    [a.speakerId, a.aboutSpeakerId, a.text, a.normalizedText, a.normalizedHash, a.kind, a.saidOn, a.venue, searchText(a.text), ctx.now, status, variantOf],
  );
  const quoteCreated = inserted !== null;
  // Known words (the same speaker's, same normalised text) get a new occurrence, not a new quote; it keeps its status and variant link.
  const known = inserted === null ? await row<{ id: number; variant_of_id: number | null }>(db, 'SELECT id, variant_of_id FROM quote WHERE normalized_hash = $1 AND speaker_id = $2', [a.normalizedHash, a.speakerId]) : null;
  const quoteId = inserted ?? (known?.id as number);
  const linkedTo = inserted === null ? (known?.variant_of_id ?? null) : variantOf;
  if (quoteCreated) await audit(ctx, 'create', 'Quote', quoteId);
  const existing = await value<number>(db, 'SELECT id FROM occurrence WHERE quote_id = $1 AND document_id = $2 AND start = $3 AND "end" = $4', [
    quoteId,
    a.documentId,
    a.start,
    a.end,
  ]);
  if (existing !== null) return { quoteId, occurrenceId: existing, quoteCreated: false, occurrenceCreated: false, variantOf: linkedTo, withdrawn: false };
  const occurrenceId = (await value<number>(
    db,
    `INSERT INTO occurrence (quote_id, document_id, start, "end", cue_text, cue_start, cue_end, speaker_mention_text, speaker_mention_start,
       speaker_mention_end, confidence, attributed_by, extractor_version, created_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
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
      ctx.now,
      status,
    ],
  )) as number;
  await audit(ctx, 'create', 'Occurrence', occurrenceId);
  for (const [index, relay] of a.relays.entries()) {
    const organizationId = relay.organization ? await organization(ctx, relay.organization) : null;
    await value(
      db,
      `INSERT INTO relay (occurrence_id, position, name, organization_id, mention_text, mention_start, mention_end) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [occurrenceId, index + 1, relay.name, organizationId, relay.mention?.text ?? null, relay.mention?.start ?? null, relay.mention?.end ?? null],
    );
  }
  return { quoteId, occurrenceId, quoteCreated, occurrenceCreated: true, variantOf: linkedTo, withdrawn: false };
}
