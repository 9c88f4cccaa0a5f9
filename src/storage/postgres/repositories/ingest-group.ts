import type { Actor } from '../../../domain/actor.ts';
import type { DocumentSummary } from '../../../domain/models.ts';
import type { NewAttribution, NewDocument, SavedAttribution } from '../../ports/index.ts';
import { statusOnArrival } from '../../../domain/status.ts';
import { rows, type WriteContext } from '../connection.ts';
import { searchText } from './attribution-writes.ts';
import { DOCUMENT_COLUMNS, toDocument, type DocumentRow } from './rows.ts';
import { organization } from './speaker-writes.ts';

/**
 * Set-based writes of a group commit: every document of the group in one
 * statement, every quote in one, every occurrence in one, every relay in one,
 * so a group of 64 articles costs a handful of round trips (0.17 ms each at
 * least) instead of a dozen per article. Rows go in input order (ORDER BY the
 * ordinality), so the first of two equal rows is the one created, as one
 * insert after another would have it.
 */

/** A document of the group with the actor who sent it. */
export interface GroupDocument {
  doc: NewDocument;
  actor: Actor;
}

/** Stores the documents whose text is not stored yet; returns each item's document and whether this call created it. */
export async function insertDocuments(ctx: WriteContext, items: readonly GroupDocument[]): Promise<{ document: DocumentSummary; created: boolean }[]> {
  const db = ctx.client;
  const existing = await rows<DocumentRow>(db, `SELECT ${DOCUMENT_COLUMNS} FROM document d WHERE d.sha256 = ANY($1::text[])`, [items.map((i) => i.doc.sha256)]);
  const bySha = new Map(existing.map((r) => [r.sha256, toDocument(r)]));
  const fresh = items.filter((item, i) => !bySha.has(item.doc.sha256) && items.findIndex((o) => o.doc.sha256 === item.doc.sha256) === i);
  const created = new Set<string>();
  if (fresh.length > 0) {
    const col = <K extends keyof NewDocument>(k: K) => fresh.map((f) => f.doc[k]);
    const inserted = await rows<DocumentRow>(
      db,
      `INSERT INTO document AS d (outlet, title, url, published_on, dateline, language, text, sha256, added_at)
       SELECT t.outlet, t.title, t.url, t.published_on, t.dateline, t.language, t.text, t.sha256, $9
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
         AS t(outlet, title, url, published_on, dateline, language, text, sha256, n) ORDER BY t.n
       RETURNING ${DOCUMENT_COLUMNS}`,
      [col('outlet'), col('title'), col('url'), col('publishedOn'), col('dateline'), col('language'), col('text'), col('sha256'), ctx.now],
    );
    for (const r of inserted) {
      bySha.set(r.sha256, toDocument(r));
      created.add(r.sha256);
    }
    const audited = fresh.map((f) => ({ actor: f.actor, id: (bySha.get(f.doc.sha256) as DocumentSummary).id }));
    await auditMany(ctx, 'create', 'Document', audited);
  }
  const seen = new Set<string>();
  return items.map((item) => {
    const document = bySha.get(item.doc.sha256) as DocumentSummary;
    const isNew = created.has(item.doc.sha256) && !seen.has(item.doc.sha256);
    seen.add(item.doc.sha256);
    return { document, created: isNew };
  });
}

/** Audit rows for many entities in one statement. */
async function auditMany(ctx: WriteContext, action: string, entityType: string, entities: readonly { actor: Actor; id: number }[]): Promise<void> {
  await rows(
    ctx.client,
    `INSERT INTO audit_event (api_key_id, via, action, entity_type, entity_id, created_at)
     SELECT t.key, t.via, $3, $4, t.id, $5 FROM unnest($1::int[], $2::text[], $6::int[]) AS t(key, via, id)`,
    [entities.map((e) => e.actor.keyId), entities.map((e) => e.actor.via), action, entityType, ctx.now, entities.map((e) => e.id)],
  );
}

/** The migration's tag_token(prefix, value) as an expression (a function call would not be inlined: convert_to is only stable). */
const tagToken = (prefix: string, value: string) => `${prefix} || encode(convert_to(translate(btrim(${value}), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'UTF8'), 'hex')`;

/**
 * The filter tags of a new quote \`t\` from its document \`d\`: what the migration's function
 * document_quote_tags gives, written out in the statement so the planner runs it as part of
 * the insert rather than as a function call (and four more statements) per quote.
 */
