import type { SpeakerSummary } from '../domain/models.ts';
import type { SpeakerMatch } from '../services/search.service.ts';
import type { QuoteInContext } from '../services/quote.service.ts';
import { searchQuery } from '../http/routes/quotes.schemas.ts';
import { affiliationsText, dateText, documentLink, KIND_LABELS, speakerLink } from './fragments.view.ts';
import { html, snippetHtml, type SafeHtml } from './html.ts';
import { fieldLimits, limitAttributes } from './input-limits.ts';

export interface SearchForm {
  values: Record<string, string>;
  /** Filter fields the search API accepts (it may grow: outlet, …). */
  fields: readonly string[];
}

export interface ResultRow {
  snippet: string;
  score: number | null;
  firstPublishedOn: string | null;
  quote: QuoteInContext;
}

const EXAMPLES = ['ambassador', 'Ushakov North Korea', '"field guidance"', 'shell*', 'Putin OR Kremlin', 'parade NOT Kim'];

/**
 * Labels for the search API's filters; a filter is shown only when the API's query schema has it, and its
 * input takes what the schema takes (dates as YYYY-MM-DD, at most the schema's length).
 */
const FILTERS: Record<string, { label: string; hint: string }> = {
  speaker: { label: 'Speaker', hint: 'Name, alias or slug, e.g. Lim' },
  organization: { label: 'Organisation', hint: 'Where the speaker worked at the time' },
  outlet: { label: 'Outlet', hint: 'Publication, e.g. Reuters' },
  from: { label: 'Said from', hint: 'YYYY-MM-DD' },
  to: { label: 'Said until', hint: 'YYYY-MM-DD' },
  publishedFrom: { label: 'Published from', hint: 'Quoted in a document published on or after (YYYY-MM-DD)' },
  publishedTo: { label: 'Published until', hint: 'Quoted in a document published on or before (YYYY-MM-DD)' },
  language: { label: 'Language', hint: 'Of the document, e.g. en or ko' },
};

const LIMITS = fieldLimits(searchQuery);

function filterField(name: string, value: string): SafeHtml {
  const filter = FILTERS[name];
  if (filter === undefined) return html``;
  return html`<div class="field"><label for="f-${name}">${filter.label}</label>
<input id="f-${name}" name="${name}"${LIMITS[name]?.date === true ? '' : html` type="text"`}${limitAttributes(LIMITS[name])} value="${value}" aria-describedby="h-${name}" autocomplete="off">
<small id="h-${name}">${filter.hint}</small></div>`;
}

function kindField(value: string): SafeHtml {
  const option = (v: string, label: string) => html`<option value="${v}"${value === v ? html` selected` : ''}>${label}</option>`;
  return html`<div class="field"><label for="f-kind">Kind</label>
<select id="f-kind" name="kind">${option('', 'any')}${Object.entries(KIND_LABELS).map(([v, l]) => option(v, l))}</select></div>`;
}

export function searchFormHtml(form: SearchForm, queryLanguage: string): SafeHtml {
  const v = (name: string) => form.values[name] ?? '';
  const filtersOpen = form.fields.some((f) => f !== 'q' && v(f) !== '');
  return html`<form class="search" action="/" method="get" role="search">
<label for="q" class="big">Search what was said</label>
<div class="row"><input id="q" name="q" type="search"${limitAttributes(LIMITS.q)} value="${v('q')}" aria-describedby="q-hints" placeholder="e.g. ambassadorial" autocomplete="off">
<button type="submit">Search</button></div>
<details id="q-hints" class="hints"><summary>How to search</summary>
<p>${queryLanguage}</p>
<p>Try: ${EXAMPLES.map((e, i) => html`${i > 0 ? ', ' : ''}<a href="/?q=${encodeURIComponent(e)}"><code>${e}</code></a>`)}</p></details>
<details class="filters"${filtersOpen ? html` open` : ''}><summary>Filters</summary>
<div class="grid">${form.fields.filter((f) => f in FILTERS).map((f) => filterField(f, v(f)))}${form.fields.includes('kind') ? kindField(v('kind')) : ''}</div>
<button type="submit">Apply filters</button> <a href="/">Clear</a></details>
</form>`;
}

