import type { Provenance } from '../services/quote.service.ts';
import type { VariantLink } from '../services/variants.ts';
import { affiliationsText, dateText, documentLabel, documentLink, KIND_LABELS, speakerLink } from './fragments.view.ts';
import { html, type SafeHtml } from './html.ts';
import { statusNotice } from './status.view.ts';

type Chain = Provenance['chains'][number];

/** The source text with the quote marked; offsets are UTF-16 indices, as JavaScript slices them. */
function sourceText(chain: Chain, text: string | null): SafeHtml {
  if (text === null) return html`<p class="muted">The source text is not available.</p>`;
  return html`<div class="source" data-document-id="${chain.document.id}" tabindex="0" role="region" aria-label="Source text of ${documentLabel(chain.document)}">${text.slice(0, chain.start)}<mark id="quote-${chain.occurrenceId}">${text.slice(chain.start, chain.end)}</mark>${text.slice(chain.end)}</div>`;
}

function chainHtml(p: Provenance, chain: Chain, text: string | null, index: number): SafeHtml {
  const doc = chain.document;
  return html`<section class="chain" aria-labelledby="chain-${chain.occurrenceId}">
<h2 id="chain-${chain.occurrenceId}">${index === 0 ? 'Earliest appearance' : `Appearance ${index + 1}`}: ${documentLabel(doc)}, ${dateText(doc.publishedOn, 'undated')}</h2>
<ol class="hops">
<li><span class="role">Speaker</span> ${speakerLink(p.speaker)}${p.affiliationAtTime.length > 0 ? html`, ${affiliationsText(p.affiliationAtTime)}` : ''}${chain.speakerMention === null ? '' : html` <small>(named as “${chain.speakerMention.text}”)</small>`}</li>
${p.venue !== null || p.saidOn !== null ? html`<li><span class="role">Said</span> ${p.venue ?? ''}${p.venue !== null && p.saidOn !== null ? ', ' : ''}${p.saidOn === null ? '' : dateText(p.saidOn)}</li>` : ''}
${chain.relays.map((r) => html`<li class="relay"><span class="role">Relayed by</span> ${r.name}${r.mention === null ? '' : html` <small>(“${r.mention.text}”)</small>`}</li>`)}
<li><span class="role">Document</span> ${documentLink(doc)}${doc.title === null || doc.outlet === null ? '' : html`: “${doc.title}”`}, ${dateText(doc.publishedOn, 'undated')}${doc.dateline === null ? '' : html`, ${doc.dateline}`}
${doc.url === null || !/^https?:\/\//i.test(doc.url) ? '' : html` · <a href="${doc.url}" rel="noopener noreferrer nofollow">original</a>`} · <a href="/documents/${doc.id}">all quotes in it</a> · <a href="/v1/documents/${doc.id}">JSON</a></li>
</ol>
<p class="meta">Attributed by ${chain.attributedBy}, confidence ${chain.confidence.toFixed(2)}${chain.cue === null ? '' : html` · cue “${chain.cue.text}”`} · <a href="#quote-${chain.occurrenceId}">Jump to the quote in the text</a></p>
${sourceText(chain, text)}
</section>`;
}

/**
 * A variant's wording as a word diff, as the check page shows one: added words
 * underlined, removed ones struck (its plain text when too different to diff).
 * Never in quotation marks: the variant may be reported speech.
 */
function diffHtml(link: VariantLink): SafeHtml {
  const diff = link.diff;
  if (diff === null) return html`<p class="diff">${link.text}</p>`;
  return html`<p class="diff">${diff.map((part, i) => {
    const space = i === 0 ? '' : ' ';
    if (part.op === 'added') return html`${space}<ins>${part.text}</ins>`;
    if (part.op === 'removed') return html`${space}<del>${part.text}</del>`;
    return html`${space}<span>${part.text}</span>`;
  })}</p>`;
}

/**
 * Near-duplicate wordings on record, each a quote of its own with its own
 * sources: the one these words vary, or the ones that vary them.
 */
function variantsHtml(p: Provenance): SafeHtml | string {
  if (p.variantOf !== null) {
    const root = p.variantOf;
    return html`<section class="variants" aria-labelledby="variants">
<h2 id="variants">A variant wording</h2>
<p>Other sources print these words differently, as <a href="/quotes/${root.id}">quote #${root.id}</a>. Each wording is on record with only the sources that print it. From that wording to this one:</p>
${diffHtml(root)}
</section>`;
  }
  if (p.variants.length === 0) return '';
  return html`<section class="variants" aria-labelledby="variants">
<h2 id="variants">Variant wordings</h2>
<p>Other sources print these words differently; each wording is on record with only the sources that print it. From this wording to each:</p>
<ul>${p.variants.map((v) => html`<li><a href="/quotes/${v.id}">Quote #${v.id}</a>${diffHtml(v)}</li>`)}</ul>
</section>`;
}

export function provenancePage(p: Provenance, texts: Map<number, string>): SafeHtml {
  return html`<article class="provenance">
${statusNotice(p.quote.status, p.quote.statusNote)}
<p class="kicker">${KIND_LABELS[p.quote.kind]}</p>
<blockquote class="quote big ${p.quote.kind}"><p>${p.quote.text}</p></blockquote>
<p class="who">— ${speakerLink(p.speaker)}${p.affiliationAtTime.length > 0 ? html`, ${affiliationsText(p.affiliationAtTime)}` : ''}${p.about === null ? '' : html` · about ${speakerLink(p.about)}`}</p>
${variantsHtml(p)}
${p.chains.map((chain, i) => chainHtml(p, chain, texts.get(chain.document.id) ?? null, i))}
${citationsHtml(p)}
</article>`;
}

/** Citations: the source says the quote is at these URLs; no text is held, so nothing here was checked. */
function citationsHtml(p: Provenance): SafeHtml | '' {
  if (p.citations.length === 0) return '';
  return html`<section class="citations" aria-labelledby="citations">
<h2 id="citations">Cited at URL, text not held</h2>
<p class="muted">${p.chains.length === 0 ? 'No document holding these words is stored: ' : ''}the source below reports the quote at these addresses. Their text is not held here, so the words were not checked against it.</p>
<ul>
${p.citations.map(
  (c) =>
    html`<li>${/^https?:\/\//i.test(c.url) ? html`<a href="${c.url}" rel="noopener noreferrer nofollow">${c.url}</a>` : c.url}${c.seenOn === null ? '' : html`, ${dateText(c.seenOn)}`} <small>(${c.source}${c.sourceQuoteId === null ? '' : html` ${c.sourceQuoteId}`}, speaker probability ${c.confidence.toFixed(2)})</small></li>`,
)}
</ul>
</section>`;
}
