import { DEFAULT_REVIEW_THRESHOLD } from '../../../domain/status.ts';
import type { Repositories } from '../../ports/index.ts';
import type { Connections } from '../connection.ts';
import type { LshIndex } from '../lsh-index.ts';
import { TermStatistics } from '../search/term-statistics.ts';
import { PostgresApiKeyRepository } from './api-key.repository.ts';
import { PostgresArchiveRepository } from './archive.repository.ts';
import { saveCitedQuotes } from './cited-quotes.ts';
import { DocumentCorrections } from './document-corrections.ts';
import { PostgresDocumentRepository } from './document.repository.ts';
import { PostgresEditorialWriteRepository } from './editorial-write.repository.ts';
import { QuoteCorrections } from './quote-corrections.ts';
import { PostgresRevisionRepository, RevisionWrites } from './revisions.ts';
import { PostgresHealthRepository } from './health.repository.ts';
import { PostgresImportCheckpointRepository } from './import-checkpoint.repository.ts';
import { resolveImportedSpeakers } from './imported-speakers.ts';
import { PostgresIngestWriteRepository } from './ingest-write.repository.ts';
import { PostgresMaintenanceWriteRepository } from './maintenance-write.repository.ts';
import { PostgresQuoteRepository } from './quote.repository.ts';
import { SpeakerCorrections } from './speaker-corrections.ts';
import { PostgresSpeakerEditRepository } from './speaker-edit.repository.ts';
import { PostgresSpeakerRepository } from './speaker.repository.ts';
import { PostgresVerifyRepository } from './verify.repository.ts';

/**
 * Reads go to the read pool, writes to the write pool. Reads that must see
 * the process's own acknowledged writes at once (API keys, and verify after
 * an ingest) use the write pool's server, the primary.
 */
export function createRepositories(connections: Connections, lsh: LshIndex, reviewBelow: number = DEFAULT_REVIEW_THRESHOLD): Repositories {
  const read = connections.reads;
  const terms = new TermStatistics(read);
  const ingest = new PostgresIngestWriteRepository(connections, lsh, reviewBelow);
  const maintenance = new PostgresMaintenanceWriteRepository(connections, lsh);
  // One record of corrections; each entity type with revisions registers how undo puts it back.
  const revisions = new RevisionWrites();
  const quoteCorrections = new QuoteCorrections();
  revisions.register('quote', quoteCorrections);
  const editorial = new PostgresEditorialWriteRepository(connections, revisions, quoteCorrections);
  const speakerCorrections = new SpeakerCorrections();
  revisions.register('speaker', speakerCorrections);
  const documentCorrections = new DocumentCorrections();
  revisions.register('document', documentCorrections);
  const speakerEdits = new PostgresSpeakerEditRepository(connections, lsh, revisions, speakerCorrections, documentCorrections);
  const speakers = new PostgresSpeakerRepository(read);
  const quotes = new PostgresQuoteRepository(read, terms);
  return {
    speakers,
    quotes,
    documents: new PostgresDocumentRepository(read),
    verify: new PostgresVerifyRepository(read, terms),
    health: new PostgresHealthRepository(read, connections.replica),
    apiKeys: new PostgresApiKeyRepository(connections.write, connections),
    archive: new PostgresArchiveRepository(read, speakers, quotes),
    imports: new PostgresImportCheckpointRepository(connections),
    writes: {
      createDocument: (doc) => ingest.createDocument(doc),
      findOrCreateDocument: (doc) => ingest.findOrCreateDocument(doc),
      createSpeaker: (speaker) => ingest.createSpeaker(speaker),
      upsertSpeaker: (speaker) => ingest.upsertSpeaker(speaker),
      saveAttributions: (attributions) => ingest.saveAttributions(attributions),
      ingestDocument: (doc, speakers, attributions) => ingest.ingestDocument(doc, speakers, attributions),
      // Each document in its own transaction (grouped as concurrent ingests are): each gets its own result.
      ingestDocuments: (documents) => Promise.allSettled(documents.map((d) => ingest.ingestDocument(d.doc, d.speakers, d.attributions))),
      resolveImportedSpeakers: (imported) => resolveImportedSpeakers(speakers, (speaker) => ingest.upsertSpeaker(speaker), imported),
      saveCitedQuotes: async (cited) => {
        const saved = await connections.transaction((ctx) => saveCitedQuotes(ctx, cited, reviewBelow));
        // Verifiable at once: the new quotes' similarity keys before the caller hears back.
        await lsh.add(saved.flatMap((s, i) => (s.quoteCreated ? [{ id: s.quoteId, normalizedText: cited[i]?.normalizedText ?? '' }] : [])));
        return saved;
      },
      updateQuote: (id, patch, note) => editorial.updateQuote(id, patch, note),
      deleteQuote: (id) => maintenance.deleteQuote(id),
      restoreStatuses: (quotes, occurrences) => maintenance.restoreStatuses(quotes, occurrences),
      rebuildSearchIndex: () => maintenance.rebuildSearchIndex(),
      reconcileLshIndex: () => maintenance.reconcileLshIndex(),
      undoRevision: (id, note) => editorial.undoRevision(id, note),
      changeQuoteStatus: (id, action, note) => editorial.changeQuoteStatus(id, action, note),
      reviewOccurrence: (id, decision, note, fix) => editorial.reviewOccurrence(id, decision, note, fix),
      correctSpeaker: (id, patch, note) => speakerEdits.correctSpeaker(id, patch, note),
      correctDocument: (id, patch, note) => speakerEdits.correctDocument(id, patch, note),
      mergeSpeakers: (fromId, intoId, note) => speakerEdits.mergeSpeakers(fromId, intoId, note),
      removeSpeaker: (id, note) => speakerEdits.removeSpeaker(id, note),
      mergeAffiliations: (speakerId, pair, note) => speakerEdits.mergeAffiliations(speakerId, pair, note),
    },
    revisions: new PostgresRevisionRepository(read),
  };
}

