import { candidates, locateQuotation, NO_SPEAKER, parseArticleQuotation, parseQuotebankLine, probabilityOf, type QuotebankArticle, type QuotebankQuote } from '../formats/quotebank.ts';
import { AppError } from '../domain/errors.ts';
import { forgetQuoteWords, quoteWords } from '../domain/evidence.ts';
import { normalizeQuoteText, sha256Hex } from '../domain/text.ts';
import type { DocumentToIngest, IngestedDocument, NewCitedQuote, NewSpeaker, PendingAttribution, Repositories } from '../storage/ports/index.ts';
import { newDocument } from './document.service.ts';
import { yieldIfLong } from '../turns.ts';
import type { ImportBatch, ImportLine, ImportReport as Report, ImportTotals } from './import-run.ts';
import { ImportSpeakers, type NamedSpeaker, type ResolvedSpeaker } from './import-speakers.ts';

export interface QuotebankSettings {
  /** A top speaker less probable than this is ambiguous: stored for review (config QUOTEBANK_MIN_SPEAKER_PROBABILITY). */
  minSpeakerProbability: number;
  /** The review threshold (config REVIEW_CONFIDENCE_THRESHOLD): attributions below it are to be confirmed. */
  reviewBelow: number;
}

/**
 * A batch of the CLI's import: one transaction of cited quotes and one of articles (ingestDocuments), each
 * checkpointed once committed. A commit writes every page the batch changed, and the quote-hash, filing-date
 * and search indexes change pages all over the file: the more rows a commit carries, the fewer times each
 * page is written (docs/decisions/0020). Bounded by memory: the batch's lines (a quotes-by-article line holds an article)
 * are held until written, so a batch also ends once its lines hold QUOTEBANK_BATCH_CHARS characters
 * (20,000 quotes-by-quote lines, ~4,500 articles of the generated data: ~24,000 quotations).
 */
export const QUOTEBANK_BATCH_LINES = 20_000;
export const QUOTEBANK_BATCH_CHARS = 16_000_000;

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

/** A quotation of the quotes-by-quote layout ready to store, but for its speaker's id. */
interface PreparedCited {
  speaker: NamedSpeaker;
  quote: Omit<NewCitedQuote, 'speakerId'>;
}

/** An article with the quotations to store in it, but for their speakers' slugs. */
interface PreparedArticle {
  line: number;
  article: QuotebankArticle;
  attributions: { speaker: NamedSpeaker; attribution: Omit<PendingAttribution, 'speakerSlug'> }[];
}

/**
 * Imports Quotebank lines (either layout, mixed even). quotes-by-quote: each quotation becomes a quote of
 * its top speaker with its URLs as citations (text not held). quotes-by-article: the article becomes a
 * document and each quotation an occurrence at its offset, when the text there is the quotation's words
 * (otherwise reported and skipped). A top speaker "None" is no attribution: skipped and counted. A batch's
 * new speakers are stored together first (ImportSpeakers), then its quotes.
 */
export function quotebankImport(repos: Pick<Repositories, 'writes'>, settings: QuotebankSettings, report: Report, options: { bulk?: boolean } = {}): ImportBatch {
  const speakers = new ImportSpeakers(repos);
  const saveArticles = options.bulk === true ? saveArticlesInBulk : saveArticlesByGroup;
  return async (lines, totals) => {
    const cited: PreparedCited[] = [];
    const articles: PreparedArticle[] = [];
    for (const line of lines) {
      await yieldIfLong();
      if (line.text.trim() === '') continue;
      const parsed = parseQuotebankLine(line.text);
      if ('error' in parsed) {
        add(totals, 'invalidLines');
        report(line.number, parsed.error, parsed.code);
      } else if (parsed.layout === 'quote') {
        const prepared = prepareCited(parsed.quote, settings, totals);
        if (prepared !== null) cited.push(prepared);
      } else {
        const prepared = prepareArticle(line.number, parsed.article, settings, totals, report);
        if (prepared !== null) articles.push(prepared);
      }
    }
    const before = speakers.created;
    await speakers.resolve([...cited.map((c) => c.speaker), ...articles.flatMap((a) => a.attributions.map((p) => p.speaker))]);
    add(totals, 'speakersCreated', speakers.created - before);
    try {
      await Promise.all([saveCited(repos, speakers, cited, totals, options.bulk === true), saveArticles(repos, speakers, articles, totals, report)]);
    } finally {
      // The batch's quotations are checked (prepareArticle's quoteWords): their texts need not be held any longer.
      forgetQuoteWords();
    }
  };
}