const DOCUMENT_QUOTE_TAGS = `ARRAY['sp' || t.speaker_id, 'ki' || t.kind]
       || CASE WHEN btrim(COALESCE(d.outlet, '')) <> '' THEN ARRAY[${tagToken("'ou'", 'd.outlet')}] ELSE '{}'::text[] END
       || ARRAY[${tagToken("'la'", 'd.language')}]
       || COALESCE((SELECT array_agg('or' || org) FROM (
            SELECT af.organization_id AS org FROM affiliation af WHERE af.speaker_id = t.speaker_id
              AND (af.valid_from IS NULL OR t.filed_on IS NULL OR af.valid_from <= substr(t.filed_on, 1, length(af.valid_from)))
              AND (af.valid_to IS NULL OR t.filed_on IS NULL OR substr(t.filed_on, 1, length(af.valid_to)) <= af.valid_to)
            UNION SELECT og.id FROM organization og WHERE og.speaker_id = t.speaker_id) held), '{}')`;

/** An attribution of a document created in this transaction, with the document's date. */
export interface FreshAttribution extends NewAttribution {
  publishedOn: string | null;
}

/**
 * Stores the attributions of documents created in this transaction: their
 * quotes (filed and tagged from their document at insert), occurrences and
 * relays. Results in the attributions' order.
 */
export async function insertAttributions(ctx: WriteContext, list: readonly FreshAttribution[], reviewBelow: number): Promise<SavedAttribution[]> {
  if (list.length === 0) return [];
  const db = ctx.client;
  const statuses = list.map((a) => statusOnArrival(a.confidence, reviewBelow));
  const roots = await variantRoots(db, list);
  const quoteKey = (hash: string, speakerId: number) => `${hash}\u0000${speakerId}`;
  const inserted = await rows<{ id: number; normalized_hash: string; speaker_id: number }>(
    db,
    `INSERT INTO quote (speaker_id, about_speaker_id, text, normalized_text, normalized_hash, kind, said_on, venue, filed_on, search_tags, search_text, status, variant_of_id, created_at, updated_at)
     SELECT t.speaker_id, t.about, t.text, t.normalized_text, t.hash, t.kind, t.said_on, t.venue, t.filed_on, ${DOCUMENT_QUOTE_TAGS}, t.search_text, t.status, t.variant_of, $12, $12
     FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $13::text[], $14::int[]) WITH ORDINALITY
       AS t(speaker_id, about, text, normalized_text, hash, kind, said_on, venue, filed_on, document_id, search_text, status, variant_of, n)
     JOIN document d ON d.id = t.document_id
     ORDER BY t.n
     ON CONFLICT (normalized_hash, speaker_id) DO NOTHING RETURNING id, normalized_hash, speaker_id`,
    [
      list.map((a) => a.speakerId),
      list.map((a) => a.aboutSpeakerId),
      list.map((a) => a.text),
      list.map((a) => a.normalizedText),
      list.map((a) => a.normalizedHash),
      list.map((a) => a.kind),
      list.map((a) => a.saidOn),
      list.map((a) => a.venue),
      list.map((a) => a.saidOn ?? a.publishedOn),
      list.map((a) => a.documentId),
      list.map((a) => searchText(a.text)),
      ctx.now,
      statuses,
      roots,
    ],
  );
  const quoteIds = new Map(inserted.map((r) => [quoteKey(r.normalized_hash, r.speaker_id), r.id]));
  const createdQuotes = new Set(quoteIds.keys());
  const known = list.filter((a) => !quoteIds.has(quoteKey(a.normalizedHash, a.speakerId)));
  // Known words are one quote, which keeps its variant link.
  const knownLinks = new Map<number, number | null>();
  if (known.length > 0) {
    const found = await rows<{ id: number; normalized_hash: string; speaker_id: number; variant_of_id: number | null }>(
      db,
      `SELECT q.id, q.normalized_hash, q.speaker_id, q.variant_of_id FROM quote q JOIN unnest($1::text[], $2::int[]) AS k(hash, speaker_id)
         ON q.normalized_hash = k.hash AND q.speaker_id = k.speaker_id`,
      [known.map((a) => a.normalizedHash), known.map((a) => a.speakerId)],
    );
    for (const r of found) {
      quoteIds.set(quoteKey(r.normalized_hash, r.speaker_id), r.id);
      knownLinks.set(r.id, r.variant_of_id);
    }
  }
  const ids = list.map((a) => quoteIds.get(quoteKey(a.normalizedHash, a.speakerId)) as number);
  const occurrences = await rows<{ id: number; quote_id: number; document_id: number; start: number; end: number }>(
    db,
    `INSERT INTO occurrence (quote_id, document_id, start, "end", cue_text, cue_start, cue_end, speaker_mention_text, speaker_mention_start,
       speaker_mention_end, confidence, attributed_by, extractor_version, created_at, status)
     SELECT t.quote_id, t.document_id, t.start, t.e, t.cue_text, t.cue_start, t.cue_end, t.sm_text, t.sm_start, t.sm_end, t.confidence, t.attributed_by, t.extractor_version, $14, t.status
     FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::int[], $7::int[], $8::text[], $9::int[], $10::int[], $11::float8[], $12::text[], $13::text[], $15::text[])
       WITH ORDINALITY AS t(quote_id, document_id, start, e, cue_text, cue_start, cue_end, sm_text, sm_start, sm_end, confidence, attributed_by, extractor_version, status, n)
     ORDER BY t.n
     ON CONFLICT (quote_id, document_id, start, "end") DO NOTHING RETURNING id, quote_id, document_id, start, "end"`,
    [
      ids,
      list.map((a) => a.documentId),
      list.map((a) => a.start),
      list.map((a) => a.end),
      list.map((a) => a.cue?.text ?? null),
      list.map((a) => a.cue?.start ?? null),
      list.map((a) => a.cue?.end ?? null),
      list.map((a) => a.speakerMention?.text ?? null),
      list.map((a) => a.speakerMention?.start ?? null),
      list.map((a) => a.speakerMention?.end ?? null),
      list.map((a) => a.confidence),
      list.map((a) => a.attributedBy),
      list.map((a) => a.extractorVersion),
      ctx.now,
      statuses,
    ],
  );
  const occurrenceKey = (quoteId: number, documentId: number, start: number, end: number) => `${quoteId}:${documentId}:${start}:${end}`;
  const occurrenceIds = new Map(occurrences.map((o) => [occurrenceKey(o.quote_id, o.document_id, o.start, o.end), o.id]));
  const claimedQuotes = new Set<string>();
  const claimedOccurrences = new Set<string>();
  const saved = list.map((a, i): SavedAttribution => {
    const qk = quoteKey(a.normalizedHash, a.speakerId);
    const quoteCreated = createdQuotes.has(qk) && !claimedQuotes.has(qk);
    claimedQuotes.add(qk);
    const ok = occurrenceKey(ids[i] as number, a.documentId, a.start, a.end);
    const occurrenceCreated = !claimedOccurrences.has(ok);
    claimedOccurrences.add(ok);
    // A document created in this transaction has no tombstones: nothing in it was withdrawn.
    const variantOf = quoteCreated ? (roots[i] ?? null) : (knownLinks.get(ids[i] as number) ?? (createdQuotes.has(qk) ? (roots[list.findIndex((b) => quoteKey(b.normalizedHash, b.speakerId) === qk)] ?? null) : null));
    return { quoteId: ids[i] as number, occurrenceId: occurrenceIds.get(ok) as number, quoteCreated, occurrenceCreated, variantOf, withdrawn: false };
  });
  await insertRelays(ctx, list, saved);
  return saved;
}

