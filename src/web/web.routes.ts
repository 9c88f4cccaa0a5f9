import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { AppError } from '../domain/errors.ts';
import { QUERY_LANGUAGE, searchQuery } from '../http/routes/quotes.schemas.ts';
import type { Repositories } from '../storage/ports/index.ts';
import { getProvenance, getQuoteInContext } from '../services/quote.service.ts';
import type { CursorCodec } from '../services/cursor.ts';
import { searchQuotes } from '../services/search.service.ts';
import { mapInTurnsAsync } from '../turns.ts';
import { getSpeakerProfile, listSpeakers, type SpeakerProfile } from '../services/speaker.service.ts';
import { getDocument } from '../services/document.service.ts';
import { speakerRedirect } from '../services/speaker-edit.service.ts';
import { queryString } from '../http/redirect.ts';
import { quotationOfProvenance, quotationsOfSpeaker } from '../formats/quotation.ts';
import type { Publisher } from '../formats/publisher.ts';
import { checkPage } from './check.view.ts';
import { html, type SafeHtml } from './html.ts';
import { jsonLdScript } from './json-ld.ts';
import { layout, type Section } from './layout.view.ts';
import { provenancePage } from './provenance.view.ts';
import { resultsHtml, searchFormHtml, speakerMatchHtml, unknownSpeakerHtml, type ResultRow } from './search.view.ts';
import { speakerPage, type Mentions } from './speaker.view.ts';
import { speakersPage } from './speakers.view.ts';
import { documentPage } from './document.view.ts';
import { documentEditorTools, editorSignInPage, historyHtml, quoteEditorTools, reviewPage, speakerEditorTools } from './editor.view.ts';
import { historyPage } from '../services/revision.service.ts';

const ASSETS_DIR = path.resolve(import.meta.dirname, 'assets');

/** Pages run no inline script or style, and load nothing from another host. */
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function send(res: Response, status: number, title: string, section: Section, body: SafeHtml, scripts: string[] = [], head: SafeHtml | null = null): void {
  res
    .status(status)
    .type('html')
    .setHeader('Content-Security-Policy', PAGE_CSP)
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Referrer-Policy', 'same-origin')
    .send(layout(title, section, body, scripts, head).value);
}

function errorPage(res: Response, status: number, title: string, detail: string): void {
  send(res, status, title, 'none', html`<h1>${title}</h1><p role="alert">${detail}</p><p><a href="/">Back to search</a></p>`);
}

/** Known failures become pages with the same status the API gives them; anything else is a real error. */
function handleAppError(res: Response, error: unknown, what: string): void {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'not_found') errorPage(res, 404, `No such ${what}`, error.message);
  else errorPage(res, 400, 'That request cannot be answered', error.message);
}

/** Query-string values of the form; empty fields mean "not set", as a browser sends them. */
function formValues(req: Request, fields: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of fields) {
    const value = req.query[name];
    if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  }
  return values;
}

async function searchPage(repos: Repositories, options: { cursors: CursorCodec }, req: Request, res: Response): Promise<void> {
  const fields = Object.keys(searchQuery.shape);
  const values = formValues(req, fields);
  const form = searchFormHtml({ values, fields }, QUERY_LANGUAGE);
  const parsed = searchQuery.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    send(res, 400, 'Search', 'search', html`${form}<div role="alert" class="error"><p>Please correct the search:</p><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>`);
    return;
  }
  let page;
  try {
    page = await searchQuotes({ ...repos, cursors: options.cursors }, parsed.data);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    send(res, 400, 'Search', 'search', html`${form}<p role="alert" class="error">${error.message}</p>`);
    return;
  }
  const speaker = parsed.data.speaker;
  if (speaker !== undefined && (await repos.speakers.resolveIds(speaker)).length === 0) {
    send(res, 200, 'Search', 'search', html`${form}${unknownSpeakerHtml(speaker, await repos.speakers.candidates(speaker, 5))}`);
    return;
  }
  // The quote view adds what a result line shows beyond the hit: affiliation at the time, outlet, relays.
  const rows: ResultRow[] = await mapInTurnsAsync(page.items, async (hit) => ({ ...hit, quote: await getQuoteInContext(repos, hit.id) }));
  const next = page.nextCursor === null ? null : `/?${new URLSearchParams({ ...values, cursor: page.nextCursor }).toString()}`;
  const title = values.q === undefined ? 'Search quotes' : `“${values.q}” — search`;
  const filters = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'q' && k !== 'cursor'));
  const match = page.speakerMatch === null ? '' : speakerMatchHtml(page.speakerMatch, filters);
  send(res, 200, title, 'search', html`${form}${match}${resultsHtml(rows, Object.keys(values).some((k) => k !== 'limit' && k !== 'cursor'), next)}`);
}