/** A quotes-by-quote quotation to store, or null when it is skipped (counted). */
function prepareCited(quote: QuotebankQuote, settings: QuotebankSettings, totals: ImportTotals): PreparedCited | null {
  if (quote.speaker === NO_SPEAKER) {
    add(totals, 'noSpeaker');
    return null;
  }
  if (quote.urls.length === 0) {
    add(totals, 'noEvidence');
    return null;
  }
  const normalizedText = normalizeQuoteText(quote.quotation);
  if (normalizedText === '') {
    add(totals, 'invalidLines');
    return null;
  }
  const probability = probabilityOf(quote.speaker, candidates(quote.probas));
  const confidence = attributionConfidence(probability, settings);
  if (confidence < settings.reviewBelow) add(totals, 'toReview');
  const seenOn = quote.date.slice(0, 10);
  return {
    speaker: { name: quote.speaker, qids: quote.qids },
    quote: {
      aboutSpeakerId: null,
      text: quote.quotation,
      normalizedText,
      normalizedHash: sha256Hex(normalizedText),
      kind: 'direct',
      saidOn: null,
      venue: null,
      citations: quote.urls.map((url) => ({ url, seenOn, confidence, source: 'quotebank', sourceQuoteId: quote.quoteID })),
    },
  };
}

async function saveCited(repos: Pick<Repositories, 'writes'>, speakers: ImportSpeakers, prepared: PreparedCited[], totals: ImportTotals, bulk: boolean): Promise<void> {
  if (prepared.length === 0) return;
  const saved = await repos.writes.saveCitedQuotes(
    prepared.map(({ speaker, quote }) => ({ ...quote, speakerId: speakers.get(speaker).id })),
    { bulk },
  );
  add(totals, 'quotesCreated', saved.filter((s) => s.quoteCreated).length);
  add(totals, 'quotesExisting', saved.filter((s) => !s.quoteCreated).length);
  add(totals, 'citationsCreated', saved.reduce((n, s) => n + s.citationsCreated, 0));
}

/** An article's quotations to store (a quotation skipped is counted, and reported when it is the data's fault), or null when none is. */
function prepareArticle(line: number, article: QuotebankArticle, settings: QuotebankSettings, totals: ImportTotals, report: Report): PreparedArticle | null {
  const attributions: PreparedArticle['attributions'] = [];
  for (const raw of article.quotations) {
    const parsed = parseArticleQuotation(raw);
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
    // Remembered for the storage's evidence check of the same words at the same offsets.
    const { normalizedText, normalizedHash } = quoteWords(q.quotation);
    if (start === null || normalizedText === '') {
      add(totals, 'offsetMismatches');
      report(line, `quotation ${q.quoteID} of article ${article.articleID}: the text at offset ${q.quotationOffset} is not the quotation; skipped`, 'evidence_mismatch');
      continue;
    }
    const list = candidates(q.globalProbas);
    const confidence = attributionConfidence(probabilityOf(q.globalTopSpeaker, list), settings);
    if (confidence < settings.reviewBelow) add(totals, 'toReview');
    attributions.push({
      speaker: { name: q.globalTopSpeaker, qids: list.find((c) => c.speaker === q.globalTopSpeaker)?.qids ?? [] },
      attribution: {
        aboutSpeakerId: null,
        text: q.quotation,
        normalizedText,
        normalizedHash,
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
      },
    });
  }
  if (attributions.length === 0) {
    add(totals, 'articlesWithoutQuotes');
    return null;
  }
  return { line, article, attributions };
}

