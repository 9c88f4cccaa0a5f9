import { createHash } from 'node:crypto';
import { periodStart } from '../domain/partial-date.ts';
import type { QuoteInContext } from '../services/quote.service.ts';
import { absolute, type Publisher } from './publisher.ts';

/** The year in every tag: URI whosaid mints (RFC 4151: the authority owned its name then). */
const TAG_YEAR = '2025';

/** Host names of publisher URLs, parsed once (an entry has several tag: URIs, a feed up to 100 entries). */
const hostNames = new Map<string, string>();

/** A stable tag: URI (RFC 4151) on the publisher's host name. */
export function tagUri(publisher: Publisher, specific: string): string {
  let host = hostNames.get(publisher.url);
  if (host === undefined) {
    host = new URL(publisher.url).hostname;
    if (hostNames.size > 100) hostNames.clear();
    hostNames.set(publisher.url, host);
  }
  return `tag:${host},${TAG_YEAR}:${specific}`;
}

// Characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR; U+FFFE, U+FFFF); they cannot be escaped.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g; // eslint-disable-line no-control-regex

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An RFC 3339 instant from a stored timestamp or (partial) date: a date means its first instant, UTC. */
function instant(value: string): string {
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) ? `${periodStart(value)}T00:00:00Z` : new Date(value).toISOString();
}

/** A feed without entries is as old as the epoch: nothing in it was ever updated. */
const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00Z';

/** One entry of a feed, written: `atomDocument` puts entries together. */
export interface AtomEntry {
  updated: string;
  xml: string;
}

/** A quote as an Atom entry. */
export function atomEntry(publisher: Publisher, quote: QuoteInContext): AtomEntry {
  const recorded = quote.occurrences.map((o) => o.document.addedAt).sort();
  const published = recorded[0] === undefined ? null : instant(recorded[0]);
  const updated = recorded.at(-1) === undefined ? (quote.asOf === null ? EMPTY_FEED_UPDATED : instant(quote.asOf)) : instant(recorded.at(-1) ?? '');
  const page = absolute(publisher, `/quotes/${quote.id}`);
  const title = quote.text.length > 100 ? `${quote.text.slice(0, 99).trimEnd()}…` : quote.text;
  const earliest = quote.occurrences[0]?.document;
  const facts = [
    quote.saidOn === null ? null : `said ${quote.saidOn}`,
    quote.venue,
    earliest === undefined ? null : `first published ${[earliest.outlet, earliest.publishedOn].filter((v) => v !== null).join(', ')}`,
  ].filter((v) => v !== null && v !== '');
  const xml = `<entry>
<id>${xmlEscape(tagUri(publisher, `quotes/${quote.id}`))}</id>
<title type="text">${xmlEscape(`${quote.speaker.name}: “${title}”`)}</title>
<updated>${updated}</updated>
${published === null ? '' : `<published>${published}</published>\n`}<author><name>${xmlEscape(quote.speaker.name)}</name><uri>${xmlEscape(absolute(publisher, `/speakers/${encodeURIComponent(quote.speaker.slug)}`))}</uri></author>
<link rel="alternate" type="text/html" href="${xmlEscape(page)}"/>
<link rel="related" type="application/json" href="${xmlEscape(absolute(publisher, `/v1/quotes/${quote.id}/provenance`))}"/>
<summary type="text">${xmlEscape(facts.join(' · '))}</summary>
<content type="text">${xmlEscape(quote.text)}</content>
</entry>`;
  return { updated, xml };
}

export interface FeedSpec {
  /** Path of the feed here, with its query: its tag: id and rel=self link. */
  selfPath: string;
  /** The page showing the same quotes. */
  alternatePath: string;
  title: string;
  quotes: readonly QuoteInContext[];
}

/**
 * An Atom 1.0 feed (RFC 4287) of quotes, in the order given. Entries are updated when a document
 * quoting them was recorded, so a quote found again in a new article comes back to the top of readers.
 */
export function atomFeed(spec: FeedSpec, publisher: Publisher): string {
  return atomDocument(spec, spec.quotes.map((q) => atomEntry(publisher, q)), publisher);
}

/** The feed of `spec` with its entries already written (`atomEntry`, one per quote, in order). */
export function atomDocument(spec: Omit<FeedSpec, 'quotes'>, entries: readonly AtomEntry[], publisher: Publisher): string {
  const updated = entries.map((e) => e.updated).sort().at(-1) ?? EMPTY_FEED_UPDATED;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${xmlEscape(tagUri(publisher, spec.selfPath))}</id>
<title type="text">${xmlEscape(spec.title)}</title>
<updated>${updated}</updated>
<author><name>${xmlEscape(publisher.name)}</name><uri>${xmlEscape(publisher.url)}</uri></author>
<link rel="self" type="application/atom+xml" href="${xmlEscape(absolute(publisher, spec.selfPath))}"/>
<link rel="alternate" type="text/html" href="${xmlEscape(absolute(publisher, spec.alternatePath))}"/>
<generator uri="${xmlEscape(publisher.url)}">whosaid</generator>
${entries.map((e) => e.xml).join('\n')}
</feed>
`;
}

/** A strong validator of the exact bytes of a representation. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header (RFC 9110: weak comparison, a list, or *) names this ETag. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