/** Quotes naming a speaker shown on their page (the search link has the rest). */
const MENTIONS_SHOWN = 10;

/** The first quotes by others whose words name the speaker. */
async function mentionsOf(repos: Repositories, cursors: CursorCodec, speaker: SpeakerProfile): Promise<Mentions> {
  if (speaker.mentionsQuery === null) return { query: null, quotes: [] };
  const aboutIds = new Set(speaker.quotesAbout.map((q) => q.id));
  const page = await searchQuotes({ ...repos, cursors }, { q: speaker.mentionsQuery, limit: MENTIONS_SHOWN + aboutIds.size, sort: 'date' });
  const quotes = page.items.filter((q) => q.speaker.id !== speaker.id && !aboutIds.has(q.id)).slice(0, MENTIONS_SHOWN);
  return { query: speaker.mentionsQuery, quotes };
}

const SPEAKERS_PER_PAGE = 25;

async function speakersListPage(repos: Repositories, req: Request, res: Response): Promise<void> {
  const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
  const rawOffset = typeof req.query.offset === 'string' ? Number(req.query.offset) : 0;
  const offset = Number.isSafeInteger(rawOffset) && rawOffset >= 0 && rawOffset <= 1_000_000 ? rawOffset : 0;
  const list = await listSpeakers(repos, q === '' ? undefined : q, SPEAKERS_PER_PAGE, offset);
  const more = offset + list.items.length < list.total;
  const next = more ? `/speakers?${new URLSearchParams({ ...(q === '' ? {} : { q }), offset: String(offset + SPEAKERS_PER_PAGE) }).toString()}` : null;
  send(res, 200, q === '' ? 'Speakers' : `“${q}” — speakers`, 'speakers', speakersPage(q, list, next));
}

const PAGES = ['/', '/speakers', '/speakers/:ref', '/quotes/:id', '/documents/:id', '/check', '/editor', '/review'];

/** Corrections listed on a page (the API's history has the rest). */
const HISTORY_SHOWN = 20;

/** The editors' tools (hidden until an editor key is entered at /editor for the visit). */
const EDITOR_SCRIPT = '/assets/editor.js';

/** A positive id from a path segment, or null. */
function pathId(value: string): number | null {
  const id = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(id) && id >= 1 ? id : null;
}

/**
 * The journalists' pages, server-rendered from the same services as the API.
 * They read without a key, so they exist only where reads are public (PUBLIC_READS).
 */
