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

/** Outlet and language pairs `DocumentTags` remembers before it starts over. */
const DOCUMENT_TAGS_KEPT = 10_000;

/**
 * ` ${outlets} ${languages} `: what a document's outlet and language add between a quote's own tags and
 * its organisations (DOCUMENT_TAGS_SQL). That statement reads no table, so a value holds for good, and
 * one instance serves every transaction of a writer: a lone article's transaction then asks for its
 * outlet's tags only the first time the outlet is seen (the statement costs more than the rest of a
 * quote's tags).
 */
export class DocumentTags {
  /** By language, then outlet. */
  private readonly byLanguage = new Map<string, Map<string | null, string>>();
  private size = 0;

  constructor(
    private readonly sql: WriteStatements,
    /** Pairs remembered before it starts over (tests make it small). */
    private readonly kept = DOCUMENT_TAGS_KEPT,
  ) {}

  of(outlet: string | null, language: string): string {
    const known = this.byLanguage.get(language)?.get(outlet);
    if (known !== undefined) return known;
    const row = this.sql.cache.get(DOCUMENT_TAGS_SQL).get({ outlet, language }) as { outlets: string; languages: string };
    const tags = ` ${row.outlets} ${row.languages} `;
    // A bound on memory, not an eviction policy: the outlets in use fill it again.
    if (this.size >= this.kept) {
      this.byLanguage.clear();
      this.size = 0;
    }
    let byOutlet = this.byLanguage.get(language);
    if (byOutlet === undefined) {
      byOutlet = new Map();
      this.byLanguage.set(language, byOutlet);
    }
    byOutlet.set(outlet, tags);
    this.size++;
    return tags;
  }
}

/**
 * The search tags of the quotes one transaction creates: what NEW_QUOTE_TAGS_SQL gives, in two parts
 * each computed once per distinct value of what it depends on (search-index.sql.ts joins the same
 * parts). The quote's own and its speaker's organisations (NEW_QUOTE_OWN_TAGS_SQL): the speaker, kind,
 * status, and the filing date only when the speaker has affiliations (the one part that is dated). Its
 * document's outlet and language (DocumentTags), not which document. An import's thousands of
 * quotes a transaction then cost a query per speaker and one per outlet, not one per quote.
 *
 * Lives for one transaction: it reads the speakers' affiliations and organisation links as they are in it,
 * and starts over when this transaction changes any (`speakerChanges`, counted by SpeakerWrites). The
 * document part reads nothing stored and outlives it.
 */
export class NewQuoteTags {
  /** [head, organizations] by speaker, kind, status and (when dated) filing date. */
  private readonly own = new Map<string, [head: string, organizations: string]>();
  private readonly dated = new Map<number, boolean>();
  private seenChanges: number;

  constructor(
    private readonly sql: WriteStatements,
    private readonly speakerChanges: () => number,
    /** A document's part, shared by every transaction: it depends on no stored row. */
    private readonly documents: DocumentTags,
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
    return `${own[0]}${v.document === null ? NO_DOCUMENT : this.documents.of(v.document.outlet, v.document.language)}${own[1]}`;
  }
}
