import { normalisePhrase } from "../normalise/normalise.js";
import { AhoCorasick, type AutomatonTables, type PatternHit } from "./aho-corasick.js";
import { expandPhrase } from "./phrase-family.js";
import { isTokenPattern, tokenPattern } from "./token-pattern.js";

/**
 * Wordings of phrases worked out ahead of time (the built-in packs' snapshot, see
 * rules/snapshot.ts): expanding and normalising 8,000 wordings is most of a start-up otherwise.
 */
const precomputedWordings = new Map<string, readonly string[]>();

/** @internal Takes wordings worked out by {@link phraseWordings} ahead of time, so they are not worked out again. */
export function usePrecomputedWordings(table: Iterable<readonly [string, readonly string[]]>): void {
  for (const [phrase, wordings] of table) precomputedWordings.set(phrase, wordings);
}

/**
 * A phrase index worked out ahead of time, as {@link PhraseIndex.layout} gives it: building one
 * for the built-in packs (10,000 wordings and their automaton) is most of what linting one short
 * file costs, so the build stores theirs (see rules/snapshot.ts).
 */
export interface PhraseIndexLayout {
  /** {@link layoutKey} of the owners it was made for. */
  readonly key: string;
  /** The patterns, by pattern id. */
  readonly patterns: readonly string[];
  /**
   * For each pattern in turn: how many owners it belongs to, then for each the owner's id and
   * the index, among the owner's phrases, of the phrase that produced it.
   */
  readonly sources: readonly number[];
  readonly tables: AutomatonTables;
}

let precomputedLayout: PhraseIndexLayout | undefined;

/** @internal Takes a phrase index worked out ahead of time, for the owners its key names (undefined: none). */
export function usePrecomputedIndex(layout: PhraseIndexLayout | undefined): void {
  precomputedLayout = layout;
}

/**
 * @internal What a phrase index is made from: its owners' phrases, in order (with the
 * wordings {@link phraseWordings} gives, the same for the same code).
 */
export function layoutKey(owners: ReadonlyArray<{ readonly phrases: readonly string[] }>): string {
  return JSON.stringify(owners.map((owner) => owner.phrases));
}

/** The owners of each pattern, from a layout's `sources`; undefined when they do not fit its patterns. */
function ownersFromLayout(
  layout: PhraseIndexLayout,
  owners: ReadonlyArray<{ readonly phrases: readonly string[] }>,
): Array<Array<{ owner: number; phrase: string }>> | undefined {
  const { sources } = layout;
  const ownersOfPattern: Array<Array<{ owner: number; phrase: string }>> = [];
  for (let at = 0; at < sources.length;) {
    const list: Array<{ owner: number; phrase: string }> = [];
    for (let count = sources[at++]!; count > 0; count--, at += 2) {
      const owner = sources[at]!;
      list.push({ owner, phrase: owners[owner]!.phrases[sources[at + 1]!]! });
    }
    ownersOfPattern.push(list);
  }
  return ownersOfPattern.length === layout.patterns.length ? ownersOfPattern : undefined;
}

/**
 * Every wording of one phrase (a family expanded), normalised as turn text is, in order, without
 * duplicates. For a token pattern: the wordings of its anchor, which every match contains.
 */
