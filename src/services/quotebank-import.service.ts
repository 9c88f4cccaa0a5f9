import { candidates, locateQuotation, NO_SPEAKER, parseQuotebankLine, probabilityOf, quotebankArticleQuotation, type QuotebankArticle, type QuotebankQuote } from '../formats/quotebank.ts';
import { AppError } from '../domain/errors.ts';
import { normalizeQuoteText, sha256Hex } from '../domain/text.ts';
import type { NewCitedQuote, NewSpeaker, PendingAttribution, Repositories } from '../storage/ports/index.ts';
import { newDocument } from './document.service.ts';
import { yieldIfLong } from './turns.ts';
import type { ImportBatch, ImportLine, ImportReport as Report, ImportTotals } from './import-run.ts';
import { ImportSpeakers, type ResolvedSpeaker } from './import-speakers.ts';

export interface QuotebankSettings {
  /** A top speaker less probable than this is ambiguous: stored for review (config QUOTEBANK_MIN_SPEAKER_PROBABILITY). */
  minSpeakerProbability: number;
  /** The review threshold (config REVIEW_CONFIDENCE_THRESHOLD): attributions below it are to be confirmed. */
  reviewBelow: number;
}

/**
 * Lines a batch of the CLI's import holds: one transaction of cited quotes, and the articles the group
 * commit shares out. A commit writes every page the batch changed, and the quote-hash and search indexes
 * change pages all over the file: the more rows a commit carries, the fewer times each page is written.
 * Bounded by memory: the batch's lines (a quotes-by-article line holds an article) are held until written.
 */
export const QUOTEBANK_BATCH_LINES = 5_000;

/** Quotebank's attributions are Quobert's, a model: recorded as an extractor's, with this version. */
export const QUOTEBANK_EXTRACTOR = 'quotebank';


const add = (totals: ImportTotals, name: string, n = 1) => {
  totals[name] = (totals[name] ?? 0) + n;
};

/**
 * The confidence an attribution is stored with: the source's probability of the speaker. An ambiguous one
 * (below `minSpeakerProbability`) is held under the review threshold, so that it waits for confirmation
 * even when the two settings are set apart.
 */
export function attributionConfidence(probability: number, settings: QuotebankSettings): number {
  if (probability >= settings.minSpeakerProbability) return probability;
  return Math.min(probability, Math.max(0, settings.reviewBelow - 1e-6));
}

const outletOf = (url: string): string | undefined => {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
};

/**
 * Imports Quotebank lines (either layout, mixed even). quotes-by-quote: each quotation becomes a quote of
 * its top speaker with its URLs as citations (text not held). quotes-by-article: the article becomes a
 * document and each quotation an occurrence at its offset, when the text there is the quotation's words
 * (otherwise reported and skipped). A top speaker "None" is no attribution: skipped and counted.
 */
export function quotebankImport(repos: Pick<Repositories, 'speakers' | 'writes'>, settings: QuotebankSettings, report: Report): ImportBatch {
  const speakers = new ImportSpeakers(repos);
  return async (lines, totals) => {
    const cited: { line: number; quote: QuotebankQuote }[] = [];
    const articles: { line: number; article: QuotebankArticle }[] = [];
    for (const line of lines) {
      await yieldIfLong();
      if (line.text.trim() === '') continue;
      const parsed = parseQuotebankLine(line.text);
      if ('error' in parsed) {
        add(totals, 'invalidLines');
        report(line.number, parsed.error, parsed.code);
      } else if (parsed.layout === 'quote') cited.push({ line: line.number, quote: parsed.quote });
      else articles.push({ line: line.number, article: parsed.article });
    }
    const before = speakers.created;
    await Promise.all([saveCited(repos, speakers, settings, cited, totals), ...articles.map((a) => saveArticle(repos, speakers, settings, a, totals, report))]);
    add(totals, 'speakersCreated', speakers.created - before);
  };
}

