/**
 * The people and organisations named so far in one document, so that later
 * short forms resolve to the full name: "Lim" → "Lim Eul-chul", "state media"
 * → "North Korean state media", "he" → the salient man.
 */
import { foldName } from '../domain/text.ts';
import type { SpeakerKind } from '../domain/models.ts';
import type { ExtractedAffiliation } from './extraction.types.ts';
import { ORGANIZATION_HEADS } from './extraction.lexicon.ts';
import { isGenericName, type Gender, type Mention } from './mention.finder.ts';

export interface Entity {
  name: string;
  kind: SpeakerKind;
  /** Named only by a common noun ("officials", "the company"). */
  generic: boolean;
  gender: Gender;
  aliases: Set<string>;
  affiliations: ExtractedAffiliation[];
  /** Position of the latest mention, for recency. */
  lastSeen: number;
  /** How often the text has mentioned it so far (salience). */
  mentions: number;
}

/**
 * How many candidates a lookup or a pronoun considers: the most recent ones. A story names
 * far fewer people than this; the bound keeps a text naming thousands linear in its length.
 */
const RECENT = 64;

export class EntityRegistry {
  private readonly entities: Entity[] = [];
  /** Entities by each word of their folded name: every match shares the mention's last word. */
  private readonly byWord = new Map<string, Entity[]>();
  /** Entities by recency of mention, most recent last, at most RECENT. */
  private recent: Entity[] = [];
  /** Folding is the hot spot of resolution; a document repeats few names, so fold each once. */
  private readonly foldCache = new Map<string, string>();

  private folded(s: string): string {
    let f = this.foldCache.get(s);
    if (f === undefined) {
      f = foldName(s).replace(/^the /u, '');
      this.foldCache.set(s, f);
    }
    return f;
  }

  /** Every entity that spoke, in first-seen order. */
  all(): readonly Entity[] {
    return this.entities;
  }

  /** Records a named mention; returns the entity it denotes (new or existing). */
  observe(mention: Mention, at: number): Entity | null {
    if (mention.kind === 'pronoun') return null;
    const entity = this.lookup(mention) ?? this.create(mention);
    this.touch(entity, at);
    if (mention.gender !== null && entity.gender === null && entity.kind === 'person') entity.gender = mention.gender;
    if (mention.affiliation !== null) this.addAffiliation(entity, mention.affiliation);
    const surface = mention.name;
    // "JAKE TAPPER" (a headline or transcript label) then "Jake Tapper": keep the name as written in running text.
    if (!/\p{Ll}/u.test(entity.name) && /\p{Ll}/u.test(surface) && this.folded(surface) === this.folded(entity.name)) entity.name = surface;
    if (this.folded(surface) !== this.folded(entity.name)) entity.aliases.add(surface);
    return entity;
  }

  /** Records that the entity was mentioned at `at`. */
  touch(entity: Entity, at: number): void {
    entity.lastSeen = at;
    entity.mentions++;
    const i = this.recent.lastIndexOf(entity);
    if (i >= 0) this.recent.splice(i, 1);
    this.recent.push(entity);
    if (this.recent.length > RECENT * 2) this.recent = this.recent.slice(-RECENT);
  }

  addAffiliation(entity: Entity, stated: ExtractedAffiliation): void {
    const affiliation = withOrganization(stated);
    if (entity.affiliations.some((a) => a.asStated === affiliation.asStated)) return;
    // "an analyst at X" and "a senior analyst at X": one affiliation, the fuller role.
    const words = (role: string) => role.toLowerCase().split(/\s+/u);
    const same = entity.affiliations.findIndex((a) => {
      if (a.organization !== affiliation.organization) return false;
      const [x, y] = [words(a.role), words(affiliation.role)];
      return x.every((w) => y.includes(w)) || y.every((w) => x.includes(w));
    });
    const existing = entity.affiliations[same];
    if (existing === undefined) entity.affiliations.push(affiliation);
    else if (affiliation.role.length > existing.role.length) entity.affiliations[same] = affiliation;
  }

  private create(mention: Mention): Entity {
    const entity: Entity = {
      name: mention.name,
      kind: mention.kind === 'organization' ? 'organization' : 'person',
      generic: mention.unnamed === true || (mention.common && isGenericName(mention.name)),
      gender: mention.gender,
      aliases: new Set(),
      affiliations: [],
      lastSeen: 0,
      mentions: 0,
    };
    this.entities.push(entity);
    for (const word of new Set(this.folded(entity.name).split(' '))) {
      const list = this.byWord.get(word);
      if (list === undefined) this.byWord.set(word, [entity]);
      else list.push(entity);
    }
    return entity;
  }

