/**
 * `npm run eval:verify [-- --dir PATH] [--per-kind N] [--json] [--postgres]`
 * (--postgres: on a throwaway PostgreSQL server instead of a SQLite file)
 *
 * A held-out-style evaluation of POST /v1/verify's service on real articles:
 * the PolNeAR dev texts (read at run time from ../shared/eval, never copied)
 * are ingested through the extractor into a fresh database, then claims are
 * built by rule from the stored records, each with the verdict the rule
 * implies (an exact quote of a direct quote is accurate, the same words given
 * to someone else are misattributed, …). Reports accuracy per kind of claim
 * and per expected verdict.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { startPostgresServer } from '../test/support/postgres-server.ts';
import type { QuoteRecord, SpeakerDetail } from '../src/domain/models.ts';
import { surnamesOf } from '../src/domain/person-name.ts';
import { foldName } from '../src/domain/text.ts';
import { createStorage } from '../src/storage/index.ts';
import type { Repositories } from '../src/storage/ports/index.ts';
import { ingestDocument } from '../src/services/extraction.service.ts';
import { createInProcessExtractor } from '../src/workers/extraction-pool.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../src/extraction/confidence.ts';
import { verifyClaim } from '../src/services/verify.service.ts';
import { changesMeaningWhenCut, isNegation } from '../src/verification/meaning.ts';
import { tokenize } from '../src/verification/tokens.ts';
import { runMain } from '../src/cli/run-main.ts';
import { Random } from './corpus/random.ts';

type Verdict = 'accurate' | 'partial' | 'altered' | 'misattributed' | 'paraphrase' | 'not_found';
type Kind =
  | 'exact'
  | 'cosmetic'
  | 'partial'
  | 'altered'
  | 'misattributed'
  | 'titled'
  | 'surname'
  | 'unknown-speaker'
  | 'ambiguous-name'
  | 'entity-swap'
  | 'not-on-record'
  | 'not-on-record-named';

interface EvalClaim {
  kind: Kind;
  text: string;
  speaker?: string;
  expected: Verdict;
  /** For speaker-resolution kinds: the slug the name must resolve to (among others when ambiguous). */
  resolvesTo?: string;
  /** For ambiguous names: the resolution must be ambiguous. */
  ambiguous?: boolean;
  source: number | null;
}

