/**
 * Every threshold of the verifier in one place (docs/verify.md lists them for
 * users; the measurements behind each are in docs/benchmarks-history.md,
 * "Verify"). Similarities are in [0, 1].
 */
export const THRESHOLDS = {
  /**
   * Least combined similarity (mean of word-level edit similarity and word-set
   * Jaccard, over the best-matching stretch of the stored quote) for a claim to
   * count as an altered version of it. At 0.5 a claim keeps most of the
   * quote's words in order: four words changed in a 20-word quote score ≈ 0.73,
   * one in a 10-word quote ≈ 0.87, while fabricated sentences in the same style
   * score well below it against their closest quote.
   */
  nearMin: 0.5,
  /**
   * …or at least this when the claim has as many words as the whole quote
   * (±`nearWholeLengthSlack`) and at least `minLooseWords`: words replaced
   * in place, order and function words kept: four words swapped in a 9–10-word
   * quote score 0.44–0.49, which `nearMin` alone would answer not_found. Same-length
   * fabricated claims do not reach it. The slack of one word also covers a word added
   * or removed; a larger slack starts attributing fabricated claims.
   */
  nearWholeMin: 0.44,
  nearWholeLengthSlack: 1,
  /**
   * …or, whatever the similarity, when the claim is as long as the quote (at least
   * `minLooseWords`) and at least half its words are the quote's words at the same
   * positions, one of them at least a content word: 4 words replaced in an 8-word
   * quote score 0.39–0.42. A fabricated claim is practically never as long as a
   * candidate with half its words in place; requiring a content word keeps out
   * claims that share only "the … of … the".
   */
  inPlaceKept: 0.5,
  inPlaceContentWords: 1,
  /** Claims shorter than this (in words) can match exactly, but are never called partial or altered: too short to pin down. */
  minClaimWords: 3,
  /**
   * A stretch shorter than this share of the stored quote must be at least
   * `minLooseWords` long to count as altered: a 4-word claim close to 4 words
   * inside a 30-word quote is a coincidence, not evidence.
   */
  minStretchShare: 0.5,
  minLooseWords: 6,
  /** The MinHash-LSH tier's answer is final (the full-text tier is skipped) at or above this similarity. */
  lshAccept: 0.8,
  /** Candidates fetched per LSH bucket and in all, so a crowded bucket cannot blow up the rescoring. */
  lshPerBucket: 64,
  lshCandidates: 24,
  /**
   * The skeleton band (src/verification/skeleton.ts) is looked up only for a claim
   * of at least `minLooseWords` words with at least this many function words, and
   * yields at most `skeletonCandidates` quotes: a skeleton with fewer is little
   * more than a length and is shared by thousands of quotes.
   */
  skeletonFunctionWords: 2,
  skeletonCandidates: 32,
  /**
   * Skeletons up to this many token edits from the claim's are probed too (skeleton-variants.ts),
   * at most `skeletonVariantProbes` keys in all and `skeletonCandidates` quotes per distance: words
   * added or removed shift the skeleton. Each level of depth finds more edited claims; three edits
   * away would be about ten times the keys. A long claim has thousands of keys two edits away, so
   * the probes are capped: the first 200 find the same answers as all of them, at a fraction of the cost.
   */
  skeletonVariantDepth: 2,
  skeletonVariantProbes: 200,
  /**
   * The function-word band (function-words.ts) is looked up only for claims with at least this many
   * function words: a shorter sequence is shared by hundreds of quotes, of which the capped few would be arbitrary.
   */
  functionWordsMin: 4,
  /**
   * Content words a weak (< `rareEvidenceMin`) match found by the claim's shape (function-word band or
   * skeleton variants) must share with it: function words in order are what those lookups match by
   * construction, so without a shared content word a fabricated claim such as "the … it the and the"
   * can be attributed. Above `rareEvidenceMin` it is not required: right answers with every content
   * word edited score there; requiring a rare word instead would lose more right answers.
   */
  shapeSharedWords: 1,
  /**
   * Full-text fallback: at most this many claim words, each in at most
   * `ftsMaxDocs` quotes and together in at most `ftsDocBudget`. Ranking costs
   * time per matching quote, so the budget bounds the query's cost; common words
   * would otherwise drag it far beyond the verify latency target. Looser caps find
   * a few more heavily edited quotes at a much higher p99.
   */
  ftsTerms: 5,
  ftsMaxDocs: 5_000,
  ftsDocBudget: 15_000,
  /** Words AND-ed (the one rare word and the least common others) when only one word is rare. */
  ftsAllTerms: 3,
  ftsCandidates: 50,
  /**
   * The claim's least common content words (any frequency), every pair of them
   * AND-ed, unranked, at most `ftsPairCandidates` quotes each: when the changed
   * words are rarer than the kept ones, the OR above spends its budget on them and
   * misses the source, while a pair of kept words finds it. Unranked, because
   * ranking every pair's matches would cost several times the latency budget.
   */
  ftsPairWords: 8,
  ftsPairCandidates: 20,
  /**
   * Last resort when nothing above is even near: the two-word phrases around
   * those words ("said that", "kondteark hoxnur"), unranked, `ftsPairCandidates`
   * each; finds a source that kept a single content word with its neighbour.
   * A quote found only this way is near only with at least `phraseSharedWords`
   * content words in common or a stretch of at least `phraseWholeShare` of it:
   * one shared word in a short stretch of a long quote let fabricated claims through.
   */
  /**
   * A near match found by full text with a similarity below this must share a rare
   * content word with the claim inside the matching stretch: one in at most
   * `rareShare` of the quotes, and at least `rareMinDocs` (so in a small database
   * every word is rare enough). verify.service.ts, rareEvidence. Weak full-text matches
   * of fabricated claims share only function and common words, while nearly all right
   * answers below 0.6 share a word that rare (0.5% is the full-text tier's `ftsMaxDocs`
   * at 1M quotes; a share, so it means the same at any size).
   */
  rareEvidenceMin: 0.6,
  rareShare: 0.005,
  rareMinDocs: 50,
  phraseSharedWords: 2,
  phraseWholeShare: 0.8,
  /** Only this many candidates (best word coverage first) get the full alignment. */
  alignTop: 8,
  /** Alignment is O(claim × quote words); above this many cells the stretch falls back to the whole quote. */
  maxAlignCells: 250_000,
  /** Omitted words this close to a cut are checked for a negation or condition the claim loses. */
  cutContext: 3,
  /** Two quotes "splice" into a claim when each supplies a verbatim run this long and together they cover this share of it. */
  spliceRunWords: 3,
  spliceCoverage: 0.8,
  /** …and cover at least this much more of the claim than the single best quote covers (else it is one altered quote). */
  spliceGain: 0.2,
  /** Claimed-speaker matches within this score of the best match are preferred over it (same words, several speakers). */
  speakerTieBreak: 0.05,
} as const;
