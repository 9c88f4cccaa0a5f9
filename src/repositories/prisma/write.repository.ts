import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../domain/errors.ts';
import type { DocumentSummary, SpeakerKind, SpeakerSummary } from '../../domain/models.ts';
import { foldName, slugify } from '../../domain/text.ts';
import { LSH_FIXED_BANDS, lshBuckets } from '../../verification/minhash.ts';
import { audit } from './audit.ts';
import type {
  IngestedDocument,
  NewAttribution,
  NewDocument,
  NewSpeaker,
  QuotePatch,
  PendingAttribution,
  SavedAttribution,
  WriteRepository,
} from '../ports.ts';
import {
  indexQuotesSql,
  OPTIMIZE_INDEX_SQL,
  REBUILD_INDEX_SQL,
  refreshFiledOnSql,
  refreshTagsSql,
  unindexQuotesSql,
  type QuoteSelection,
} from '../sqlite/search-index.sql.ts';

type Tx = Prisma.TransactionClient;

/**
 * Every write of the server, through Prisma. Each method is one interactive
 * transaction on the single writer connection: all of it lands or none does.
 * The search index is written here too, in the same transaction as the data
 * it reflects (see syncSearch): measured faster than per-row triggers
 * (BENCHMARKS.md, "Search"), and the index's filter tags depend on
 * occurrences, documents and affiliations, not on "Quote" alone.
 */
const TX_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;
/** A full rebuild at a million quotes takes minutes, not seconds. */
const REBUILD_TX_OPTIONS = { maxWait: 30_000, timeout: 30 * 60_000 } as const;

/** Re-indexes the quotes that gained an occurrence: it can change their filing date, outlets and languages. */
async function syncSaved(tx: Tx, saved: readonly SavedAttribution[]): Promise<void> {
  const touched = [...new Set(saved.filter((s) => s.occurrenceCreated).map((s) => s.quoteId))];
  if (touched.length > 0) await syncSearch(tx, 'ids', JSON.stringify(touched));
}

/** Re-indexes the selected quotes: out with the old values, filing date and tags recomputed, in again. */
async function syncSearch(tx: Tx, selection: QuoteSelection, arg?: number | string): Promise<void> {
  const args = arg === undefined ? [] : [arg];
  for (const sql of [unindexQuotesSql(selection), refreshFiledOnSql(selection), refreshTagsSql(selection), indexQuotesSql(selection)]) {
    await tx.$executeRawUnsafe(sql, ...args);
  }
}

interface DocumentEntity {
  id: number;
  outlet: string | null;
  title: string | null;
  url: string | null;
  publishedOn: string | null;
  dateline: string | null;
  language: string;
  sha256: string;
  addedAt: Date;
}

const toDocumentSummary = (d: DocumentEntity): DocumentSummary => ({
  id: d.id,
  outlet: d.outlet,
  title: d.title,
  url: d.url,
  publishedOn: d.publishedOn,
  dateline: d.dateline,
  language: d.language,
  sha256: d.sha256,
  addedAt: d.addedAt.toISOString(),
});

const toSpeakerSummary = (s: { id: number; slug: string; name: string; kind: string; description: string | null }): SpeakerSummary => ({
  id: s.id,
  slug: s.slug,
  name: s.name,
  kind: s.kind as SpeakerKind,
  description: s.description,
});

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

async function findOrCreateOrganization(tx: Tx, org: { name: string; kind: string | null }): Promise<number> {
  const slug = slugify(org.name);
  const existing = await tx.organization.findUnique({ where: { slug }, select: { id: true } });
  if (existing) return existing.id;
  const created = await tx.organization.create({ data: { slug, name: org.name, kind: org.kind }, select: { id: true } });
  return created.id;
}

