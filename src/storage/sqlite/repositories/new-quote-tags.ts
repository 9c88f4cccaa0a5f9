import { NEW_QUOTE_TAGS_SQL } from '../search/search-index.sql.ts';
import type { WriteStatements } from './write-statements.ts';

/** What a new quote's search tags depend on (NEW_QUOTE_TAGS_SQL's parameters). */
export interface NewQuoteTagValues {
  speakerId: number;
  kind: string;
  filedOn: string | null;
  status: string;
  /** Its first document's id, outlet and language; null for a quote known only from citations. */
  document: { id: number; outlet: string | null; language: string } | null;
}

const SPEAKER_HAS_AFFILIATIONS_SQL = 'SELECT EXISTS (SELECT 1 FROM Affiliation WHERE speakerId = ?)';

/**
 * The search tags of the quotes one transaction creates, computed by NEW_QUOTE_TAGS_SQL once per distinct
 * value of what they depend on: the speaker, kind, status, the document's outlet and language (not which
 * document), and the filing date only when the speaker has affiliations (the one part that is dated). An
 * import's thousands of quotes a transaction then cost a query per speaker, not one per quote.
 *
 * Lives for one transaction: it reads the speakers' affiliations and organisation links as they are in it,
 * and starts over when this transaction changes any (`speakerChanges`, counted by SpeakerWrites).
 */
export class NewQuoteTags {
  private readonly tags = new Map<string, string>();
  private readonly dated = new Map<number, boolean>();
  private seenChanges: number;

  constructor(
    private readonly sql: WriteStatements,
    private readonly speakerChanges: () => number,
  ) {
    this.seenChanges = speakerChanges();
  }

  of(v: NewQuoteTagValues): string {
    const changes = this.speakerChanges();
    if (changes !== this.seenChanges) {
      this.tags.clear();
      this.dated.clear();
      this.seenChanges = changes;
    }
    let dated = this.dated.get(v.speakerId);
    if (dated === undefined) {
      dated = this.sql.cache.get(SPEAKER_HAS_AFFILIATIONS_SQL).pluck().get(v.speakerId) === 1;
      this.dated.set(v.speakerId, dated);
    }
    const key = JSON.stringify([v.speakerId, v.kind, v.status, dated ? v.filedOn : '*', v.document === null ? null : [v.document.outlet, v.document.language]]);
    let tags = this.tags.get(key);
    if (tags === undefined) {
      tags = this.sql.cache
        .get(NEW_QUOTE_TAGS_SQL)
        .pluck()
        .get({ speakerId: v.speakerId, kind: v.kind, filedOn: v.filedOn, status: v.status, documentId: v.document?.id ?? null }) as string;
      this.tags.set(key, tags);
    }
    return tags;
  }
}