function resultHtml(row: ResultRow): SafeHtml {
  const { quote } = row;
  const first = quote.occurrences[0];
  const relays = [...new Set(quote.occurrences.flatMap((o) => o.relays.map((r) => r.name)))];
  return html`<li class="result">
<blockquote class="quote ${quote.kind}"><p>${snippetHtml(row.snippet)}</p></blockquote>
<p class="who">${speakerLink(quote.speaker)}${quote.affiliationAtTime.length > 0 ? html`<span class="aff">, ${affiliationsText(quote.affiliationAtTime)}</span>` : ''}</p>
<p class="meta"><span class="kind">${KIND_LABELS[quote.kind]}</span> · ${quote.saidOn === null ? html`first published ${dateText(row.firstPublishedOn)}` : html`said ${dateText(quote.saidOn)}`}${quote.venue === null ? '' : html` · ${quote.venue}`}
${quote.about === null ? '' : html` · about ${speakerLink(quote.about)}`}
${first === undefined ? '' : html` · in <span class="outlet">${documentLink(first.document)}</span>${first.document.dateline === null || first.document.outlet === null ? '' : html` (${first.document.dateline})`}`}${relays.length > 0 ? html` · via ${relays.join(', ')}` : ''}</p>
<p><a class="prov" href="/quotes/${quote.id}">Provenance and source text<span class="sr"> for this quote by ${quote.speaker.name}</span></a></p>
</li>`;
}

/** When the speaker filter names nobody, offer the closest names instead of an empty page. */
export function unknownSpeakerHtml(speaker: string, candidates: readonly SpeakerSummary[]): SafeHtml {
  return html`<div role="alert" class="notice"><p>No speaker is known as “${speaker}”.${candidates.length > 0 ? ' Did you mean:' : ''}</p>
${candidates.length > 0 ? html`<ul>${candidates.map((c) => html`<li><a href="/?speaker=${encodeURIComponent(c.slug)}">${c.name}</a>${c.description === null ? '' : html` <small>${c.description}</small>`}</li>`)}</ul>` : ''}</div>`;
}

export function resultsHtml(rows: readonly ResultRow[], searched: boolean, nextHref: string | null): SafeHtml {
  if (!searched) return html`<p class="muted">Type words that were said, or use the filters. The newest quotes:</p>${list(rows, nextHref)}`;
  if (rows.length === 0) return html`<p role="status" class="empty">No quotes match. Check the spelling, drop a filter, or try a shorter phrase.</p>`;
  return html`<p role="status" class="count">${rows.length}${nextHref === null ? '' : '+'} result${rows.length === 1 ? '' : 's'}</p>${list(rows, nextHref)}`;
}

function list(rows: readonly ResultRow[], nextHref: string | null): SafeHtml {
  return html`<ol class="results">${rows.map(resultHtml)}</ol>${nextHref === null ? '' : html`<p><a class="next" href="${nextHref}" rel="next">More results</a></p>`}`;
}

function searchHref(params: Record<string, string>): string {
  return `/?${new URLSearchParams(params).toString()}`;
}

/**
 * How a name in the search box was read: the speaker's quotes (with a way
 * back to the words as text), the candidates of an ambiguous name, or why
 * the words were searched as text after all.
 */
export function speakerMatchHtml(match: SpeakerMatch, filters: Record<string, string>): SafeHtml {
  const rest: Record<string, string> = match.otherWords === null ? {} : { q: match.otherWords };
  const asText = html`<a href="${searchHref({ ...filters, q: match.asText })}">search “${match.text}” as words instead</a>`;
  const [only] = match.speakers;
  if (match.status === 'applied' && only !== undefined) {
    return html`<div role="status" class="notice speaker-match"><p>Showing quotes by ${speakerLink(only)}${only.affiliations.length > 0 ? html` <span class="aff">(${affiliationsText(only.affiliations)})</span>` : ''}${match.otherWords === null ? '' : html` that match <q>${match.otherWords}</q>`}. You can ${asText}.</p></div>`;
  }
  if (match.status === 'no_quotes' && only !== undefined) {
    return html`<div role="status" class="notice speaker-match"><p>${speakerLink(only)} has no quote on record${match.otherWords === null ? '' : html` matching <q>${match.otherWords}</q>`}; showing quotes whose words match instead.</p></div>`;
  }
  return html`<div role="status" class="notice speaker-match"><p>“${match.text}” may be any of ${match.speakers.length} speakers. Choose one to see their quotes${match.otherWords === null ? '' : html` matching <q>${match.otherWords}</q>`}:</p>
<ul class="candidates">${match.speakers.map(
    (c) => html`<li><a href="${searchHref({ ...filters, ...rest, speaker: c.slug })}">${c.name}</a>${c.description === null ? '' : html` <small>${c.description}</small>`}${c.affiliations.length > 0 ? html` <small>· ${affiliationsText(c.affiliations)}</small>` : ''}</li>`,
  )}</ul>
<p>Below: quotes whose words match “${match.text}”${match.otherWords === null ? '' : html` and the other words`}.</p></div>`;
}
