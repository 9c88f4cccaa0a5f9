import { z } from 'zod';
import { MAX_RESULT_WINDOW } from '../../services/search.service.ts';
import { reason, revision } from '../schemas/revision.ts';
import { OCCURRENCE_STATUSES, QUOTE_STATUSES, type QuoteStatus } from '../../domain/status.ts';
import { quoteStatus, statusNote, affiliation, citation, documentSummary, isoDate, occurrence, quoteKind, quoteRecord, relay, span, speakerSummary, userText, decimalInt, wordDiff } from '../schemas/common.ts';

/** The request and response schemas of the quotes routes (quotes.routes.ts), for the routes and the pages that reuse them. */

export const QUERY_LANGUAGE = `Query language: plain words must all match, each also in its regular English inflections ("attend" finds "attended", "attending"; "troops" finds "troop") and its derived forms ("ambassador" finds "ambassadorial", "negotiate" finds "negotiations"); "exact phrase" (straight or curly quotes; a quoted single word is exact); prefix* (at least 3 letters before the *, at most 3 per query); -excluded or NOT excluded ; a OR b ; a AND b (the same as a b). A speaker's name or alias among the words, with or without a title ("Ushakov", "Mr. Ushakov", "President Putin"), shows that speaker's quotes matching the other words; a name in quotes is searched as text. Anything else (lower-case and/or/not, NEAR, parentheses, other punctuation) is literal text. Matching ignores case, accents, hyphens and apostrophe style ("Kim Jong-un" = "kim jong un").`;

export const FACETS = ['speaker', 'organization', 'outlet', 'kind', 'year'] as const;

