import { z } from 'zod';
import { DIFFERENCE_KINDS, FLAG_CODES, VERDICTS } from '../../verification/verdict.ts';
import { affiliation, isoDate, organizationSummary, quoteRecord, speakerSummary, userText, wordDiff } from '../schemas/common.ts';

/** The request and response schemas of the verify routes (verify.routes.ts), for the routes and the pages that reuse them. */

/** Longest claim accepted: a few paragraphs. Quotes are sentences; longer text is an article, not a claim. */
const matchRelation = z.enum(['exact', 'contained', 'near', 'distant']).describe('How the claim relates to this stored quote');

export const MAX_CLAIM_CHARS = 2_000;

export const verifyBody = z
  .object({
    text: userText(MAX_CLAIM_CHARS).describe(`The claimed quote, at most ${MAX_CLAIM_CHARS} characters`),
    speaker: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Who supposedly said it: id, slug, name or alias, with or without titles ("Vice President Joe Biden", "Mr. Shields"); an unknown name checks the claim against everyone'),
    date: isoDate.optional().describe('When it was supposedly said'),
    limit: z.number().int().min(1).max(20).default(5).describe('Most matches to return'),
  })
  .strict();

export const flag = z.object({ code: z.enum(FLAG_CODES), message: z.string() }).meta({ id: 'VerifyFlag' });

export const speakerRelation = z
  .enum(['claimed', 'related', 'other'])
  .nullable()
  .describe('Whose words these are next to the claimed speaker: theirs, a related speaker (their organisation, or a member of it), someone else; null when no speaker was claimed');

export const difference = z
  .object({
    severity: z.enum(['cosmetic', 'meaningful']).describe('cosmetic: the same words in another form; meaningful: what is said changes'),
    kind: z.enum(DIFFERENCE_KINDS),
    stored: z.array(z.string()).describe('The record\'s words involved'),
    claimed: z.array(z.string()).describe('The claim\'s words involved'),
  })
  .meta({ id: 'VerifyDifference' });

export const resolvedSpeaker = speakerSummary.extend({ affiliations: z.array(affiliation) }).meta({ id: 'VerifyResolvedSpeaker' });

export const claimedSpeaker = z
  .object({
    query: z.string().describe('The name as given'),
    name: z.string().describe('The name with titles, honorifics, party labels and leading articles removed'),
    titles: z.array(z.string()).describe('What was removed in front of the name'),
    match: z
      .enum(['exact', 'alias', 'surname', 'ambiguous', 'unknown'])
      .describe('exact: id, slug, name or alias as given; alias: once titles are removed; surname: by surname alone; ambiguous: several people go by it; unknown: nobody'),
    resolved: z.array(resolvedSpeaker).describe('Everyone the name may denote, with affiliations; the claim is checked against all of them'),
    closest: z.array(z.object({ id: z.number().int(), slug: z.string(), name: z.string() })).describe('For an unknown name, the closest known names'),
    related: z
      .array(
        z.object({
          speaker: speakerSummary,
          relation: z.enum(['member', 'organization']).describe('member: a person of the named organisation; organization: the organisation the named person belongs to'),
          organization: organizationSummary,
          role: z.string(),
        }),
      )
      .describe('Speakers related through an organisation: their words are found too, and marked as theirs'),
  })
  .meta({ id: 'VerifyClaimedSpeaker' });

export const match = z
  .object({
    quote: quoteRecord,
    relation: matchRelation,
    similarity: z.number().min(0).max(1),
    asOf: z.string().nullable().describe('Date of "at the time": said on, else first published'),
    affiliationAtTime: z.array(affiliation),
    diff: wordDiff
      .nullable()
      .describe('Word diff from the stored wording to the claim; null when too different to diff in bounded time'),
    omitted: z.object({ before: z.string(), after: z.string() }).nullable().describe('Stored words the claim leaves out'),
    flags: z.array(flag),
    differences: z.array(difference).describe('How the claim differs from this record, meaningful first'),
    speakerRelation,
    provenance: z.object({
      earliest: z
        .object({
          documentId: z.number().int(),
          label: z.string().describe('What the document goes by: outlet, else title, else dateline and date, else its number'),
          outlet: z.string().nullable(),
          title: z.string().nullable(),
          dateline: z.string().nullable(),
          publishedOn: z.string().nullable(),
        })
        .nullable(),
      firstAppearance: z.string().nullable(),
      documents: z.number().int(),
      relays: z.array(z.string()),
    }),
  })
  .meta({ id: 'VerifyMatch' });

export const verifyResult = z
  .object({
    verdict: z.enum(VERDICTS),
    confidence: z.number().min(0).max(1),
    explanation: z.string(),
    severity: z
      .enum(['none', 'cosmetic', 'meaningful'])
      .nullable()
      .describe('Against the record the verdict rests on: none, the same words; cosmetic, only their form differs; meaningful, what is said differs; null for not_found'),
    claim: z.object({
      text: z.string(),
      normalized: z.string(),
      speaker: claimedSpeaker.nullable(),
      date: z.string().nullable(),
    }),
    flags: z.array(flag).describe('Notes on the claimed speaker, then flags of the match the verdict rests on'),
    matches: z.array(match).describe('Evidence, the match the verdict rests on first; empty for not_found'),
    opposite: z
      .object({
        quote: quoteRecord,
        overlap: z.number().min(0).max(1).describe('Share of the claim\'s content words the record holds'),
        speakerRelation,
        note: z.string(),
      })
      .nullable()
      .describe('"The record says the opposite": the claimed speaker (or their organisation) on record with the opposite sense, whatever the verdict'),
    withdrawn: z
      .array(z.object({ quote: quoteRecord, relation: matchRelation, similarity: z.number() }))
      .describe(
        'Close records an editor retracted or rejected: never the basis of the verdict, listed so that a claim resting on a withdrawn quote is seen as such (their statusNote says who withdrew them, when and why)',
      ),
    tier: z.enum(['exact', 'lsh', 'fts', 'none']).describe('Which lookup found the evidence'),
  })
  .meta({ id: 'VerifyResult' });
