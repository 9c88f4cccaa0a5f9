import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Repositories, NewAttribution, NewSpeaker } from '../storage/ports/index.ts';
import { slugify } from '../domain/text.ts';
import { buildAttribution, type CreateQuoteInput } from './quote.service.ts';
import { newDocument } from './document.service.ts';

/**
 * Loads curated annotations: for each `<name>.gold.json` in the seed folder,
 * the article `<file>` it names and an optional `<name>.curation.json`.
 * Everything is found-or-created, so seeding twice changes nothing.
 */
const spanSchema = z.object({ text: z.string(), start: z.number().int(), end: z.number().int() });

const goldSchema = z.object({
  document: z.object({
    file: z.string(),
    publishedOn: z.string().nullable(),
    dateline: z.string().nullable(),
    outlet: z.string().nullable(),
    language: z.string(),
  }),
  attributions: z.array(
    z.object({
      kind: z.enum(['direct', 'partial', 'indirect']),
      text: z.string(),
      start: z.number().int(),
      end: z.number().int(),
      speaker: z.string(),
      speakerMention: spanSchema.nullable(),
      cue: spanSchema.nullable(),
      optional: z.boolean().optional(),
      venue: z.string().optional(),
      saidOn: z.string().optional(),
      relayedBy: z.string().optional(),
      relayMention: z.string().optional(),
      about: z.string().optional(),
      alsoSpokenBy: z.array(z.string()).optional(),
    }),
  ),
  speakers: z.array(
    z.object({
      name: z.string(),
      aliases: z.array(z.string()),
      affiliations: z.array(
        z.object({ role: z.string(), organization: z.string(), asStated: z.string(), validIn: z.string().optional() }),
      ),
    }),
  ),
});

const curationSchema = z.object({
  speakers: z.record(
    z.string(),
    z.object({
      slug: z.string().optional(),
      kind: z.enum(['person', 'organization']),
      aliases: z.array(z.string()).optional(),
      description: z.string().optional(),
      externalIds: z.array(z.object({ scheme: z.string(), value: z.string() })).optional(),
      organization: z.object({ name: z.string(), kind: z.string() }).optional(),
    }),
  ),
  organizationKinds: z.record(z.string(), z.string()),
});

type Gold = z.infer<typeof goldSchema>;
type Curation = z.infer<typeof curationSchema>;

export interface SeedReport {
  files: string[];
  documentsCreated: number;
  quotesCreated: number;
  occurrencesCreated: number;
}

function speakersOf(gold: Gold, curation: Curation, documentId: number): NewSpeaker[] {
  const names = new Set<string>([
    ...gold.speakers.map((s) => s.name),
    ...gold.attributions.flatMap((a) => [a.speaker, ...(a.alsoSpokenBy ?? []), ...(a.about ? [a.about] : [])]),
  ]);
  return [...names].map((name) => {
    const annotated = gold.speakers.find((s) => s.name === name);
    const curated = curation.speakers[name];
    return {
      slug: curated?.slug ?? slugify(name),
      name,
      kind: curated?.kind ?? 'person',
      description: curated?.description ?? null,
      aliases: [...(annotated?.aliases ?? []), ...(curated?.aliases ?? [])],
      externalIds: curated?.externalIds ?? [],
      affiliations: (annotated?.affiliations ?? []).map((a) => ({
        organization: { name: a.organization, kind: curation.organizationKinds[a.organization] ?? null },
        role: a.role,
        asStated: a.asStated,
        validFrom: a.validIn ?? null,
        validTo: a.validIn ?? null,
        sourceDocumentId: documentId,
      })),
      ...(curated?.organization ? { organization: curated.organization } : {}),
    };
  });
}

function attributionInputs(gold: Gold, text: string, slugByName: Map<string, string>): CreateQuoteInput[] {
  return gold.attributions.flatMap((a) => {
    const relayStart = a.relayMention === undefined ? -1 : text.indexOf(a.relayMention, a.end);
    const relays =
      a.relayedBy === undefined
        ? []
        : [
            {
              name: a.relayedBy,
              ...(relayStart >= 0 && a.relayMention !== undefined
                ? { mention: { start: relayStart, end: relayStart + a.relayMention.length } }
                : {}),
            },
          ];
    const base = {
      text: a.text,
      kind: a.kind,
      ...(a.saidOn === undefined ? {} : { saidOn: a.saidOn }),
      ...(a.venue === undefined ? {} : { venue: a.venue }),
      ...(a.about === undefined ? {} : { about: slugByName.get(a.about) ?? a.about }),
    };
    const evidence = (withMention: boolean) => ({
      documentId: 0,
      start: a.start,
      end: a.end,
      ...(a.cue ? { cue: { start: a.cue.start, end: a.cue.end } } : {}),
      ...(withMention && a.speakerMention ? { speakerMention: { start: a.speakerMention.start, end: a.speakerMention.end } } : {}),
      relays,
      confidence: 1,
    });
    const speakers = [a.speaker, ...(a.alsoSpokenBy ?? [])];
    return speakers.map((name, i) => ({ ...base, speaker: slugByName.get(name) ?? name, evidence: evidence(i === 0) }));
  });
}

export async function seedFromDirectory(repos: Repositories, directory: string): Promise<SeedReport> {
  const report: SeedReport = { files: [], documentsCreated: 0, quotesCreated: 0, occurrencesCreated: 0 };
  const goldFiles = readdirSync(directory).filter((f) => f.endsWith('.gold.json')).sort();
  for (const goldFile of goldFiles) {
    const gold = goldSchema.parse(JSON.parse(readFileSync(path.join(directory, goldFile), 'utf8')));
    const curationPath = path.join(directory, goldFile.replace(/\.gold\.json$/, '.curation.json'));
    const curation = curationSchema.parse(
      JSON.parse(readFileSyncOr(curationPath, '{"speakers":{},"organizationKinds":{}}')),
    );
    const text = readFileSync(path.join(directory, gold.document.file), 'utf8');
    const { document, created } = await repos.writes.findOrCreateDocument(
      newDocument({
        text,
        language: gold.document.language,
        ...(gold.document.outlet === null ? {} : { outlet: gold.document.outlet }),
        ...(gold.document.publishedOn === null ? {} : { publishedOn: gold.document.publishedOn }),
        ...(gold.document.dateline === null ? {} : { dateline: gold.document.dateline }),
      }),
    );
    if (created) report.documentsCreated++;
    const slugByName = new Map<string, string>();
    for (const speaker of speakersOf(gold, curation, document.id)) {
      const { speaker: saved } = await repos.writes.upsertSpeaker(speaker);
      slugByName.set(speaker.name, saved.slug);
    }
    const attributions: NewAttribution[] = [];
    for (const input of attributionInputs(gold, text, slugByName)) {
      attributions.push(await buildAttribution(repos, { ...input, evidence: { ...input.evidence, documentId: document.id } }, 'seed'));
    }
    for (const attribution of attributions) {
      for (const relay of attribution.relays) {
        if (relay.organization) relay.organization.kind = curation.organizationKinds[relay.name] ?? relay.organization.kind;
      }
    }
    const saved = await repos.writes.saveAttributions(attributions);
    report.quotesCreated += saved.filter((s) => s.quoteCreated).length;
    report.occurrencesCreated += saved.filter((s) => s.occurrenceCreated).length;
    report.files.push(goldFile);
  }
  return report;
}

function readFileSyncOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
}