export const facetList = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const names = [...new Set(value.split(',').map((n) => n.trim()).filter((n) => n !== ''))];
    const unknown = names.filter((n) => !(FACETS as readonly string[]).includes(n));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown facet ${unknown.join(', ')}; use any of ${FACETS.join(', ')}` });
      return z.NEVER;
    }
    return names as (typeof FACETS)[number][];
  })
  .describe(`Comma-separated facets to count for the current query: ${FACETS.join(', ')}`);

/** `status=`: which statuses to show (docs/editorial.md); without it, the standing ones. */
export const statusList = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const names = [...new Set(value.split(',').map((n) => n.trim()).filter((n) => n !== ''))];
    if (names.includes('all')) return [...QUOTE_STATUSES];
    const unknown = names.filter((n) => !(QUOTE_STATUSES as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) {
      ctx.addIssue({ code: 'custom', message: `unknown status ${unknown.join(', ')}; use any of ${QUOTE_STATUSES.join(', ')}, or all` });
      return z.NEVER;
    }
    return names as QuoteStatus[];
  })
  .describe(
    `Comma-separated statuses to show: ${QUOTE_STATUSES.join(', ')}, or all. Without it: active and corrected (retracted and rejected quotes are kept but hidden; needs_review quotes, unreviewed extractions, are shown only when asked for)`,
  );

export const searchQuery = z.object({
  q: z.string().max(1000, 'must be at most 1000 characters').optional().describe(QUERY_LANGUAGE),
  speaker: z.string().min(1).max(200).optional().describe('Speaker id, slug, name or alias'),
  organization: z.string().min(1).max(200).optional().describe("Organisation slug or name: the speaker's affiliation when the words were said"),
  outlet: z.string().trim().min(1).max(200).optional().describe('Outlet of a document quoting it (case-insensitive)'),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or ko')
    .optional()
    .describe('Language of a document quoting it'),
  kind: quoteKind.optional(),
  from: isoDate.optional().describe('Said on or after (publication date when the date said is unknown)'),
  to: isoDate.optional().describe('Said on or before'),
  publishedFrom: isoDate.optional().describe('Quoted in a document published on or after'),
  publishedTo: isoDate.optional().describe('Quoted in a document published on or before'),
  evidence: z
    .enum(['document', 'url'])
    .optional()
    .describe('document: quoted in a stored text, at offsets; url: cited at a URL whose text is not held (imported corpora such as Quotebank)'),
  status: statusList.optional(),
  sort: z.enum(['relevance', 'date']).optional().describe('relevance (bm25, ties newest first; the default with q) or date (newest said first)'),
  facets: facetList.optional(),
  limit: decimalInt(1, 100).default(20),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
});

export const searchHit = quoteRecord
  .extend({
    snippet: z.string().describe('HTML-escaped excerpt; matches wrapped in <mark>'),
    matches: z
      .array(z.object({ start: z.number().int(), end: z.number().int() }))
      .describe('UTF-16 offsets into text of each matched word, for clients that render their own highlights'),
    score: z.number().nullable().describe('bm25 relevance, higher is better; null without a text query'),
    filedOn: z.string().nullable().describe('Said on, else first published'),
    firstPublishedOn: z.string().nullable(),
  })
  .meta({ id: 'SearchHit' });

export const speakerMatch = z
  .object({
    text: z.string().describe('The words of q read as a name, folded, titles included ("mr ushakov")'),
    status: z
      .enum(['applied', 'ambiguous', 'no_quotes'])
      .describe(
        "applied: the results are this speaker's quotes matching the other words; ambiguous: the name fits several speakers (listed) and the words were searched as text; no_quotes: none of the speaker's quotes match, the words were searched as text",
      ),
    speakers: z.array(speakerSummary.extend({ affiliations: z.array(affiliation) })).describe('The speaker, or the candidates (at most 20) of an ambiguous name'),
    otherWords: z.string().nullable().describe('The rest of q, searched in the speaker’s quotes; null when the name was all of q'),
    asText: z.string().describe('A q that searches the name as text (its words quoted)'),
  })
  .meta({ id: 'SpeakerMatch' });

export const facetValues = z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() }));

export const searchPage = z
  .object({
    items: z.array(searchHit),
    nextCursor: z
      .string()
      .nullable()
      .describe(`Signed cursor of the next page; null on the last page and past the first ${MAX_RESULT_WINDOW} results (narrow the query to see further)`),
    order: z
      .enum(['relevance', 'date', 'recent'])
      .describe('Order used. recent (newest recorded first) replaces the one asked for when too many quotes match to sort them quickly'),
    estimatedMatches: z
      .number()
      .int()
      .nullable()
      .describe('About how many quotes match: an upper bound from per-term counts, or a lower one when moreThanEstimate is true; null when the index was not consulted'),
    moreThanEstimate: z.boolean().describe('True when more than estimatedMatches quotes match (counting stopped there)'),
    facets: z
      .object({
        counts: z.object(Object.fromEntries(FACETS.map((f) => [f, facetValues.optional()]))),
        basedOn: z.number().int().describe('Matches counted'),
        sampled: z.boolean().describe('True when only the most recent matches were counted'),
      })
      .optional(),
    speakerMatch: speakerMatch.nullable().describe('Set when q names a speaker (and no speaker filter is given)'),
  })
  .meta({ id: 'SearchPage' });

export const variantLink = z
  .object({
    id: z.number().int(),
    text: z.string(),
    diff: wordDiff.nullable().describe('Word diff from the first wording to the second (see the field); null when too different to diff in bounded time'),
  })
  .meta({ id: 'VariantLink' });

/** A quote's variant links, on its own view and its provenance. */
const variantLinks = {
  variantOf: variantLink
    .nullable()
    .describe('Set when these words nearly repeat another quote of the speaker (a variant): that quote, the root of the variants, with the diff from its words to these'),
  variants: z
    .array(variantLink)
    .describe('Quotes of the speaker whose words nearly repeat these, each with the diff from these words to its own; empty for a variant (links never chain)'),
};

export const quoteView = quoteRecord
  .extend({
    asOf: z.string().nullable().describe('Date of "at the time": said on, else first published'),
    affiliationAtTime: z.array(affiliation),
    occurrences: z.array(occurrence).describe('Every document whose text at these offsets is exactly these words (normalised)'),
    citations: z.array(citation).describe('Cited at these URLs, text not held (imported corpora): weaker evidence than occurrences'),
    ...variantLinks,
  })
  .meta({ id: 'Quote' });

export const provenance = z
  .object({
    quote: z.object({ id: z.number().int(), text: z.string(), kind: quoteKind, status: quoteStatus, statusNote: statusNote.nullable() }),
    speaker: speakerSummary,
    affiliationAtTime: z.array(affiliation),
    saidOn: z.string().nullable(),
    venue: z.string().nullable(),
    about: speakerSummary.nullable(),
    earliest: z
      .object({ documentId: z.number().int(), outlet: z.string().nullable(), publishedOn: z.string().nullable() })
      .nullable(),
    chains: z.array(
      z.object({
        occurrenceId: z.number().int(),
        hops: z.array(z.object({ role: z.enum(['speaker', 'venue', 'relay', 'document']), label: z.string() })),
        relays: z.array(relay),
        document: documentSummary,
        start: z.number().int(),
        end: z.number().int(),
        cue: span.nullable(),
        speakerMention: span.nullable(),
        context: z.object({ before: z.string(), quote: z.string(), after: z.string() }),
        attributedBy: z.enum(['manual', 'seed', 'extractor']),
        confidence: z.number(),
        status: z.enum(OCCURRENCE_STATUSES).describe('This piece of evidence as an editor judged it'),
        statusNote: statusNote.nullable(),
      }),
    ),
    citations: z.array(citation).describe('Cited at these URLs, text not held: no chain can be drawn through them'),
    ...variantLinks,
  })
  .meta({ id: 'Provenance' });

export const offsets = z
  .object({ start: z.number().int().min(0).max(10_000_000), end: z.number().int().min(1).max(10_000_000) })
  .strict();

export const createQuoteBody = z
  .object({
    speaker: z.string().min(1).max(200).describe('Speaker id, slug, name or alias (must name exactly one speaker)'),
    about: z.string().min(1).max(200).optional(),
    text: userText(20_000),
    kind: quoteKind,
    saidOn: isoDate.optional(),
    venue: z.string().min(1).max(500).optional(),
    evidence: z
      .object({
        documentId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
        start: z.number().int().min(0).max(10_000_000),
        end: z.number().int().min(1).max(10_000_000),
        cue: offsets.optional(),
        speakerMention: offsets.optional(),
        relays: z
          .array(
            z
              .object({ name: z.string().min(1).max(200), organizationKind: z.string().max(100).optional(), mention: offsets.optional() })
              .strict(),
          )
          .max(10)
          .default([]),
        confidence: z.number().min(0).max(1).default(1),
      })
      .strict()
      .describe('Where the quote appears: the document text at [start, end) must equal `text` exactly'),
  })
  .strict();

/** The fields of a correction (PATCH, and a review's fix): the words themselves cannot change. */
export const correctionFields = {
  kind: quoteKind.optional(),
  saidOn: isoDate.nullable().optional(),
  venue: z.string().min(1).max(500).nullable().optional(),
  about: z.string().min(1).max(200).nullable().optional().describe('Speaker id, slug, name or alias; null to clear'),
  speaker: z
    .object({
      ref: z.string().min(1).max(200).describe('The speaker the quote is to be filed under: id, slug, name or alias'),
      mention: z
        .object({
          documentId: z.number().int().positive().optional().describe('One of the documents of the quote; needed when it has several'),
          start: z.number().int().min(0),
          end: z.number().int().min(1),
        })
        .strict()
        .describe('Where that document names the new speaker (in the attribution or a relay): checked like the quote\'s own offsets (422 speaker_not_in_document)'),
    })
    .strict()
    .optional()
    .describe('Files the quote under another speaker'),
};

const changesSomething = (b: object) => Object.keys(b).some((k) => k !== 'reason');

/** A correction with its reason: PATCH /v1/quotes/{id} and a review's fix. */
export const correctionBody = z
  .object({ ...correctionFields, reason })
  .strict()
  .refine(changesSomething, 'must change at least one field');

export const reasonBody = z.object({ reason }).strict();

export const acceptBody = z
  .object({ reason: reason.optional().describe('Why, when there is more to say than "Accepted in review."') })
  .strict();

export const decision = z
  .object({ quote: quoteView, revision })
  .meta({ id: 'EditorialDecision', description: 'The quote as it now stands, and the revision that records the decision (undo: POST /v1/revisions/{id}/undo)' });