const DEFAULT_DIRS = ['../shared/eval/polnear/dev', '../../shared/eval/polnear/dev'];
const INVENTED = [
  'Dmitry Peskov', 'Kremlin spokesman Dmitry Peskov', 'Ursula Brandtner', 'Mr. Adeyemi', 'Marguerite Fontaine', 'Sen. Tadeusz Wrobel', 'Ingrid Solberg',
];
/** Names put in place of a name of the quote: none of them is in the dev articles' quotes. */
const SWAP_NAMES = ['Portugal', 'Nairobi', 'Ottawa', 'Belgrade', 'Montevideo', 'Tasmania'];
const HONORIFICS = ['Mr.', 'Sen.', 'Rep.', 'Gov.', 'Dr.', 'Vice President', 'Former Secretary of State', 'Democratic nominee', 'Republican candidate'];
const SPELLING: ReadonlyArray<[RegExp, string]> = [
  [/\borganiz/u, 'organis'], [/\brecogniz/u, 'recognis'], [/\bcolor/u, 'colour'], [/\bfavor/u, 'favour'], [/\bhonor/u, 'honour'],
  [/\blabor\b/u, 'labour'], [/\bdefense\b/u, 'defence'], [/\bcenter\b/u, 'centre'], [/\bcriticiz/u, 'criticis'], [/\brealiz/u, 'realis'],
  [/\bapologiz/u, 'apologis'], [/\bemphasiz/u, 'emphasis'], [/\bprogram\b/u, 'programme'], [/\bbehavior/u, 'behaviour'], [/\banalyz/u, 'analys'],
];
const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bdo not\b/u, "don't"], [/\bdon't\b/u, 'do not'], [/\bdoes not\b/u, "doesn't"], [/\bdoesn't\b/u, 'does not'], [/\bis not\b/u, "isn't"],
  [/\bisn't\b/u, 'is not'], [/\bwill not\b/u, "won't"], [/\bwon't\b/u, 'will not'], [/\bI am\b/u, "I'm"], [/\bI'm\b/u, 'I am'],
  [/\bit is\b/u, "it's"], [/\bit's\b/u, 'it is'], [/\bwe are\b/u, "we're"], [/\bwe're\b/u, 'we are'], [/\bthey are\b/u, "they're"],
  [/\bthey're\b/u, 'they are'], [/\bcannot\b/u, "can't"], [/\bcan't\b/u, 'cannot'], [/\bI have\b/u, "I've"], [/\bI've\b/u, 'I have'],
  [/\bwe have\b/u, "we've"], [/\bdid not\b/u, "didn't"], [/\bdidn't\b/u, 'did not'], [/\bwould not\b/u, "wouldn't"], [/\bare not\b/u, "aren't"],
];
const NEGATABLE: ReadonlyArray<[RegExp, string]> = [
  [/\bwill\b/u, 'will not'], [/\bis\b/u, 'is not'], [/\bare\b/u, 'are not'], [/\bwas\b/u, 'was not'], [/\bcan\b/u, 'cannot'], [/\bhas\b/u, 'has not'],
  [/\bwould\b/u, 'would not'], [/\bshould\b/u, 'should not'],
];

const straight = (s: string) => s.replace(/[\u2018\u2019]/gu, "'").replace(/[\u201C\u201D]/gu, '"');

function findDevDir(given: string | undefined): string {
  const root = path.resolve(import.meta.dirname, '..');
  const candidates = given !== undefined ? [given] : DEFAULT_DIRS.map((d) => path.resolve(root, d));
  for (const dir of candidates) if (existsSync(path.join(dir, 'text'))) return dir;
  throw new Error(`No PolNeAR dev texts in ${candidates.join(' or ')} (pass --dir …/polnear/dev)`);
}

/** Word spans of a text, to cut it at word boundaries with its own punctuation. */
function wordSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function baseVerdict(q: QuoteRecord): Verdict {
  return q.kind === 'indirect' ? 'paraphrase' : 'accurate';
}

interface Store {
  quotes: QuoteRecord[];
  speakers: Map<number, SpeakerDetail>;
  /** Speakers of each folded quote text: claims are built only from texts one speaker has. */
  textSpeakers: Map<string, Set<number>>;
  surnameHolders: Map<string, Set<number>>;
  sentences: string[];
}

async function load(repos: Repositories, files: string[]): Promise<Store> {
  const texts: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    texts.push(text);
    await ingestDocument(repos, createInProcessExtractor(DEFAULT_REVIEW_THRESHOLD), { text, language: 'en' });
  }
  await repos.writes.reconcileLshIndex();
  const maxId = await repos.quotes.maxId();
  const quotes = (await repos.verify.quotes(Array.from({ length: maxId }, (_, i) => i + 1)))
    .sort((a, b) => a.id - b.id);
  const speakers = new Map<number, SpeakerDetail>();
  for (const q of quotes) {
    if (!speakers.has(q.speaker.id)) {
      const s = await repos.speakers.findByRef(String(q.speaker.id));
      if (s !== null) speakers.set(s.id, s);
    }
  }
  const textSpeakers = new Map<string, Set<number>>();
  for (const q of quotes) {
    const key = foldName(q.text);
    textSpeakers.set(key, (textSpeakers.get(key) ?? new Set()).add(q.speaker.id));
  }
  const surnameHolders = new Map<string, Set<number>>();
  for (const s of speakers.values()) {
    if (s.kind !== 'person') continue;
    for (const surname of surnamesOf(s.name, s.aliases)) surnameHolders.set(surname, (surnameHolders.get(surname) ?? new Set()).add(s.id));
  }
  // Narration: sentences of the articles that hold no quotation mark, no speech verb and share no long run with a stored quote.
  const quoted = quotes.map((q) => foldName(q.text));
  const sentences: string[] = [];
  for (const text of texts) {
    for (const raw of text.split(/(?<=[.!?])\s+(?=[A-Z])/u)) {
      const s = raw.trim();
      const words = s.split(/\s+/u).length;
      if (words < 10 || words > 40 || /["“”‘’]|\b(?:said|says|told|according|added|stated|announced|wrote|argued|claimed|asked)\b/iu.test(s)) continue;
      const folded = foldName(s);
      const probe = folded.split(' ').slice(2, 8).join(' ');
      if (quoted.some((q) => q.includes(probe) || folded.includes(q))) continue;
      sentences.push(s);
    }
  }
  return { quotes, speakers, textSpeakers, surnameHolders, sentences };
}

function buildClaims(store: Store, perKind: number, random: Random): EvalClaim[] {
  const shuffled = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random.next() * xs.length)] as T;
  const persons = [...store.speakers.values()].filter((s) => s.kind === 'person');
  // Quotes one speaker alone has, long enough to pin down, by a named person or organisation.
  const usable = store.quotes.filter((q) => {
    const n = tokenize(q.text).length;
    return n >= 8 && n <= 80 && store.textSpeakers.get(foldName(q.text))?.size === 1 && store.speakers.has(q.speaker.id);
  });
  const claims: EvalClaim[] = [];
  const take = (kind: Kind, make: (q: QuoteRecord) => EvalClaim | null, pool: readonly QuoteRecord[] = usable) => {
    let n = 0;
    for (const q of shuffled(pool)) {
      if (n >= perKind) break;
      const claim = make(q);
      if (claim !== null) {
        claims.push(claim);
        n++;
      }
    }
  };
  const nameOf = (q: QuoteRecord) => (store.speakers.get(q.speaker.id) as SpeakerDetail).name;
  const personQuote = (q: QuoteRecord) => store.speakers.get(q.speaker.id)?.kind === 'person';

  take('exact', (q) => ({ kind: 'exact', text: q.text, speaker: nameOf(q), expected: baseVerdict(q), source: q.id }));
  take('cosmetic', (q) => {
    const text = straight(q.text);
    for (const [pattern, replacement] of [...CONTRACTIONS, ...SPELLING]) {
      if (pattern.test(text)) return { kind: 'cosmetic', text: text.replace(pattern, replacement), speaker: nameOf(q), expected: baseVerdict(q), source: q.id };
    }
    return null;
  });
  take('partial', (q) => {
    const spans = wordSpans(q.text);
    if (spans.length < 14) return null;
    const [from, to] = [3, spans.length - 3];
    const text = q.text.slice((spans[from] as { start: number }).start, (spans[to - 1] as { end: number }).end);
    const tokens = tokenize(q.text);
    // The rule of the verdict: a cut next to "not" or a hedge changes the meaning (partial, flagged); reported speech otherwise stays a paraphrase.
    const cut = [...tokens.slice(from - 3, from).filter((t) => changesMeaningWhenCut(t.key)), ...tokens.slice(to, to + 3).filter((t) => isNegation(t.key))];
    return { kind: 'partial', text, speaker: nameOf(q), expected: q.kind === 'indirect' && cut.length === 0 ? 'paraphrase' : 'partial', source: q.id };
  });
  take('altered', (q) => {
    const text = straight(q.text);
    const digits = /\b\d+\b/u.exec(text);
    if (digits !== null) return { kind: 'altered', text: text.replace(/\b\d+\b/u, String(Number(digits[0]) + 3)), speaker: nameOf(q), expected: 'altered', source: q.id };
    for (const [pattern, replacement] of NEGATABLE) {
      const m = pattern.exec(text);
      if (m !== null && !/^\s*(?:not|n't|never)\b/u.test(text.slice(m.index + m[0].length))) {
        return { kind: 'altered', text: text.replace(pattern, replacement), speaker: nameOf(q), expected: 'altered', source: q.id };
      }
    }
    return null;
  });
  take('misattributed', (q) => {
    const other = pick(persons.filter((s) => s.id !== q.speaker.id && !surnamesOf(s.name).some((w) => surnamesOf(nameOf(q)).includes(w))));
    return other === undefined ? null : { kind: 'misattributed', text: q.text, speaker: other.name, expected: 'misattributed', source: q.id };
  });
  take(
    'titled',
    (q) => {
      const name = nameOf(q);
      if (name.split(' ').length < 2) return null;
      return { kind: 'titled', text: q.text, speaker: `${pick(HONORIFICS)} ${name}`, expected: baseVerdict(q), resolvesTo: q.speaker.slug, source: q.id };
    },
    usable.filter(personQuote),
  );
  take(
    'surname',
    (q) => {
      const s = store.speakers.get(q.speaker.id) as SpeakerDetail;
      const surname = surnamesOf(s.name, s.aliases).find((w) => store.surnameHolders.get(w)?.size === 1);
      if (surname === undefined) return null;
      const written = s.name.split(' ').find((w) => foldName(w) === surname) ?? surname;
      const speaker = random.next() < 0.5 ? written : `${pick(['Mr.', 'Mrs.', 'Ms.', 'Sen.', 'Dr.'])} ${written}`;
      return { kind: 'surname', text: q.text, speaker, expected: baseVerdict(q), resolvesTo: q.speaker.slug, source: q.id };
    },
    usable.filter(personQuote),
  );
  take('unknown-speaker', (q) => ({ kind: 'unknown-speaker', text: q.text, speaker: pick(INVENTED), expected: 'misattributed', source: q.id }));
  take(
    'ambiguous-name',
    (q) => {
      const s = store.speakers.get(q.speaker.id) as SpeakerDetail;
      const shared = surnamesOf(s.name, s.aliases).find((w) => (store.surnameHolders.get(w)?.size ?? 0) >= 2);
      if (shared === undefined) return null;
      const written = s.name.split(' ').find((w) => foldName(w) === shared) ?? shared;
      return { kind: 'ambiguous-name', text: q.text, speaker: written, expected: baseVerdict(q), resolvesTo: q.speaker.slug, ambiguous: true, source: q.id };
    },
    usable.filter(personQuote),
  );
  take('entity-swap', (q) => {
    // A capitalised word that is not the first of the quote nor next to a quotation mark: most likely a name.
    const spans = wordSpans(q.text).slice(1);
    const name = spans.find((w) => /^\p{Lu}\p{Ll}{3,}$/u.test(q.text.slice(w.start, w.end)) && !/^(?:I|I'm|I've)$/u.test(q.text.slice(w.start, w.end)));
    if (name === undefined) return null;
    const text = `${q.text.slice(0, name.start)}${pick(SWAP_NAMES)}${q.text.slice(name.end)}`;
    return { kind: 'entity-swap', text, speaker: nameOf(q), expected: 'altered', source: q.id };
  });
  const sentences = shuffled(store.sentences);
  for (const sentence of sentences.slice(0, perKind)) {
    claims.push({ kind: 'not-on-record', text: sentence, expected: 'not_found', source: null });
  }
  // Narration given to a person on record: their name must not make it theirs.
  for (const sentence of sentences.slice(perKind, 2 * perKind)) {
    claims.push({ kind: 'not-on-record-named', text: sentence, speaker: pick(persons).name, expected: 'not_found', source: null });
  }
  return claims;
}

interface Outcome {
  claim: EvalClaim;
  verdict: string;
  resolvedOk: boolean;
  ms: number;
}

function percent(n: number, d: number): string {
  return d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`;
}

function report(outcomes: Outcome[]): string {
  const lines: string[] = [];
  const row = (cells: (string | number)[]) => lines.push(`| ${cells.join(' | ')} |`);
  const ok = (o: Outcome) => o.verdict === o.claim.expected && o.resolvedOk;
  lines.push(`${outcomes.length} claims, ${outcomes.filter(ok).length} right (${percent(outcomes.filter(ok).length, outcomes.length)})`, '');
  lines.push('By kind of claim:', '');
  row(['kind', 'claims', 'right', 'accuracy', 'p50 ms', 'max ms']);
  row(['---', '---', '---', '---', '---', '---']);
  for (const kind of [...new Set(outcomes.map((o) => o.claim.kind))]) {
    const of = outcomes.filter((o) => o.claim.kind === kind);
    const ms = of.map((o) => o.ms).sort((a, b) => a - b);
    row([kind, of.length, of.filter(ok).length, percent(of.filter(ok).length, of.length), (ms[Math.floor(ms.length / 2)] ?? 0).toFixed(2), (ms.at(-1) ?? 0).toFixed(2)]);
  }
  lines.push('', 'By expected verdict (precision: of the answers with that verdict, how many expected it):', '');
  row(['verdict', 'expected', 'right', 'accuracy', 'answered', 'precision']);
  row(['---', '---', '---', '---', '---', '---']);
  for (const verdict of ['accurate', 'partial', 'altered', 'misattributed', 'paraphrase', 'not_found']) {
    const of = outcomes.filter((o) => o.claim.expected === verdict);
    const answered = outcomes.filter((o) => o.verdict === verdict);
    row([verdict, of.length, of.filter(ok).length, percent(of.filter(ok).length, of.length), answered.length, percent(answered.filter((o) => o.claim.expected === verdict).length, answered.length)]);
  }
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (p: number) => (ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0).toFixed(2);
  lines.push('', `Latency per claim (small database, in process): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      'per-kind': { type: 'string', default: '30' },
      json: { type: 'boolean', default: false },
      seed: { type: 'string', default: '15' },
      postgres: { type: 'boolean', default: false },
    },
  });
  const devDir = findDevDir(values.dir);
  const files = readdirSync(path.join(devDir, 'text'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(devDir, 'text', f));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'whosaid-verify-eval-'));
  const file = path.join(tmp, 'eval.db');
  const server = values.postgres ? await startPostgresServer() : null;
  try {
    const storage = await createStorage(loadConfig({ DATABASE_URL: server === null ? `file:${file}` : server.url() }));
    try {
      const repos = storage.repos;
      process.stderr.write(`Ingesting ${files.length} articles from ${devDir}…\n`);
      const store = await load(repos, files);
      process.stderr.write(`${store.quotes.length} quotes, ${store.speakers.size} speakers on record\n`);
      // PostgreSQL plans from its statistics, which autovacuum gathers about a minute after a load: take them now.
      if (server !== null) await storage.reindex();
      const claims = buildClaims(store, Number(values['per-kind']), new Random(Number(values.seed)));
      const outcomes: Outcome[] = [];
      for (const claim of claims) {
        const t0 = performance.now();
        const result = await verifyClaim(repos, { text: claim.text, ...(claim.speaker === undefined ? {} : { speaker: claim.speaker }), limit: 5 });
        const ms = performance.now() - t0;
        const resolved = result.claim.speaker?.resolved.map((s) => s.slug) ?? [];
        const resolvedOk =
          (claim.resolvesTo === undefined || resolved.includes(claim.resolvesTo)) && (claim.ambiguous !== true || result.claim.speaker?.match === 'ambiguous');
        outcomes.push({ claim, verdict: result.verdict, resolvedOk, ms });
      }
      if (values.json) {
        process.stdout.write(`${JSON.stringify(outcomes.filter((o) => o.verdict !== o.claim.expected || !o.resolvedOk).map((o) => ({ ...o.claim, got: o.verdict, resolvedOk: o.resolvedOk })), null, 1)}\n`);
      }
      process.stdout.write(`${report(outcomes)}\n`);
    } finally {
      await storage.close();
    }
  } finally {
    server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return 0;
}

runMain(main);
