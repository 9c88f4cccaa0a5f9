import type { DocumentView } from '../services/document.service.ts';
import { dateText, KIND_LABELS } from './fragments.view.ts';
import { html, type SafeHtml } from './html.ts';

type Quote = DocumentView['quotes'][number];

/**
 * The text with each recorded quote marked and linked to its provenance.
 * Quotes may nest or overlap (one speaker's words inside another's report):
 * a quote starting inside the previous one is listed below, not marked twice.
 */
function markedText(text: string, quotes: readonly Quote[]): { body: SafeHtml; unmarked: Quote[] } {
  const parts: SafeHtml[] = [];
  const unmarked: Quote[] = [];
  let at = 0;
  for (const q of quotes) {
    if (q.start < at || q.end > text.length || q.start >= q.end) {
      unmarked.push(q);
      continue;
    }
    parts.push(html`${text.slice(at, q.start)}<a class="qmark ${q.kind}" href="/quotes/${q.quoteId}" id="occ-${q.occurrenceId}"><mark>${text.slice(q.start, q.end)}</mark><span class="sr"> (${KIND_LABELS[q.kind]} by ${q.speaker.name})</span></a>`);
    at = q.end;
  }
  parts.push(html`${text.slice(at)}`);
  return { body: html`${parts}`, unmarked };
}

/** The opening words of a quote, for the list (the text below has it whole). */
function excerpt(words: string, max = 70): string {
  return words.length <= max ? words : `${words.slice(0, max).replace(/\s+\S*$/, '')}…`;
}

export function documentPage(doc: DocumentView): SafeHtml {
  const { body, unmarked } = markedText(doc.text, doc.quotes);
  const url = doc.url !== null && /^https?:\/\//i.test(doc.url) ? doc.url : null;
  return html`<article class="document">
<p class="kicker">Source document</p>
<h1>${doc.label}</h1>
<dl class="facts">
<dt>Outlet</dt><dd>${doc.outlet ?? html`<span class="muted">not stated</span>`}</dd>
<dt>Title</dt><dd>${doc.title ?? html`<span class="muted">not stated</span>`}</dd>
<dt>Published</dt><dd>${dateText(doc.publishedOn, 'date not stated')}</dd>
${doc.dateline === null ? '' : html`<dt>Dateline</dt><dd>${doc.dateline}</dd>`}
<dt>Language</dt><dd>${doc.language}</dd>
${url === null ? '' : html`<dt>Original</dt><dd><a href="${url}" rel="noopener noreferrer nofollow">${url}</a></dd>`}
<dt>Stored</dt><dd><time datetime="${doc.addedAt}">${doc.addedAt.slice(0, 10)}</time> · sha256 <code>${doc.sha256.slice(0, 12)}…</code> · <a href="/v1/documents/${doc.id}">JSON</a></dd>
</dl>
<section aria-labelledby="quotes-h"><h2 id="quotes-h">Quotes in this document <span class="muted">(${doc.quotes.length})</span></h2>
${doc.quotes.length === 0
  ? html`<p class="muted">No quote is recorded in this document.</p>`
  : html`<ol class="doc-quotes">${doc.quotes.map(
      (q) => html`<li><a href="#occ-${q.occurrenceId}">${q.speaker.name}</a> <span class="kind">${KIND_LABELS[q.kind]}</span> <span class="muted">${excerpt(doc.text.slice(q.start, q.end))}</span> · <a href="/quotes/${q.quoteId}">provenance<span class="sr"> of this quote by ${q.speaker.name}</span></a></li>`,
    )}</ol>`}
${unmarked.length === 0 ? '' : html`<p class="muted">Inside another quote (not marked separately): ${unmarked.map((q, i) => html`${i > 0 ? ', ' : ''}<a href="/quotes/${q.quoteId}">${q.speaker.name}</a>`)}</p>`}
</section>
<section aria-labelledby="text-h"><h2 id="text-h">Text</h2>
<div class="source full" tabindex="0" role="region" aria-label="Text of ${doc.label}">${body}</div>
</section>
</article>`;
}
