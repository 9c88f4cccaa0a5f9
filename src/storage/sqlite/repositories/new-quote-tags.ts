import { DOCUMENT_TAGS_SQL, NEW_QUOTE_OWN_TAGS_SQL } from '../search/search-index.sql.ts';
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

/** What a quote without a document has between its own tags and its organisations: no outlet, no language. */
const NO_DOCUMENT = '   ';

/**
 * The search tags of the quotes one transaction creates: what NEW_QUOTE_TAGS_SQL gives, in two parts
 * each computed once per distinct value of what it depends on (search-index.sql.ts joins the same
 * parts). The quote's own and its speaker's organisations (NEW_QUOTE_OWN_TAGS_SQL): the speaker, kind,
 * status, and the filing date only when the speaker has affiliations (the one part that is dated). Its
 * document's outlet and language (DOCUMENT_TAGS_SQL), not which document. An import's thousands of
 * quotes a transaction then cost a query per speaker and one per outlet, not one per quote.
 *
 * Lives for one transaction: it reads the speakers' affiliations and organisation links as they are in it,
 * and starts over when this transaction changes any (`speakerChanges`, counted by SpeakerWrites).
 */
export class NewQuoteTags {
  /** [head, organizations] by speaker, kind, status and (when dated) filing date. */
  private readonly own = new Map<string, [head: string, organizations: string]>();
  /** ` ${outlets} ${languages} ` by language and outlet. */
  private readonly documents = new Map<string, Map<string | null, string>>();
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
      this.own.clear();
      this.dated.clear();
      this.seenChanges = changes;
    }
    let dated = this.dated.get(v.speakerId);
    if (dated === undefined) {
      dated = this.sql.cache.get(SPEAKER_HAS_AFFILIATIONS_SQL).pluck().get(v.speakerId) === 1;
      this.dated.set(v.speakerId, dated);
    }
    // Kinds and statuses are words of their own lists; a filing date is never "*" nor "-".
    const ownKey = `${v.speakerId}\u0000${v.kind}\u0000${v.status}\u0000${dated ? (v.filedOn ?? '-') : '*'}`;
    let own = this.own.get(ownKey);
    if (own === undefined) {
      const row = this.sql.cache.get(NEW_QUOTE_OWN_TAGS_SQL).get({ speakerId: v.speakerId, kind: v.kind, filedOn: v.filedOn, status: v.status }) as { head: string; organizations: string };
      own = [row.head, row.organizations];
      this.own.set(ownKey, own);
    }
    return `${own[0]}${v.document === null ? NO_DOCUMENT : this.documentTags(v.document.outlet, v.document.language)}${own[1]}`;
  }

  /** ` ${outlets} ${languages} `: what a document's outlet and language add between a quote's own tags and its organisations. */
  private documentTags(outlet: string | null, language: string): string {
    let byOutlet = this.documents.get(language);
    if (byOutlet === undefined) {
      byOutlet = new Map();
      this.documents.set(language, byOutlet);
    }
    let tags = byOutlet.get(outlet);
    if (tags === undefined) {
      const row = this.sql.cache.get(DOCUMENT_TAGS_SQL).get({ outlet, language }) as { outlets: string; languages: string };
      tags = ` ${row.outlets} ${row.languages} `;
      byOutlet.set(outlet, tags);
    }
    return tags;
  }
}