  /** The known entity a mention refers to, preferring the most recently seen. */
  lookup(mention: Mention): Entity | null {
    const key = this.folded(mention.name);
    if (key === '') return null;
    const words = key.split(' ');
    const candidates = this.byWord.get(words[words.length - 1] ?? '') ?? [];
    let best: Entity | null = null;
    for (let i = candidates.length - 1; i >= 0 && i >= candidates.length - RECENT; i--) {
      const e = candidates[i];
      if (e === undefined) continue;
      const name = this.folded(e.name);
      let match = name === key;
      if (!match && mention.kind === 'person' && e.kind === 'person') {
        // Surname back-reference: "Ushakov" (last word) or a family-name-first "Lim" (first word).
        const parts = name.split(' ');
        match =
          (words.length === 1 && (parts[parts.length - 1] === key || parts[0] === key || name.split(' ').slice(-2).join(' ') === key)) ||
          (words.length > 1 && words.length < parts.length && name.endsWith(` ${key}`));
      }
      if (!match && mention.kind === 'organization' && e.kind === 'organization') {
        // "state media" → "North Korean state media"; "the ministry" → "the Unification Ministry".
        match = name.endsWith(` ${key}`) || (mention.common && name.split(' ').includes(words[words.length - 1] ?? ''));
      }
      if (match && (best === null || e.lastSeen >= best.lastSeen)) best = e;
    }
    return best;
  }

  /** Most recent person or organisation compatible with a pronoun. */
  latest(gender: Gender, before: number): Entity | null {
    let best: Entity | null = null;
    for (const e of this.recent) {
      if (e.lastSeen > before || !compatible(e, gender)) continue;
      if (best === null || e.lastSeen > best.lastSeen) best = e;
    }
    return best;
  }
}

/**
 * "Foreign Ministry spokeswoman" read as a role alone: the organisation is the part up to its head
 * word ("Ministry"), the role what follows ("spokeswoman").
 */
function withOrganization(a: ExtractedAffiliation): ExtractedAffiliation {
  if (a.organization !== '') return a;
  const words = a.role.split(/\s+/u);
  let head = -1;
  for (let i = 0; i < words.length - 1; i++) if (ORGANIZATION_HEADS.has(words[i] ?? '')) head = i;
  if (head < 0) return a;
  return { ...a, organization: words.slice(0, head + 1).join(' '), role: words.slice(head + 1).join(' ') };
}

/** Whether a pronoun of this gender can refer to the entity. */
export function compatible(entity: Entity, gender: Gender): boolean {
  if (gender === 'neuter') return entity.kind === 'organization';
  if (gender === 'plural') return true;
  if (gender === 'person') return entity.kind === 'person';
  if (gender === 'male' || gender === 'female') return entity.kind === 'person' && (entity.gender === gender || (entity.gender === null && !notAPerson(entity.name)));
  return false;
}

/**
 * Names that are places, bodies, works or events, not people, though the registry could only call them
 * persons: "he" never means "New Hampshire", "Islamic State", "the Equal Rights Amendment" or "Trump Taj Mahal".
 */
const NOT_PERSON_WORDS = new Set([
  ...ORGANIZATION_HEADS, 'State', 'States', 'River', 'Street', 'Avenue', 'Institution', 'Act', 'Amendment', 'Hotel',
  'Train', 'Church', 'Catholic', 'Southern', 'Northern', 'Eastern', 'Western', 'Super', 'Bowl', 'Tower', 'Hall', 'Park',
  'Square', 'College', 'School', 'County', 'City', 'Island', 'Islands', 'Mountain', 'Mountains', 'Lake', 'Valley', 'Bay',
  'Times', 'Post', 'News', 'Journal', 'Network', 'Airport', 'Bridge', 'Museum', 'Club', 'Campaign', 'Republic',
  'Kingdom', 'Empire', 'Reserve', 'Guard', 'Force', 'Mahal', 'Casino', 'Resort', 'Plaza', 'Stadium', 'Arena', 'Coast',
  'Democrats', 'Republicans', 'Wall', 'Day', 'War', 'Review', 'Magazine', 'Show', 'Channel',
  'Sea', 'Ocean', 'Gulf', 'Strait', 'Peninsula', 'Desert', 'Canal', 'Forest', 'Province', 'Region', 'District',
  'Territory', 'Border', 'Summit', 'Games', 'Olympics', 'Cup', 'Festival', 'Treaty', 'Accord', 'Road',
]);
const US_STATES =
  /^(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|Ohio|Oklahoma|Oregon|Pennsylvania|Tennessee|Texas|Utah|Vermont|Virginia|Wisconsin|Wyoming|(?:North|South|West) (?:Carolina|Dakota|Virginia)|Rhode Island)$/u;

export function notAPerson(name: string): boolean {
  if (/^New\s/u.test(name) || US_STATES.test(name) || /[’']s\s/u.test(name)) return true;
  return name.split(/\s+/u).some((w) => NOT_PERSON_WORDS.has(w));
}
