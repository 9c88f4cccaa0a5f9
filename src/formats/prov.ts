import { periodEnd, periodStart } from '../domain/partial-date.ts';
import { slugify } from '../domain/text.ts';
import type { Provenance } from '../services/quote.service.ts';
import { absolute, type Publisher } from './publisher.ts';

/**
 * A quote's provenance as a W3C PROV graph, then written as PROV-JSON (W3C Member Submission, 2013) or as
 * PROV-O in JSON-LD. Saying generates the statement, attributed to the speaker (acting on behalf of the
 * organisations they served at the time); each relay's report was quoted from the statement or the previous
 * report; publishing generates each document, quoted from the last report, with the statement as its
 * primary source.
 */
export type Literal = string | number | { $: string; type: string };
export type Attributes = Record<string, Literal | Literal[]>;

export type RelationKind = 'wasGeneratedBy' | 'used' | 'wasAssociatedWith' | 'wasAttributedTo' | 'actedOnBehalfOf' | 'wasDerivedFrom';

export interface ProvGraph {
  prefix: Record<string, string>;
  entity: Record<string, Attributes>;
  activity: Record<string, Attributes>;
  agent: Record<string, Attributes>;
  relations: { kind: RelationKind; attributes: Attributes }[];
}

const qname = (value: string) => ({ $: value, type: 'prov:QUALIFIED_NAME' });
const dateTime = (value: string) => ({ $: value, type: 'xsd:dateTime' });

/** The instant a day (or partial date) begins and ends, in UTC: when a date is all we know, the bounds of it. */
const dayStart = (date: string) => `${periodStart(date)}T00:00:00Z`;
const dayEnd = (date: string) => `${periodEnd(date)}T23:59:59Z`;