export function webRoutes(repos: Repositories, options: { publicReads: boolean; cursors: CursorCodec; publisher: Publisher }): Router {
  const router = express.Router();
  router.use('/assets', express.static(ASSETS_DIR, { index: false, redirect: false, maxAge: '1h' }));
  // Browsers ask for /favicon.ico on any page they open, the API's JSON and /docs included.
  // `root` keeps the install's own path out of send's dotfile check (an install under ~/.something would 404).
  router.get('/favicon.ico', (_req, res) => res.sendFile('favicon.ico', { root: ASSETS_DIR, maxAge: '1d' }));
  if (!options.publicReads) {
    router.get(PAGES, (_req, res) =>
      errorPage(res, 401, 'Reading needs an API key here', 'This server does not allow public reads, so its web pages are off. Use the API with a key (see /docs/).'),
    );
    return router;
  }
  router.get('/', (req, res) => searchPage(repos, options, req, res));
  router.get('/speakers', (req, res) => speakersListPage(repos, req, res));
  router.get('/documents/:id', async (req, res) => {
    const id = pathId(req.params.id);
    const doc = id === null ? null : await getDocument(repos, id);
    if (doc === null) {
      errorPage(res, 404, 'No such document', `"${req.params.id}" is not a stored document's number.`);
      return;
    }
    const history = await historyPage(repos, options.cursors, 'document', doc.id, { limit: HISTORY_SHOWN });
    const page = html`${documentPage(doc)}${historyHtml(history.revisions, `/v1/documents/${doc.id}/history`)}${documentEditorTools(doc)}`;
    send(res, 200, doc.label, 'none', page, [EDITOR_SCRIPT]);
  });
  router.get('/speakers/:ref', async (req, res) => {
    try {
      const speaker = await getSpeakerProfile(repos, req.params.ref, 200);
      const jsonLd = jsonLdScript(quotationsOfSpeaker(speaker.quotes, options.publisher));
      const history = await historyPage(repos, options.cursors, 'speaker', speaker.id, { limit: HISTORY_SHOWN });
      const page = html`${speakerPage(speaker, await mentionsOf(repos, options.cursors, speaker))}${historyHtml(history.revisions, `/v1/speakers/${speaker.slug}/history`)}${speakerEditorTools(speaker)}`;
      send(res, 200, speaker.name, 'speakers', page, [EDITOR_SCRIPT], jsonLd);
    } catch (error) {
      // A slug or id the speaker left (merged, renamed): the page is where the speaker is now.
      const target = error instanceof AppError && error.code === 'not_found' ? await speakerRedirect(repos, req.params.ref) : null;
      if (target !== null) res.redirect(301, `/speakers/${encodeURIComponent(target.slug)}${queryString(req.originalUrl)}`);
      else handleAppError(res, error, 'speaker');
    }
  });
  router.get('/quotes/:id', async (req, res) => {
    const id = /^\d{1,16}$/.test(req.params.id) ? Number(req.params.id) : NaN;
    if (!Number.isSafeInteger(id) || id < 1) {
      errorPage(res, 404, 'No such quote', `"${req.params.id}" is not a quote number.`);
      return;
    }
    try {
      const provenance = await getProvenance(repos, id);
      const texts = new Map<number, string>();
      for (const chain of provenance.chains) {
        const doc = await repos.documents.findById(chain.document.id);
        if (doc !== null) texts.set(doc.id, doc.text);
      }
      const jsonLd = jsonLdScript(quotationOfProvenance(provenance, options.publisher));
      const history = await historyPage(repos, options.cursors, 'quote', id, { limit: HISTORY_SHOWN });
      const tools = quoteEditorTools({ ...provenance.quote, saidOn: provenance.saidOn, venue: provenance.venue });
      const page = html`${provenancePage(provenance, texts)}${historyHtml(history.revisions, `/v1/quotes/${id}/history`)}${tools}`;
      send(res, 200, `Provenance of quote #${id}`, 'none', page, ['/assets/provenance.js', EDITOR_SCRIPT], jsonLd);
    } catch (error) {
      handleAppError(res, error, 'quote');
    }
  });
  router.get('/editor', (_req, res) => send(res, 200, 'Editor', 'none', editorSignInPage(), [EDITOR_SCRIPT]));
  router.get('/review', (_req, res) => send(res, 200, 'Review queue', 'none', reviewPage(), [EDITOR_SCRIPT, '/assets/review.js']));
  router.get('/check', (_req, res) => send(res, 200, 'Check a quote', 'check', checkPage(), ['/assets/check.js']));
  return router;
}
