import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** What RFC 4287 (Atom 1.0) requires of a feed and its entries, checked on the parsed XML. */
export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  published?: string;
  content: string;
  summary?: string;
  author?: { name: string; uri?: string }[];
  link: { '@_rel'?: string; '@_href': string; '@_type'?: string }[];
}
export interface AtomFeed {
  '@_xmlns': string;
  id: string;
  title: string;
  updated: string;
  author?: { name: string; uri?: string }[];
  link: { '@_rel'?: string; '@_href': string; '@_type'?: string }[];
  entry: AtomEntry[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ID = /^(tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:\S+|urn:[a-z0-9][a-z0-9-]{0,31}:\S+)$/i;

/** Parses an Atom document, and lists what breaks Atom 1.0 (empty when nothing does). */
export function readAtom(xml: string): { feed: AtomFeed; problems: string[] } {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return { feed: {} as AtomFeed, problems: [`not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`] };
  const parser = new XMLParser({
    ignoreAttributes: false,
    textNodeName: '#text',
    parseTagValue: false,
    isArray: (name) => ['entry', 'link', 'author'].includes(name),
  });
  const parsed = parser.parse(xml) as { feed?: AtomFeed };
  const feed = parsed.feed;
  if (feed === undefined) return { feed: {} as AtomFeed, problems: ['the root element is not <feed>'] };
  feed.entry ??= [];
  const text = (v: unknown) => (typeof v === 'object' && v !== null ? String((v as Record<string, unknown>)['#text'] ?? '') : String(v ?? ''));
  const problems: string[] = [];
  if (feed['@_xmlns'] !== 'http://www.w3.org/2005/Atom') problems.push('feed: not in the Atom namespace');
  for (const [name, ok] of [
    ['id', ID.test(String(feed.id))],
    ['title', text(feed.title) !== ''],
    ['updated', RFC3339.test(String(feed.updated))],
    ['link rel=self', feed.link.some((l) => l['@_rel'] === 'self')],
  ] as const) {
    if (!ok) problems.push(`feed: missing or invalid ${name}`);
  }
  const ids = new Set<string>();
  feed.entry.forEach((e, i) => {
    if (!ID.test(String(e.id))) problems.push(`entry ${i}: id ${String(e.id)} is not a tag: or urn: URI`);
    if (ids.has(String(e.id))) problems.push(`entry ${i}: duplicate id`);
    ids.add(String(e.id));
    if (text(e.title) === '') problems.push(`entry ${i}: no title`);
    if (!RFC3339.test(String(e.updated))) problems.push(`entry ${i}: updated is not RFC 3339`);
    if (e.published !== undefined && !RFC3339.test(String(e.published))) problems.push(`entry ${i}: published is not RFC 3339`);
    if ((e.author ?? feed.author ?? []).length === 0) problems.push(`entry ${i}: no author (nor a feed author)`);
    if (!(e.link ?? []).some((l) => (l['@_rel'] ?? 'alternate') === 'alternate')) problems.push(`entry ${i}: no alternate link (and content is not enough)`);
  });
  return { feed, problems };
}

/** The text of an element the parser may have given as an object (when it has attributes). */
export function textOf(value: unknown): string {
  return typeof value === 'object' && value !== null ? String((value as Record<string, unknown>)['#text'] ?? '') : String(value ?? '');
}
