import type { SpeakerProfile } from '../services/speaker.service.ts';
import type { QuoteRecord } from '../domain/models.ts';
import { KIND_LABELS, speakerLink } from './fragments.view.ts';
import { html, type SafeHtml } from './html.ts';

function period(from: string | null, to: string | null): string {
  if (from === null && to === null) return 'dates not stated';
  return `${from ?? '…'} – ${to ?? 'now'}`;
}

/** Quotes by others naming the speaker: the search for them and its first results. */
export interface Mentions {
  query: string | null;
  quotes: QuoteRecord[];
}

export function speakerPage(speaker: SpeakerProfile, mentions: Mentions): SafeHtml {
  return html`<article class="speaker">
<h1>${speaker.name}</h1>
${speaker.description === null ? '' : html`<p class="lead">${speaker.description}</p>`}
${speaker.aliases.length > 0 ? html`<p class="muted">Also known as ${speaker.aliases.join(', ')}</p>` : ''}
${speaker.externalIds.length > 0 ? html`<p class="muted">${speaker.externalIds.map((e, i) => html`${i > 0 ? ' · ' : ''}${e.scheme} <code>${e.value}</code>`)}</p>` : ''}
<section aria-labelledby="aff-h"><h2 id="aff-h">Affiliations</h2>
${speaker.affiliations.length === 0
  ? html`<p class="muted">No affiliation recorded.</p>`
  : html`<ol class="timeline">${speaker.affiliations.map(
      (a) => html`<li><span class="period">${period(a.validFrom, a.validTo)}</span>
<strong>${a.role}</strong>, ${a.organization.name}${a.asStated === null ? '' : html`<br><small>as stated: “${a.asStated}”</small>`}
${a.sourceDocumentId === null ? '' : html` <small>(<a href="/documents/${a.sourceDocumentId}">source</a>)</small>`}</li>`,
    )}</ol>`}
</section>
<section aria-labelledby="q-h"><h2 id="q-h">Quotes <span class="muted">(${speaker.quoteCount})</span></h2>
<p><a href="/?speaker=${encodeURIComponent(speaker.slug)}">Search within ${speaker.name}’s quotes</a></p>
${quoteList(speaker.quotes)}
</section>
<section aria-labelledby="about-h"><h2 id="about-h">Quotes about ${speaker.name}</h2>
<p class="muted">Quotes by others whose subject is recorded as ${speaker.name}, then quotes whose words name ${speaker.name}${mentions.query === null ? '' : html` (${mentions.query})`}.</p>
${speaker.quotesAbout.length === 0 && mentions.quotes.length === 0 ? html`<p class="muted">None on record.</p>` : html`${quoteList(speaker.quotesAbout, true)}${quoteList(mentions.quotes, true)}`}
${mentions.query === null ? '' : html`<p><a href="/?${new URLSearchParams({ q: mentions.query }).toString()}">Search every quote naming ${speaker.name}</a></p>`}
</section>
</article>`;
}

function quoteList(quotes: readonly QuoteRecord[], withSpeaker = false): SafeHtml {
  if (quotes.length === 0) return html``;
  return html`<ol class="results">${quotes.map(
    (q) => html`<li class="result"><blockquote class="quote ${q.kind}"><p>${q.text}</p></blockquote>
${withSpeaker ? html`<p class="who">${speakerLink(q.speaker)}</p>` : ''}
<p class="meta"><span class="kind">${KIND_LABELS[q.kind]}</span>${q.saidOn === null ? '' : html` · said <time datetime="${q.saidOn}">${q.saidOn}</time>`}${q.venue === null ? '' : html` · ${q.venue}`}
${q.about === null ? '' : html` · about ${speakerLink(q.about)}`}</p>
<p><a class="prov" href="/quotes/${q.id}">Provenance and source text<span class="sr"> for this quote by ${q.speaker.name}</span></a></p></li>`,
  )}</ol>`;
}