export function provGraph(p: Provenance, publisher: Publisher): ProvGraph {
  const quote = `whosaid:quotes/${p.quote.id}`;
  const speaker = `whosaid:speakers/${p.speaker.slug}`;
  const saying = `${quote}#saying`;
  const g: ProvGraph = {
    prefix: { whosaid: absolute(publisher, '/'), xsd: 'http://www.w3.org/2001/XMLSchema#' },
    entity: {},
    activity: {},
    agent: {},
    relations: [],
  };
  const relate = (kind: RelationKind, attributes: Attributes) => g.relations.push({ kind, attributes });

  g.agent[speaker] = {
    'prov:type': qname(p.speaker.kind === 'person' ? 'prov:Person' : 'prov:Organization'),
    'prov:label': p.speaker.name,
  };
  g.entity[quote] = {
    'prov:type': qname('whosaid:Statement'),
    'prov:value': p.quote.text,
    'whosaid:kind': p.quote.kind,
    ...(p.saidOn === null ? {} : { 'whosaid:saidOn': p.saidOn }),
  };
  g.activity[saying] = {
    'prov:type': qname('whosaid:Saying'),
    ...(p.venue === null ? {} : { 'prov:label': p.venue }),
    ...(p.saidOn === null ? {} : { 'prov:startTime': dateTime(dayStart(p.saidOn)), 'prov:endTime': dateTime(dayEnd(p.saidOn)) }),
  };
  relate('wasGeneratedBy', { 'prov:entity': quote, 'prov:activity': saying });
  relate('wasAssociatedWith', { 'prov:activity': saying, 'prov:agent': speaker });
  relate('wasAttributedTo', { 'prov:entity': quote, 'prov:agent': speaker });
  for (const a of p.affiliationAtTime) {
    const org = `whosaid:organizations/${a.organization.slug}`;
    g.agent[org] = { 'prov:type': qname('prov:Organization'), 'prov:label': a.organization.name };
    relate('actedOnBehalfOf', { 'prov:delegate': speaker, 'prov:responsible': org, 'prov:activity': saying, 'whosaid:role': a.role });
  }

  for (const chain of p.chains) {
    let source = quote;
    for (const relay of chain.relays) {
      const agent = `whosaid:organizations/${relay.organization?.slug ?? slugify(relay.name)}`;
      g.agent[agent] = { 'prov:type': qname('prov:Organization'), 'prov:label': relay.name };
      const report = `${quote}#report-${chain.occurrenceId}-${relay.position}`;
      const relaying = `${quote}#relaying-${chain.occurrenceId}-${relay.position}`;
      g.entity[report] = { 'prov:type': qname('whosaid:Report'), 'prov:value': p.quote.text, 'whosaid:position': relay.position };
      g.activity[relaying] = { 'prov:type': qname('whosaid:Relaying'), 'prov:label': `${relay.name} relays` };
      relate('used', { 'prov:activity': relaying, 'prov:entity': source });
      relate('wasGeneratedBy', { 'prov:entity': report, 'prov:activity': relaying });
      relate('wasAssociatedWith', { 'prov:activity': relaying, 'prov:agent': agent });
      relate('wasAttributedTo', { 'prov:entity': report, 'prov:agent': agent });
      relate('wasDerivedFrom', { 'prov:generatedEntity': report, 'prov:usedEntity': source, 'prov:activity': relaying, 'prov:type': qname('prov:Quotation') });
      source = report;
    }
    const doc = chain.document;
    const document = `whosaid:v1/documents/${doc.id}`;
    const publishing = `${document}#publishing`;
    g.entity[document] = {
      'prov:type': qname('schema:NewsArticle'),
      'prov:label': doc.title ?? doc.outlet ?? `document #${doc.id}`,
      'whosaid:sha256': doc.sha256,
      'whosaid:language': doc.language,
      ...(doc.url === null ? {} : { 'whosaid:url': { $: doc.url, type: 'xsd:anyURI' } }),
      ...(doc.publishedOn === null ? {} : { 'whosaid:publishedOn': doc.publishedOn }),
    };
    if (g.activity[publishing] === undefined) {
      g.activity[publishing] = {
        'prov:type': qname('whosaid:Publishing'),
        ...(doc.publishedOn === null ? {} : { 'prov:startTime': dateTime(dayStart(doc.publishedOn)), 'prov:endTime': dateTime(dayEnd(doc.publishedOn)) }),
      };
      relate('wasGeneratedBy', { 'prov:entity': document, 'prov:activity': publishing });
      if (doc.outlet !== null) {
        const outlet = `whosaid:outlets/${slugify(doc.outlet)}`;
        g.agent[outlet] = { 'prov:type': qname('prov:Organization'), 'prov:label': doc.outlet };
        relate('wasAssociatedWith', { 'prov:activity': publishing, 'prov:agent': outlet });
        relate('wasAttributedTo', { 'prov:entity': document, 'prov:agent': outlet });
      }
    }
    relate('used', { 'prov:activity': publishing, 'prov:entity': source });
    relate('wasDerivedFrom', {
      'prov:generatedEntity': document,
      'prov:usedEntity': source,
      'prov:activity': publishing,
      'prov:type': qname('prov:Quotation'),
      'whosaid:start': chain.start,
      'whosaid:end': chain.end,
      'whosaid:attributedBy': chain.attributedBy,
      'whosaid:confidence': chain.confidence,
    });
    relate('wasDerivedFrom', { 'prov:generatedEntity': document, 'prov:usedEntity': quote, 'prov:type': qname('prov:PrimarySource') });
  }
  g.prefix.schema = 'https://schema.org/';
  return g;
}

export type ProvJson = Pick<ProvGraph, 'prefix' | 'entity' | 'activity' | 'agent'> & Partial<Record<RelationKind, Record<string, Attributes>>>;

/** PROV-JSON: records by kind, each relation under a blank-node id of its own. */
export function toProvJson(g: ProvGraph): ProvJson {
  const doc: ProvJson = { prefix: g.prefix, entity: g.entity, activity: g.activity, agent: g.agent };
  g.relations.forEach((r, i) => {
    (doc[r.kind] ??= {})[`_:r${i + 1}`] = r.attributes;
  });
  return doc;
}