async function saveCited(
  repos: Pick<Repositories, 'writes'>,
  speakers: ImportSpeakers,
  settings: QuotebankSettings,
  lines: { line: number; quote: QuotebankQuote }[],
  totals: ImportTotals,
): Promise<void> {
  const quotes: NewCitedQuote[] = [];
  for (const { quote } of lines) {
    await yieldIfLong();
    const normalizedText = normalizeQuoteText(quote.quotation);
    if (quote.speaker === NO_SPEAKER) add(totals, 'noSpeaker');
    else if (quote.urls.length === 0) add(totals, 'noEvidence');
    else if (normalizedText === '') add(totals, 'invalidLines');
    else {
      const probability = probabilityOf(quote.speaker, candidates(quote.probas));
      const confidence = attributionConfidence(probability, settings);
      if (confidence < settings.reviewBelow) add(totals, 'toReview');
      const speaker = await speakers.resolve(quote.speaker, quote.qids);
      const seenOn = quote.date.slice(0, 10);
      quotes.push({
        speakerId: speaker.id,
        aboutSpeakerId: null,
        text: quote.quotation,
        normalizedText,
        normalizedHash: sha256Hex(normalizedText),
        kind: 'direct',
        saidOn: null,
        venue: null,
        citations: quote.urls.map((url) => ({ url, seenOn, confidence, source: 'quotebank', sourceQuoteId: quote.quoteID })),
      });
    }
  }
  if (quotes.length === 0) return;
  const saved = await repos.writes.saveCitedQuotes(quotes);
  add(totals, 'quotesCreated', saved.filter((s) => s.quoteCreated).length);
  add(totals, 'quotesExisting', saved.filter((s) => !s.quoteCreated).length);
  add(totals, 'citationsCreated', saved.reduce((n, s) => n + s.citationsCreated, 0));
}

async function saveArticle(
  repos: Pick<Repositories, 'writes'>,
  speakers: ImportSpeakers,
  settings: QuotebankSettings,
  { line, article }: { line: number; article: QuotebankArticle },
  totals: ImportTotals,
  report: Report,
): Promise<void> {
  const bySlug = new Map<string, ResolvedSpeaker>();
  const attributions: PendingAttribution[] = [];
  for (const raw of article.quotations) {
    await yieldIfLong();
    const parsed = quotebankArticleQuotation.safeParse(raw);
    if (!parsed.success) {
      add(totals, 'invalidQuotations');
      report(line, `a quotation of article ${article.articleID}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'validation_failed');
      continue;
    }
    const q = parsed.data;
    if (q.globalTopSpeaker === NO_SPEAKER) {
      add(totals, 'noSpeaker');
      continue;
    }
    const start = locateQuotation(article.content, q.quotation, q.quotationOffset);
    const normalizedText = normalizeQuoteText(q.quotation);
    if (start === null || normalizedText === '') {
      add(totals, 'offsetMismatches');
      report(line, `quotation ${q.quoteID} of article ${article.articleID}: the text at offset ${q.quotationOffset} is not the quotation; skipped`, 'evidence_mismatch');
      continue;
    }
    const list = candidates(q.globalProbas);
    const confidence = attributionConfidence(probabilityOf(q.globalTopSpeaker, list), settings);
    if (confidence < settings.reviewBelow) add(totals, 'toReview');
    const speaker = await speakers.resolve(q.globalTopSpeaker, list.find((c) => c.speaker === q.globalTopSpeaker)?.qids ?? []);
    bySlug.set(speaker.slug, speaker);
    attributions.push({
      speakerSlug: speaker.slug,
      aboutSpeakerId: null,
      text: q.quotation,
      normalizedText,
      normalizedHash: sha256Hex(normalizedText),
      kind: 'direct',
      saidOn: null,
      venue: null,
      start,
      end: start + q.quotation.length,
      cue: null,
      speakerMention: null,
      relays: [],
      confidence,
      attributedBy: 'extractor',
      extractorVersion: QUOTEBANK_EXTRACTOR,
    });
  }
  if (attributions.length === 0) {
    add(totals, 'articlesWithoutQuotes');
    return;
  }
  const doc = newDocument({
    text: article.content,
    url: article.url,
    outlet: outletOf(article.url),
    title: article.title ?? undefined,
    publishedOn: article.date.slice(0, 10),
    language: 'en',
  });
  // Stored already by the resolver: the ingest finds them by slug and adds nothing.
  const named: NewSpeaker[] = [...bySlug.values()].map((s) => ({ slug: s.slug, name: s.name, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [] }));
  try {
    const ingested = await repos.writes.ingestDocument(doc, named, attributions);
    add(totals, ingested.created ? 'documentsCreated' : 'documentsExisting');
    add(totals, 'quotesCreated', ingested.saved.filter((s) => s.quoteCreated).length);
    add(totals, 'occurrencesCreated', ingested.saved.filter((s) => s.occurrenceCreated).length);
  } catch (error) {
    // The database's state (busy, full) stops the import, to be resumed; an article's own fault is reported.
    if (!(error instanceof AppError) || error.code === 'database_busy' || error.code === 'storage_full') throw error;
    add(totals, 'failedArticles');
    report(line, `article ${article.articleID}: ${error.message}`, error.code);
  }
}

export type { ImportLine };
