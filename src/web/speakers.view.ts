import type { SpeakerList, SpeakerListItem } from '../services/speaker.service.ts';
import { affiliationsText } from './fragments.view.ts';
import { html, type SafeHtml } from './html.ts';

function speakerItem(s: SpeakerListItem): SafeHtml {
  return html`<li class="result speaker-item">
<p class="who"><a href="/speakers/${encodeURIComponent(s.slug)}">${s.name}</a> <span class="kind">${s.kind === 'person' ? 'person' : 'organisation'}</span></p>
${s.description === null ? '' : html`<p>${s.description}</p>`}
${s.affiliations.length === 0 ? '' : html`<p class="meta">${affiliationsText(s.affiliations)}</p>`}
${s.aliases.length === 0 ? '' : html`<p class="meta">Also known as ${s.aliases.join(', ')}</p>`}
${s.externalIds.length === 0 ? '' : html`<p class="meta">${s.externalIds.map((e, i) => html`${i > 0 ? ' · ' : ''}${e.scheme} <code>${e.value}</code>`)}</p>`}
<p class="meta">${s.quoteCount === 0 ? 'No quotes on record' : html`<a href="/?speaker=${encodeURIComponent(s.slug)}">${s.quoteCount} quote${s.quoteCount === 1 ? '' : 's'}</a>`}</p>
</li>`;
}

export function speakersPage(q: string, list: SpeakerList, nextHref: string | null): SafeHtml {
  return html`<h1>Speakers</h1>
<form class="search" action="/speakers" method="get" role="search">
<label for="sq">Find a speaker</label>
<div class="row"><input id="sq" name="q" type="search" value="${q}" maxlength="200" aria-describedby="sq-hint" autocomplete="off">
<button type="submit">Find</button></div>
<small id="sq-hint">A name, alias or family name; titles such as “Mr.” or “President” are ignored.</small>
</form>
${list.items.length === 0
  ? html`<p role="status" class="empty">No speaker is known by that name. Check the spelling or try the family name alone.</p>`
  : html`<p role="status" class="count">${q === '' ? `${list.total} speaker${list.total === 1 ? '' : 's'}` : `${list.total} match${list.total === 1 ? '' : 'es'} for “${q}”`}</p>
<ol class="results">${list.items.map(speakerItem)}</ol>`}
${nextHref === null ? '' : html`<p><a class="next" href="${nextHref}" rel="next">More speakers</a></p>`}`;
}
