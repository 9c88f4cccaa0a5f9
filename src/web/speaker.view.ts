import type { SpeakerProfile } from '../services/speaker.service.ts';
import { KIND_LABELS } from './fragments.view.ts';
import { html, type SafeHtml } from './html.ts';

function period(from: string | null, to: string | null): string {
  if (from === null && to === null) return 'dates not stated';
  return `${from ?? '…'} – ${to ?? 'now'}`;
}

export function speakerPage(speaker: SpeakerProfile): SafeHtml {
  return html`<article class="speaker">
<h1>${speaker.name}</h1>
${speaker.description === null ? '' : html`<p class="lead">${speaker.description}</p>`}
${speaker.aliases.length > 0 ? html`<p class="muted">Also known as ${speaker.aliases.join(', ')}</p>` : ''}
<section aria-labelledby="aff-h"><h2 id="aff-h">Affiliations</h2>
${speaker.affiliations.length === 0
  ? html`<p class="muted">No affiliation recorded.</p>`
  : html`<ol class="timeline">${speaker.affiliations.map(
      (a) => html`<li><span class="period">${period(a.validFrom, a.validTo)}</span>
<strong>${a.role}</strong>, ${a.organization.name}${a.asStated === null ? '' : html`<br><small>as stated: “${a.asStated}”</small>`}
${a.sourceDocumentId === null ? '' : html` <small>(<a href="/v1/documents/${a.sourceDocumentId}">source</a>)</small>`}</li>`,
    )}</ol>`}
</section>
<section aria-labelledby="q-h"><h2 id="q-h">Quotes <span class="muted">(${speaker.quoteCount})</span></h2>
<p><a href="/?speaker=${encodeURIComponent(speaker.slug)}">Search within ${speaker.name}’s quotes</a></p>
<ol class="results">${speaker.quotes.map(
    (q) => html`<li class="result"><blockquote class="quote ${q.kind}"><p>${q.text}</p></blockquote>
<p class="meta"><span class="kind">${KIND_LABELS[q.kind]}</span>${q.saidOn === null ? '' : html` · said <time datetime="${q.saidOn}">${q.saidOn}</time>`}${q.venue === null ? '' : html` · ${q.venue}`}
${q.about === null ? '' : html` · about <a href="/speakers/${encodeURIComponent(q.about.slug)}">${q.about.name}</a>`}</p>
<p><a class="prov" href="/quotes/${q.id}">Provenance and source text</a></p></li>`,
  )}</ol>
</section>
</article>`;
}
