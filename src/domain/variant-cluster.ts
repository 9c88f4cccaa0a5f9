/**
 * Variants: near-duplicate words of one speaker, each its own quote with its own evidence, linked to the
 * root of their cluster (the quote of it stored first, so the lowest id). Links never chain: a root has no
 * link, a variant has no variants.
 */

/** A quote's place in its cluster: its link, null for a root (or a quote with no variants). */
export interface VariantLink {
  id: number;
  variantOfId: number | null;
}

/** What becomes of the links when one quote is folded into another of the same words. */
export interface ClusterJoin {
  /** The root of the one cluster both quotes' clusters make. */
  root: number;
  /** The quotes that stop being a root: every quote linked to one of them is linked to `root` instead. */
  replaced: number[];
}

/**
 * Folding `folded` into `kept` (the same words, kept's quote stays): the near-duplicates of either are
 * near-duplicates of the one quote, so their clusters become one. The folded quote's variants join the kept
 * quote's cluster; when the folded quote was itself a variant, its root and the kept quote's root make one
 * cluster under the one stored first.
 */
export function joinClusters(folded: VariantLink, kept: VariantLink): ClusterJoin {
  // A link from the kept quote to the folded one (words moved between speakers) ends with the folded quote.
  const keptRoot = kept.variantOfId === null || kept.variantOfId === folded.id ? kept.id : kept.variantOfId;
  const foldedRoot = folded.variantOfId;
  if (foldedRoot === null || foldedRoot === keptRoot) return { root: keptRoot, replaced: [folded.id] };
  const root = Math.min(keptRoot, foldedRoot);
  return { root, replaced: [folded.id, keptRoot, foldedRoot].filter((id) => id !== root) };
}

/** A link that changes: the quote, its root before and after. */
export interface Relink {
  id: number;
  before: number | null;
  after: number | null;
}

/**
 * The links to change for a join, given the quotes `members` that are a replaced root or linked to one or
 * to the folded quote (which goes: its own link is not changed).
 */
export function relinks(join: ClusterJoin, members: readonly VariantLink[], foldedId: number): Relink[] {
  const replaced = new Set([...join.replaced, foldedId]);
  return [...new Map(members.map((q) => [q.id, q])).values()]
    .filter((q) => q.id !== foldedId && (replaced.has(q.id) || (q.variantOfId !== null && replaced.has(q.variantOfId))))
    .map((q) => ({ id: q.id, before: q.variantOfId, after: q.id === join.root ? null : join.root }))
    .filter((r) => r.before !== r.after)
    .sort((a, b) => a.id - b.id);
}
