import type { QuoteRecord } from '../domain/models.ts';
import type { Provenance } from '../services/quote.service.ts';
import { absolute, SCHEMA_ORG_CONTEXT, speakerNode, type Publisher } from './publisher.ts';

type Document = Provenance['chains'][number]['document'];

function newsArticle(publisher: Publisher, doc: Document) {
  return {
    '@type': 'NewsArticle' as const,
    '@id': absolute(publisher, `/v1/documents/${doc.id}`),
    url: doc.url !== null && /^https?:\/\//i.test(doc.url) ? doc.url : absolute(publisher, `/v1/documents/${doc.id}`),
    ...(doc.title === null ? {} : { headline: doc.title }),
    ...(doc.publishedOn === null ? {} : { datePublished: doc.publishedOn }),
    ...(doc.dateline === null ? {} : { dateline: doc.dateline }),
    ...(doc.outlet === null ? {} : { publisher: { '@type': 'Organization' as const, name: doc.outlet } }),
    inLanguage: doc.language,
  };
}

function quotationBase(publisher: Publisher, quote: Pick<QuoteRecord, 'id' | 'text' | 'saidOn' | 'speaker' | 'about'>) {
  return {
    '@type': 'Quotation' as const,
    '@id': absolute(publisher, `/quotes/${quote.id}`),
    url: absolute(publisher, `/quotes/${quote.id}`),
    text: quote.text,
    spokenByCharacter: speakerNode(publisher, quote.speaker),
    ...(quote.saidOn === null ? {} : { dateCreated: quote.saidOn }),
    ...(quote.about === null ? {} : { about: speakerNode(publisher, quote.about) }),
  };
}

/**
 * A quote page as a schema.org Quotation: who spoke it, when it was said (dateCreated), and the documents
 * quoting it (isPartOf, earliest first) with the date it was first published (datePublished).
 */
export function quotationOfProvenance(p: Provenance, publisher: Publisher) {
  const documents = [...new Map(p.chains.map((c) => [c.document.id, c.document])).values()];
  const firstPublished = documents.map((d) => d.publishedOn).find((d) => d !== null);
  return {
    '@context': SCHEMA_ORG_CONTEXT,
    ...quotationBase(publisher, { id: p.quote.id, text: p.quote.text, saidOn: p.saidOn, speaker: p.speaker, about: p.about }),
    ...(firstPublished === undefined ? {} : { datePublished: firstPublished }),
    ...(documents.length === 0 ? {} : { isPartOf: documents.map((d) => newsArticle(publisher, d)) }),
  };
}

/** A speaker page's quotes as schema.org Quotations; each one's documents are on its own page (url). */
export function quotationsOfSpeaker(quotes: readonly QuoteRecord[], publisher: Publisher) {
  return { '@context': SCHEMA_ORG_CONTEXT, '@graph': quotes.map((q) => quotationBase(publisher, q)) };
}
