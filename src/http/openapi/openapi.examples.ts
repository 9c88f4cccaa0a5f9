/**
 * Examples for the OpenAPI document, copied from what the seeded app answers
 * (seed/seoul-2025-05-08-victory-day.*). test/openapi.contract.test.ts checks
 * every one against its schema, and sends the example requests to the seeded app.
 */
export interface OperationExamples {
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  body?: unknown;
  responses?: Record<number, unknown>;
}

const ushakov = {
  id: 1,
  slug: 'yury-ushakov',
  name: 'Yury Ushakov',
  kind: 'person',
  description: 'Russian presidential aide',
} as const;

const lim = {
  id: 2,
  slug: 'lim-eul-chul',
  name: 'Lim Eul-chul',
  kind: 'person',
  description: "Professor at Kyungnam University's Institute for Far Eastern Studies",
} as const;

const limAffiliation = {
  id: 2,
  organization: {
    id: 2,
    slug: 'institute-for-far-eastern-studies-kyungnam-university',
    name: 'Institute for Far Eastern Studies, Kyungnam University',
    kind: 'university institute',
  },
  role: 'professor',
  asStated: 'a professor at Kyungnam University’s Institute for Far Eastern Studies',
  validFrom: null,
  validTo: null,
  sourceDocumentId: 1,
} as const;

const ushakovAffiliation = {
  id: 1,
  organization: { id: 1, slug: 'russian-presidency-the-kremlin', name: 'Russian Presidency (the Kremlin)', kind: 'government' },
  role: 'presidential aide',
  asStated: 'Russian presidential aide',
  validFrom: null,
  validTo: null,
  sourceDocumentId: 1,
} as const;

const seedDocument = {
  id: 1,
  outlet: null,
  title: null,
  url: null,
  publishedOn: '2025-05-08',
  dateline: 'SEOUL',
  language: 'en',
  sha256: '20d4fcc2af6ab90f3b5bb337e3928cb1fcd14863bdf3d84ee7e7aa955dfa9372',
  addedAt: '2026-11-27T04:02:29.809+00:00',
} as const;

const ambassadorial = 'North Korea will be represented at the ambassadorial level';

const limQuote = {
  id: 18,
  text: 'The presentation of mass production centered on artillery shells and the long-term development strategy of the machine industry (by Kim) is assessed as being intended to meet Russia’s war of attrition demand, to secure foreign currency and technology as a result and to prepare for a future of closer technological cooperation and exchange with Russia.',
  kind: 'direct',
  saidOn: null,
  venue: null,
  speaker: lim,
  about: null,
  status: 'active',
  statusNote: null,
} as const;

const tass = {
  position: 1,
  name: 'TASS',
  organization: { id: 10, slug: 'tass', name: 'TASS', kind: 'news agency' },
  mention: { text: 'Russia’s state-run news agency TASS', start: 679, end: 714 },
} as const;

export const OPERATION_EXAMPLES: Record<string, OperationExamples> = {
  health: {
    responses: { 200: { status: 'ok', database: { reachable: true, backend: 'sqlite', replica: null, latestMigration: '20261127035000_init', appliedMigrations: 1 } } },
  },
  searchQuotes: {
    query: { q: 'ambassadorial', limit: '20' },
    responses: {
      200: {
        items: [
          {
            id: 3,
            text: ambassadorial,
            kind: 'direct',
            saidOn: '2025-05-06',
            venue: 'briefing',
            speaker: ushakov,
            about: null,
            status: 'active',
            statusNote: null,
            snippet: 'North Korea will be represented at the <mark>ambassadorial</mark> level',
            matches: [{ start: 39, end: 52 }],
            score: 3.3817,
            filedOn: '2025-05-06',
            firstPublishedOn: '2025-05-08',
          },
        ],
        nextCursor: null,
        order: 'relevance',
        estimatedMatches: 1,
        moreThanEstimate: false,
        speakerMatch: null,
      },
    },
  },
  getQuote: { params: { id: '3' } },
  getQuoteHistory: { params: { id: '3' }, responses: { 200: { revisions: [], nextCursor: null } } },
  getQuoteProvenance: {
    params: { id: '3' },
    responses: {
      200: {
        quote: { id: 3, text: ambassadorial, kind: 'direct', status: 'active', statusNote: null },
        speaker: ushakov,
        affiliationAtTime: [ushakovAffiliation],
        saidOn: '2025-05-06',
        venue: 'briefing',
        about: null,
        earliest: { documentId: 1, outlet: null, publishedOn: '2025-05-08' },
        chains: [
          {
            occurrenceId: 3,
            hops: [
              { role: 'speaker', label: 'Yury Ushakov' },
              { role: 'venue', label: 'briefing, 2025-05-06' },
              { role: 'relay', label: 'TASS' },
              { role: 'document', label: 'document #1, 2025-05-08' },
            ],
            relays: [tass],
            document: seedDocument,
            start: 605,
            end: 663,
            cue: { text: 'said', start: 598, end: 602 },
            speakerMention: { text: 'Yury Ushakov', start: 585, end: 597 },
            context: {
              before: '…In a briefing on Tuesday, Russian presidential aide Yury Ushakov said, “',
              quote: ambassadorial,
              after: ',” according to Russia’s state-run news agency TASS.…',
            },
            attributedBy: 'seed',
            confidence: 1,
            status: 'active',
            statusNote: null,
          },
        ],
        citations: [],
        variantOf: null,
        variants: [],
      },
    },
  },
  searchSpeakers: {
    query: { q: 'Lim', limit: '10' },
    responses: {
      200: { items: [{ ...lim, matchedAlias: 'Lim', score: 1, quoteCount: 4, affiliations: [limAffiliation] }] },
    },
  },
  speakerFeed: { params: { slug: 'yury-ushakov' } },
  searchFeed: { query: { q: 'ambassadorial' } },
  getSpeaker: {
    params: { idOrSlug: 'lim-eul-chul' },
    query: { quotes: '1' },
    responses: {
      200: {
        ...lim,
        aliases: ['Lim'],
        externalIds: [],
        affiliations: [limAffiliation],
        currentAffiliations: [limAffiliation],
        quoteCount: 4,
        quotes: [limQuote],
        quotesAbout: [],
        mentionsQuery: '"lim eul chul" OR "lim"',
      },
    },
  },
  getDocument: { params: { id: '1' } },
  getDocumentHistory: { params: { id: '1' }, responses: { 200: { revisions: [], nextCursor: null } } },
  getSpeakerHistory: { params: { idOrSlug: 'lim-eul-chul' }, responses: { 200: { revisions: [], nextCursor: null } } },
  createQuote: {
    body: {
      speaker: 'yury-ushakov',
      text: ambassadorial,
      kind: 'direct',
      saidOn: '2025-05-06',
      venue: 'briefing',
      evidence: {
        documentId: 1,
        start: 605,
        end: 663,
        cue: { start: 598, end: 602 },
        speakerMention: { start: 585, end: 597 },
        relays: [{ name: 'TASS', organizationKind: 'news agency', mention: { start: 679, end: 714 } }],
      },
    },
  },
  createSpeaker: {
    body: {
      name: 'Hong Min',
      kind: 'person',
      affiliations: [{ organization: 'Korea Institute for National Unification', role: 'senior research fellow' }],
    },
  },
  createDocument: {
    body: {
      text: 'In a briefing on Tuesday, Russian presidential aide Yury Ushakov said, “North Korea will be represented at the ambassadorial level,” according to Russia’s state-run news agency TASS.',
      publishedOn: '2025-05-08',
      dateline: 'SEOUL',
      language: 'en',
    },
  },
};