function jsonLdValue(value: Literal): unknown {
  if (typeof value !== 'object') return value;
  return value.type === 'prov:QUALIFIED_NAME' ? { '@id': value.$ } : { '@value': value.$, '@type': value.type };
}

const ref = (value: Literal | Literal[] | undefined) => (typeof value === 'string' ? { '@id': value } : undefined);

type ProvONode = { '@id': string; '@type': string[] } & Record<string, unknown>;

/** PROV-O (the OWL2 ontology) in JSON-LD: one node per entity, activity and agent, relations as their properties. */
export function toProvO(g: ProvGraph) {
  const nodes = new Map<string, ProvONode>();
  const node = (id: string, type: string, attributes: Attributes) => {
    const out: ProvONode = { '@id': id, '@type': [type] };
    for (const [key, value] of Object.entries(attributes)) {
      const values = Array.isArray(value) ? value : [value];
      if (key === 'prov:type') out['@type'].push(...values.map((v) => (typeof v === 'object' ? v.$ : String(v))));
      else if (key === 'prov:label') out['rdfs:label'] = value;
      else if (key === 'prov:startTime') out['prov:startedAtTime'] = jsonLdValue(values[0] ?? '');
      else if (key === 'prov:endTime') out['prov:endedAtTime'] = jsonLdValue(values[0] ?? '');
      else out[key] = Array.isArray(value) ? value.map(jsonLdValue) : jsonLdValue(value);
    }
    nodes.set(id, out);
  };
  for (const [id, a] of Object.entries(g.entity)) node(id, 'prov:Entity', a);
  for (const [id, a] of Object.entries(g.activity)) node(id, 'prov:Activity', a);
  for (const [id, a] of Object.entries(g.agent)) node(id, 'prov:Agent', a);
  const add = (subject: Literal | Literal[] | undefined, property: string, value: unknown) => {
    const target = typeof subject === 'string' ? nodes.get(subject) : undefined;
    if (target === undefined || value === undefined) return;
    target[property] = [...((target[property] as unknown[] | undefined) ?? []), value];
  };
  for (const { kind, attributes: a } of g.relations) {
    if (kind === 'wasGeneratedBy') add(a['prov:entity'], 'prov:wasGeneratedBy', ref(a['prov:activity']));
    else if (kind === 'used') add(a['prov:activity'], 'prov:used', ref(a['prov:entity']));
    else if (kind === 'wasAssociatedWith') add(a['prov:activity'], 'prov:wasAssociatedWith', ref(a['prov:agent']));
    else if (kind === 'wasAttributedTo') add(a['prov:entity'], 'prov:wasAttributedTo', ref(a['prov:agent']));
    else if (kind === 'actedOnBehalfOf') {
      add(a['prov:delegate'], 'prov:actedOnBehalfOf', ref(a['prov:responsible']));
      add(a['prov:delegate'], 'prov:qualifiedDelegation', {
        '@type': 'prov:Delegation',
        'prov:agent': ref(a['prov:responsible']),
        'prov:hadActivity': ref(a['prov:activity']),
        ...(a['whosaid:role'] === undefined ? {} : { 'whosaid:role': a['whosaid:role'] }),
      });
    } else {
      const type = a['prov:type'];
      const property = typeof type === 'object' && !Array.isArray(type) && type.$ === 'prov:PrimarySource' ? 'prov:hadPrimarySource' : 'prov:wasQuotedFrom';
      add(a['prov:generatedEntity'], property, ref(a['prov:usedEntity']));
    }
  }
  return {
    '@context': {
      prov: 'http://www.w3.org/ns/prov#',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      ...g.prefix,
    },
    '@graph': [...nodes.values()],
  };
}