const newSpeakers = new WeakMap<ResolvedSpeaker, NewSpeaker>();

/** A resolved speaker as an ingest names it: one frozen value for each, which the storage need not compare anew in every article. */
function asNewSpeaker(s: ResolvedSpeaker): NewSpeaker {
  let named = newSpeakers.get(s);
  if (named === undefined) {
    const value: NewSpeaker = { slug: s.slug, name: s.name, kind: 'person', description: null, aliases: [], externalIds: [], affiliations: [] };
    for (const list of [value.aliases, value.externalIds, value.affiliations]) Object.freeze(list);
    named = Object.freeze(value);
    newSpeakers.set(s, named);
  }
  return named;
}

/** What storing an article asks of the storage (ingestDocument's arguments). */
function documentOf(speakers: ImportSpeakers, { article, attributions }: PreparedArticle): DocumentToIngest {
  const bySlug = new Map<string, ResolvedSpeaker>();
  const pending: PendingAttribution[] = attributions.map(({ speaker, attribution }) => {
    const resolved = speakers.get(speaker);
    bySlug.set(resolved.slug, resolved);
    return { ...attribution, speakerSlug: resolved.slug };
  });
  const doc = newDocument({
    text: article.content,
    url: article.url,
    outlet: outletOf(article.url),
    title: article.title ?? undefined,
    publishedOn: article.date.slice(0, 10),
    language: 'en',
  });
  // Stored already by the resolver: the ingest finds them by slug and adds nothing.
  const named: NewSpeaker[] = [...bySlug.values()].map(asNewSpeaker);
  return { doc, speakers: named, attributions: pending };
}

/** Counts what an article's ingest did, or reports its failure; the database's state (busy, full) stops the import, to be resumed. */
function countArticle({ line, article }: PreparedArticle, result: PromiseSettledResult<IngestedDocument>, totals: ImportTotals, report: Report): void {
  if (result.status === 'fulfilled') {
    const ingested = result.value;
    add(totals, ingested.created ? 'documentsCreated' : 'documentsExisting');
    add(totals, 'quotesCreated', ingested.saved.filter((s) => s.quoteCreated).length);
    add(totals, 'occurrencesCreated', ingested.saved.filter((s) => s.occurrenceCreated).length);
    return;
  }
  const error: unknown = result.reason;
  if (!(error instanceof AppError) || error.code === 'database_busy' || error.code === 'storage_full') throw error;
  add(totals, 'failedArticles');
  report(line, `article ${article.articleID}: ${error.message}`, error.code);
}

type SaveArticles = (repos: Pick<Repositories, 'writes'>, speakers: ImportSpeakers, articles: PreparedArticle[], totals: ImportTotals, report: Report) => Promise<void>;

/** Each article on its own, sharing transactions through the group commit: a server's import, whose writes take turns with requests. */
const saveArticlesByGroup: SaveArticles = async (repos, speakers, articles, totals, report) => {
  await Promise.all(
    articles.map(async (a) => {
      const { doc, speakers: named, attributions } = documentOf(speakers, a);
      const result = await repos.writes.ingestDocument(doc, named, attributions).then(
        (value): PromiseSettledResult<IngestedDocument> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseSettledResult<IngestedDocument> => ({ status: 'rejected', reason }),
      );
      countArticle(a, result, totals, report);
    }),
  );
};

/** The batch's articles in one transaction (ingestDocuments): the CLI's import, where nothing else waits for the writer. */
const saveArticlesInBulk: SaveArticles = async (repos, speakers, articles, totals, report) => {
  if (articles.length === 0) return;
  const results = await repos.writes.ingestDocuments(articles.map((a) => documentOf(speakers, a)));
  articles.forEach((a, i) => countArticle(a, results[i] as PromiseSettledResult<IngestedDocument>, totals, report));
};

export type { ImportLine };
