/**
 * Relays: outlets that passed someone's words on ("according to TASS", "told Reuters",
 * "…, state media reported") are recorded on the quote, not made its speaker.
 */
import { skipSpace } from './attribution.ts';
import type { Cue } from './cue.patterns.ts';
import type { ExtractedQuote } from './extraction.types.ts';
import { OUTLET_WORDS, TOLD_AUDIENCES } from './extraction.lexicon.ts';
import { lastMentionIn, mentionStartingAtToken, tokenize, type Mention } from './mention.finder.ts';
import type { Sentence } from './sentence.splitter.ts';

/** Relays: "according to TASS" / "told Reuters" in a sentence whose words are someone else's. */
export function addRelays(text: string, s: Sentence, cues: readonly Cue[], mine: readonly ExtractedQuote[]): void {
  if (mine.length === 0) return;
  for (const cue of cues) {
    let relay: Mention | null = null;
    if (cue.kind === 'according') {
      const stop = text.slice(cue.end, s.end).search(/[,;.]\s|[.]$/u);
      relay = lastMentionIn(text, cue.end, stop < 0 ? s.end : cue.end + stop);
    } else if (cue.verb === 'told' || cue.verb === 'tells') {
      relay = toldOutlet(text, cue.end, s.end);
    } else if (cue.verb === 'reported' && mine.some((m) => m.cue?.start !== cue.start)) {
      relay = lastMentionIn(text, Math.max(s.start, cue.start - 60), cue.start);
      if (relay !== null && !isOutlet(relay)) relay = null;
    }
    if (relay === null) continue;
    for (const q of mine) {
      // "Kim said …, state media reported": the outlet relays Kim; but "state media reported" alone is its own statement.
      if ((cue.verb === 'reported' && q.cue?.start === cue.start) || q.speaker.name === relay.name) continue;
      const r = relay;
      if (!q.relays.some((x) => x.name === r.name)) q.relays.push({ name: r.name, mention: r.span });
    }
  }
}

export function toldAudienceEnd(text: string, from: number, to: number): number | null {
  const at = skipSpace(text, from, /\s/u);
  const rest = text.slice(at, to);
  const audience = TOLD_AUDIENCES.exec(rest);
  if (audience !== null) return at + audience[0].length;
  const outlet = toldOutlet(text, from, to);
  return outlet === null ? null : outlet.span.end;
}

export function toldOutlet(text: string, from: number, to: number): Mention | null {
  const tokens = tokenize(text, from, to);
  const found = mentionStartingAtToken(text, tokens, 0);
  return found !== null && isOutlet(found.mention) ? found.mention : null;
}

export function isOutlet(m: Mention): boolean {
  return m.kind === 'organization' && m.name.split(/\s+/u).some((w) => OUTLET_WORDS.has(w));
}