export function phraseWordings(phrase: string): readonly string[] {
  const known = precomputedWordings.get(phrase);
  if (known) return known;
  if (isTokenPattern(phrase)) return tokenPattern(phrase).anchors;
  return [...new Set(expandPhrase(phrase).map(normalisePhrase))];
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
  private readonly ownerIds = new Map<Owner, number>();
  /** Per pattern id: the owners it belongs to, each with its phrase (as written) that produced it. */
  private readonly ownersOfPattern: Array<Array<{ owner: number; phrase: string }>>;
  /** Scratch of {@link byOwner}, by pattern id; made on first use. */
  private groupOfPattern: Int32Array | undefined;

  /** Made from a precomputed layout ({@link usePrecomputedIndex}) when it was made for these owners. */
  constructor(owners: readonly Owner[]) {
    for (const owner of owners) if (!this.ownerIds.has(owner)) this.ownerIds.set(owner, this.ownerIds.size);
    const distinct = [...this.ownerIds.keys()];
    const layout = precomputedLayout && precomputedLayout.key === layoutKey(distinct) ? precomputedLayout : undefined;
    const precomputed = layout && ownersFromLayout(layout, distinct);
    if (layout && precomputed) {
      this.patterns = layout.patterns;
      this.ownersOfPattern = precomputed;
      this.automaton = new AhoCorasick(this.patterns, layout.tables);
      return;
    }
    const ids = new Map<string, number>();
    this.ownersOfPattern = [];
    for (const [ownerId, owner] of distinct.entries()) {
      for (const phrase of owner.phrases) {
        for (const pattern of phraseWordings(phrase)) {
          let id = ids.get(pattern);
          if (id === undefined) {
            id = ids.size;
            ids.set(pattern, id);
            this.ownersOfPattern.push([]);
          }
          const sources = this.ownersOfPattern[id]!;
          // A wording found is the owner's match, whichever phrase gave it; an anchor found is
          // only a candidate, which each token pattern sharing it must confirm on its own.
          const last = sources[sources.length - 1];
          if (last?.owner !== ownerId || isTokenPattern(phrase) || isTokenPattern(last.phrase)) {
            sources.push({ owner: ownerId, phrase });
          }
        }
      }
    }
    this.patterns = [...ids.keys()];
    this.automaton = new AhoCorasick(this.patterns);
  }

  /** @internal This index as a layout that another process can take back ({@link usePrecomputedIndex}). */
  layout(): PhraseIndexLayout {
    const owners = [...this.ownerIds.keys()];
    const sources = this.ownersOfPattern.flatMap((list) => [
      list.length,
      ...list.flatMap(({ owner, phrase }) => [owner, owners[owner]!.phrases.indexOf(phrase)]),
    ]);
    return { key: layoutKey(owners), patterns: this.patterns, sources, tables: this.automaton.tables };
  }

  /** Every occurrence of every pattern in a normalised text. */
  scan(normalisedText: string): PatternHit[] {
    return this.automaton.scan(normalisedText);
  }

  /** Ids of the patterns an owner's phrases expand to (the benchmark lists the packs' wordings with it). */
  patternsOf(owner: Owner): number[] {
    const id = this.ownerIds.get(owner);
    const ids: number[] = [];
    this.ownersOfPattern.forEach((sources, pattern) => {
      if (sources.some((source) => source.owner === id)) ids.push(pattern);
    });
    return ids;
  }

  /** The id {@link byOwner} files an owner's hits under; undefined for an owner not in the index. */
  ownerId(owner: Owner): number | undefined {
    return this.ownerIds.get(owner);
  }

  /**
   * Hits (of {@link scan}, or of another scan by the same pattern ids) sorted by owner id: for
   * each owner that has any, its patterns in the order they first occur, each with the owner's
   * phrase and its hits. A turn has a handful of hits and a rule set many owners, so each owner
   * then finds its own with one array load.
   */
  byOwner(hits: readonly PatternHit[]): HitsByOwner {
    if (hits.length === 0) return NO_HITS;
    // Hits grouped by pattern, in the order the patterns first occur; `groupOf` (all 0 between
    // calls) says where a pattern's group is, plus one: a map per turn cost as much as the scan.
    const groupOf = (this.groupOfPattern ??= new Int32Array(this.patterns.length));
    const groups: PatternHit[][] = [];
    for (const hit of hits) {
      const group = groupOf[hit.pattern]!;
      if (group === 0) groupOf[hit.pattern] = groups.push([hit]);
      else groups[group - 1]!.push(hit);
    }
    // Two short lists side by side, not an array by owner id: a text has hits of few owners,
    // and an array as long as the highest of their ids, made for every text, was most of what
    // a scan allocated.
    const owners: number[] = [];
    const lists: OwnerHits[][] = [];
    for (const patternHits of groups) {
      const pattern = patternHits[0]!.pattern;
      groupOf[pattern] = 0;
      for (const { owner, phrase } of this.ownersOfPattern[pattern]!) {
        const entry = { pattern, phrase, hits: patternHits };
        const at = owners.indexOf(owner);
        if (at >= 0) lists[at]!.push(entry);
        else {
          owners.push(owner);
          lists.push([entry]);
        }
      }
    }
    return { owners, lists };
  }
}

/**
 * What {@link PhraseIndex.byOwner} gives for no hits: shared. Not frozen, so that its arrays
 * have the shape of those made for hits (readonly by type).
 */
const NO_HITS: HitsByOwner = { owners: [], lists: [] };

/** The hits of one pattern, and the phrase (as written in a rule) that it is a wording of. */
export interface OwnerHits {
  readonly pattern: number;
  readonly phrase: string;
  readonly hits: readonly PatternHit[];
}

/** The hits of one text by owner id: see {@link PhraseIndex.byOwner}. */
export interface HitsByOwner {
  /** The ids of the owners that have hits, in no order. */
  readonly owners: readonly number[];
  /** The hits of each owner of {@link owners}, at the same place. */
  readonly lists: ReadonlyArray<readonly OwnerHits[]>;
}

/** An owner's hits among a text's, if it has any. */
export function hitsOf(byOwner: HitsByOwner, owner: number): readonly OwnerHits[] | undefined {
  const at = byOwner.owners.indexOf(owner);
  return at < 0 ? undefined : byOwner.lists[at];
}