/**
 * The quote each attribution is a variant of: its cluster's root, so links never chain; a stale id or
 * another speaker's quote links nothing. One statement for all that ask.
 */
async function variantRoots(db: WriteContext['client'], list: readonly NewAttribution[]): Promise<(number | null)[]> {
  const asking = list.flatMap((a, i) => (a.variantOf === undefined ? [] : [{ i, id: a.variantOf, speakerId: a.speakerId }]));
  const roots: (number | null)[] = list.map(() => null);
  if (asking.length === 0) return roots;
  const found = await rows<{ n: number; root: number }>(
    db,
    `SELECT k.n, COALESCE(q.variant_of_id, q.id) AS root FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS k(id, speaker_id, n)
     JOIN quote q ON q.id = k.id AND q.speaker_id = k.speaker_id`,
    [asking.map((a) => a.id), asking.map((a) => a.speakerId)],
  );
  for (const r of found) roots[(asking[Number(r.n) - 1] as { i: number }).i] = r.root;
  return roots;
}

/** The relays of the occurrences created, in one statement (their organisations first). */
async function insertRelays(ctx: WriteContext, list: readonly NewAttribution[], saved: readonly SavedAttribution[]): Promise<void> {
  const relays: { occurrenceId: number; position: number; name: string; organizationId: number | null; mention: NewAttribution['relays'][number]['mention'] }[] = [];
  for (const [i, a] of list.entries()) {
    const s = saved[i] as SavedAttribution;
    if (!s.occurrenceCreated) continue;
    for (const [index, relay] of a.relays.entries()) {
      const organizationId = relay.organization ? await organization(ctx, relay.organization) : null;
      relays.push({ occurrenceId: s.occurrenceId, position: index + 1, name: relay.name, organizationId, mention: relay.mention });
    }
  }
  if (relays.length === 0) return;
  await rows(
    ctx.client,
    `INSERT INTO relay (occurrence_id, position, name, organization_id, mention_text, mention_start, mention_end)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $6::int[], $7::int[])`,
    [
      relays.map((r) => r.occurrenceId),
      relays.map((r) => r.position),
      relays.map((r) => r.name),
      relays.map((r) => r.organizationId),
      relays.map((r) => r.mention?.text ?? null),
      relays.map((r) => r.mention?.start ?? null),
      relays.map((r) => r.mention?.end ?? null),
    ],
  );
}
