import { normalisePhrase } from "../normalise/normalise.js";
import { AhoCorasick, type PatternHit } from "./aho-corasick.js";
import { expandPhrase } from "./phrase-family.js";

/**
 * Wordings of phrases worked out ahead of time (the built-in packs' snapshot, see
 * rules/snapshot.ts): expanding and normalising 8,000 wordings is most of a start-up otherwise.
 */
const precomputedWordings = new Map<string, readonly string[]>();

/** @internal Takes wordings worked out by {@link phraseWordings} ahead of time, so they are not worked out again. */
export function usePrecomputedWordings(table: Iterable<readonly [string, readonly string[]]>): void {
  for (const [phrase, wordings] of table) precomputedWordings.set(phrase, wordings);
}

/** Every wording of one phrase (a family expanded), normalised as turn text is, in order, without duplicates. */
export function phraseWordings(phrase: string): readonly string[] {
  return precomputedWordings.get(phrase) ?? [...new Set(expandPhrase(phrase).map(normalisePhrase))];
}

/** Every wording of some phrases (families expanded), normalised as turn text is, without duplicates. */
export function normalisedWordings(phrases: readonly string[]): string[] {
  return [...new Set(phrases.flatMap(phraseWordings))];
}

/**
 * The phrases of all rules of a rule set in one automaton, so each turn is scanned once for
 * all of them. Phrase families are expanded into their wordings first; identical wordings of
 * different rules share one pattern.
 */
export class PhraseIndex<Owner extends { readonly phrases: readonly string[] }> {
  /** Normalised patterns, by pattern id. */
  readonly patterns: readonly string[];
  private readonly automaton: AhoCorasick;
  /** Per owner: its pattern ids, each with the owner's phrase (as written) that produced it. */
  private readonly sourcesByOwner = new Map<Owner, ReadonlyMap<number, string>>();

  constructor(owners: readonly Owner[]) {
    const ids = new Map<string, number>();
    for (const owner of owners) {
      const sources = new Map<number, string>();
      for (const phrase of owner.phrases) {
        for (const pattern of phraseWordings(phrase)) {
          let id = ids.get(pattern);
          if (id === undefined) {
            id = ids.size;
            ids.set(pattern, id);
          }
          if (!sources.has(id)) sources.set(id, phrase);
        }
      }
      this.sourcesByOwner.set(owner, sources);
    }
    this.patterns = [...ids.keys()];
    this.automaton = new AhoCorasick(this.patterns);
  }

  /** Pattern ids of an owner's phrases, each with the phrase as written (a family, or plain) that produced it. */
  patternsOf(owner: Owner): ReadonlyMap<number, string> {
    return this.sourcesByOwner.get(owner) ?? NONE;
  }

  /** Every occurrence of every pattern in a normalised text. */
  scan(normalisedText: string): PatternHit[] {
    return this.automaton.scan(normalisedText);
  }
}

const NONE: ReadonlyMap<number, string> = new Map();
