import { normalisePhrase } from "../normalise/normalise.js";
import { AhoCorasick, type PatternHit } from "./aho-corasick.js";

/**
 * The phrases of all rules of a rule set in one automaton, so each turn is scanned once for
 * all of them. Identical phrases of different rules share one pattern.
 */
export class PhraseIndex<Owner extends { readonly phrases: readonly string[] }> {
  /** Normalised patterns, by pattern id. */
  readonly patterns: readonly string[];
  private readonly automaton: AhoCorasick;
  private readonly patternIdsByOwner = new Map<Owner, readonly number[]>();

  constructor(owners: readonly Owner[]) {
    const ids = new Map<string, number>();
    for (const owner of owners) {
      const ownIds = new Set<number>();
      for (const phrase of owner.phrases) {
        const pattern = normalisePhrase(phrase);
        let id = ids.get(pattern);
        if (id === undefined) {
          id = ids.size;
          ids.set(pattern, id);
        }
        ownIds.add(id);
      }
      this.patternIdsByOwner.set(owner, [...ownIds]);
    }
    this.patterns = [...ids.keys()];
    this.automaton = new AhoCorasick(this.patterns);
  }

  /** Pattern ids of an owner's phrases. */
  patternIdsOf(owner: Owner): readonly number[] {
    return this.patternIdsByOwner.get(owner) ?? [];
  }

  /** Every occurrence of every pattern in a normalised text. */
  scan(normalisedText: string): PatternHit[] {
    return this.automaton.scan(normalisedText);
  }
}