export class PrismaWriteRepository implements WriteRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async createDocument(doc: NewDocument): Promise<DocumentSummary> {
    const { document, created } = await this.findOrCreateDocument(doc);
    if (!created) {
      throw new AppError('document_exists', `A document with this text (sha256 ${doc.sha256}) is already stored as #${document.id}.`, {
        existingId: document.id,
      });
    }
    return document;
  }

  async findOrCreateDocument(doc: NewDocument): Promise<{ document: DocumentSummary; created: boolean }> {
    const existing = await this.prisma.document.findUnique({ where: { sha256: doc.sha256 } });
    if (existing) return { document: toDocumentSummary(existing), created: false };
    try {
      const created = await this.prisma.$transaction(async (tx) => {
        const row = await tx.document.create({ data: doc });
        await audit(tx, 'create', 'Document', row.id);
        return row;
      }, TX_OPTIONS);
      return { document: toDocumentSummary(created), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another request stored the same text between our read and write.
      const raced = await this.prisma.document.findUniqueOrThrow({ where: { sha256: doc.sha256 } });
      return { document: toDocumentSummary(raced), created: false };
    }
  }

  async createSpeaker(speaker: NewSpeaker): Promise<SpeakerSummary> {
    const { speaker: saved, created } = await this.upsertSpeaker(speaker, true);
    if (!created) throw new AppError('speaker_exists', `A speaker with slug "${speaker.slug}" already exists.`, { existingId: saved.id });
    return saved;
  }

  async upsertSpeaker(speaker: NewSpeaker, rejectExisting = false): Promise<{ speaker: SpeakerSummary; created: boolean }> {
    try {
      return await this.prisma.$transaction((tx) => this.upsertSpeakerIn(tx, speaker, rejectExisting), TX_OPTIONS);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('speaker_exists', `A speaker with slug "${speaker.slug}" already exists.`);
      }
      throw error;
    }
  }

  private async upsertSpeakerIn(tx: Tx, speaker: NewSpeaker, rejectExisting: boolean): Promise<{ speaker: SpeakerSummary; created: boolean }> {
    const existing = await tx.speaker.findUnique({ where: { slug: speaker.slug } });
    if (existing && rejectExisting) return { speaker: toSpeakerSummary(existing), created: false };
    const row =
      existing ??
      (await tx.speaker.create({
        data: { slug: speaker.slug, name: speaker.name, kind: speaker.kind, description: speaker.description },
      }));
    await this.addSpeakerDetails(tx, row.id, speaker);
    // New affiliations change which organisation each of their quotes was said for.
    if (existing) await syncSearch(tx, 'speaker', row.id);
    if (!existing) await audit(tx, 'create', 'Speaker', row.id);
    return { speaker: toSpeakerSummary(row), created: existing === null };
  }

  async ingestDocument(doc: NewDocument, speakers: NewSpeaker[], attributions: PendingAttribution[]): Promise<IngestedDocument> {
    const run = () =>
      this.prisma.$transaction(async (tx): Promise<IngestedDocument> => {
        const existing = await tx.document.findUnique({ where: { sha256: doc.sha256 } });
        if (existing) return { document: toDocumentSummary(existing), created: false, speakers: [], saved: [] };
        const document = await tx.document.create({ data: doc });
        await audit(tx, 'create', 'Document', document.id);
        const ids = new Map<string, number>();
        const savedSpeakers: IngestedDocument['speakers'] = [];
        for (const speaker of speakers) {
          const withSource = {
            ...speaker,
            affiliations: speaker.affiliations.map((a) => ({ ...a, sourceDocumentId: a.sourceDocumentId ?? document.id })),
          };
          const { speaker: row, created } = await this.upsertSpeakerIn(tx, withSource, false);
          ids.set(speaker.slug, row.id);
          savedSpeakers.push({ slug: row.slug, id: row.id, created });
        }
        const saved: SavedAttribution[] = [];
        for (const { speakerSlug, ...a } of attributions) {
          const speakerId = ids.get(speakerSlug);
          if (speakerId === undefined) throw new Error(`ingestDocument: attribution names speaker "${speakerSlug}" that is not in the list`);
          saved.push(await this.saveAttribution(tx, { ...a, speakerId, documentId: document.id }));
        }
        await syncSaved(tx, saved);
        return { document: toDocumentSummary(document), created: true, speakers: savedSpeakers, saved };
      }, TX_OPTIONS);
    try {
      return await run();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another request stored the same text meanwhile; report it as existing, as a re-post would.
      const raced = await this.prisma.document.findUnique({ where: { sha256: doc.sha256 } });
      if (raced === null) throw error;
      return { document: toDocumentSummary(raced), created: false, speakers: [], saved: [] };
    }
  }

  private async addSpeakerDetails(tx: Tx, speakerId: number, speaker: NewSpeaker): Promise<void> {
    for (const alias of [speaker.name, ...speaker.aliases]) {
      const normalized = foldName(alias);
      if (normalized === '') continue;
      await tx.speakerAlias.upsert({
        where: { speakerId_normalized: { speakerId, normalized } },
        create: { speakerId, alias, normalized },
        update: {},
      });
    }
    for (const ext of speaker.externalIds) {
      const owner = await tx.externalId.findUnique({ where: { scheme_value: ext } });
      if (owner && owner.speakerId !== speakerId) {
        throw new AppError('external_id_taken', `${ext.scheme} ${ext.value} already identifies speaker #${owner.speakerId}.`, {
          existingId: owner.speakerId,
        });
      }
      if (!owner) await tx.externalId.create({ data: { ...ext, speakerId } });
    }
    for (const aff of speaker.affiliations) {
      if (aff.sourceDocumentId !== null) {
        const doc = await tx.document.findUnique({ where: { id: aff.sourceDocumentId }, select: { id: true } });
        if (!doc) throw new AppError('unknown_reference', `Affiliation source document #${aff.sourceDocumentId} does not exist.`);
      }
      const organizationId = await findOrCreateOrganization(tx, aff.organization);
      await tx.affiliation.upsert({
        where: { speakerId_organizationId_role: { speakerId, organizationId, role: aff.role } },
        create: {
          speakerId,
          organizationId,
          role: aff.role,
          asStated: aff.asStated,
          validFrom: aff.validFrom,
          validTo: aff.validTo,
          sourceDocumentId: aff.sourceDocumentId,
        },
        update: {},
      });
    }
    if (speaker.organization) {
      const organizationId = await findOrCreateOrganization(tx, speaker.organization);
      await tx.organization.update({ where: { id: organizationId }, data: { speakerId } });
    }
  }

  async saveAttributions(attributions: NewAttribution[]): Promise<SavedAttribution[]> {
    return this.prisma.$transaction(async (tx) => {
      const saved: SavedAttribution[] = [];
      for (const a of attributions) saved.push(await this.saveAttribution(tx, a));
      await syncSaved(tx, saved);
      return saved;
    }, TX_OPTIONS);
  }

  async updateQuote(id: number, patch: QuotePatch): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      // Unindex before the row changes: the index must be told the values it holds.
      await tx.$executeRawUnsafe(unindexQuotesSql('one'), id);
      const { count } = await tx.quote.updateMany({ where: { id }, data: { ...patch, searchTags: '' } });
      if (count === 0) return false;
      await syncSearch(tx, 'one', id);
      await audit(tx, 'update', 'Quote', id);
      return true;
    }, TX_OPTIONS);
  }

  async deleteQuote(id: number): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(unindexQuotesSql('one'), id);
      const { count } = await tx.quote.deleteMany({ where: { id } });
      if (count > 0) await audit(tx, 'delete', 'Quote', id);
      return count > 0;
    }, TX_OPTIONS);
  }

  async rebuildSearchIndex(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(refreshFiledOnSql('all'));
      await tx.$executeRawUnsafe(refreshTagsSql('all'));
      await tx.$executeRawUnsafe(REBUILD_INDEX_SQL);
      await tx.$executeRawUnsafe(OPTIMIZE_INDEX_SQL);
      return tx.quote.count();
    }, REBUILD_TX_OPTIONS);
  }

  async backfillLshBuckets(): Promise<number> {
    const BATCH = 500;
    let indexed = 0;
    let after = 0;
    for (;;) {
      const page = await this.prisma.quote.findMany({
        // Every quote has a skeleton and a function-word row once indexed; one without was stored before that band existed (or at all).
        where: { id: { gt: after }, OR: LSH_FIXED_BANDS.map((band) => ({ lshBuckets: { none: { band } } })) },
        select: { id: true, normalizedText: true },
        orderBy: { id: 'asc' },
        take: BATCH,
      });
      const last = page.at(-1);
      if (last === undefined) return indexed;
      after = last.id;
      // Only the rows a quote lacks: most have their MinHash bands already (cheaper than rewriting all 14).
      const present = await this.prisma.quoteLshBucket.findMany({
        where: { quoteId: { in: page.map((q) => q.id) } },
        select: { quoteId: true, band: true },
      });
      const has = new Set(present.map((r) => `${r.quoteId}:${r.band}`));
      const data = page
        .flatMap((q) => lshBuckets(q.normalizedText).map((b) => ({ ...b, quoteId: q.id })))
        .filter((row) => !has.has(`${row.quoteId}:${row.band}`));
      await this.prisma.quoteLshBucket.createMany({ data });
      indexed += page.length;
    }
  }

  private async saveAttribution(tx: Tx, a: NewAttribution): Promise<SavedAttribution> {
    const existingQuote = await tx.quote.findUnique({
      where: { speakerId_normalizedHash: { speakerId: a.speakerId, normalizedHash: a.normalizedHash } },
      select: { id: true },
    });
    const quoteId =
      existingQuote?.id ??
      (
        await tx.quote.create({
          data: {
            speakerId: a.speakerId,
            aboutSpeakerId: a.aboutSpeakerId,
            text: a.text,
            normalizedText: a.normalizedText,
            normalizedHash: a.normalizedHash,
            kind: a.kind,
            saidOn: a.saidOn,
            venue: a.venue,
          },
          select: { id: true },
        })
      ).id;
    if (existingQuote === null) {
      await audit(tx, 'create', 'Quote', quoteId);
      // The near-duplicate index follows every new quote, in the same transaction.
      await tx.quoteLshBucket.createMany({ data: lshBuckets(a.normalizedText).map((b) => ({ ...b, quoteId })) });
    }
    const key = { quoteId, documentId: a.documentId, start: a.start, end: a.end };
    const existingOccurrence = await tx.occurrence.findUnique({
      where: { quoteId_documentId_start_end: key },
      select: { id: true },
    });
    if (existingOccurrence) return { quoteId, occurrenceId: existingOccurrence.id, quoteCreated: false, occurrenceCreated: false };
    const occurrence = await tx.occurrence.create({
      data: {
        ...key,
        cueText: a.cue?.text ?? null,
        cueStart: a.cue?.start ?? null,
        cueEnd: a.cue?.end ?? null,
        speakerMentionText: a.speakerMention?.text ?? null,
        speakerMentionStart: a.speakerMention?.start ?? null,
        speakerMentionEnd: a.speakerMention?.end ?? null,
        confidence: a.confidence,
        attributedBy: a.attributedBy,
        extractorVersion: a.extractorVersion,
      },
      select: { id: true },
    });
    await audit(tx, 'create', 'Occurrence', occurrence.id);
    for (const [index, relay] of a.relays.entries()) {
      const organizationId = relay.organization ? await findOrCreateOrganization(tx, relay.organization) : null;
      await tx.relay.create({
        data: {
          occurrenceId: occurrence.id,
          position: index + 1,
          name: relay.name,
          organizationId,
          mentionText: relay.mention?.text ?? null,
          mentionStart: relay.mention?.start ?? null,
          mentionEnd: relay.mention?.end ?? null,
        },
      });
    }
    return { quoteId, occurrenceId: occurrence.id, quoteCreated: existingQuote === null, occurrenceCreated: true };
  }
}
