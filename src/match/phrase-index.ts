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
  /** {@link ownersOfPattern} flat, for {@link TextHits}: made on first use. */
  private sourceTable: SourceTable | undefined;

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
   * Hits (of {@link scan}, or of another scan by the same pattern ids), to be asked by owner id.
   * A turn has a handful of hits and a rule set hundreds of owners, most of which are only asked
   * whether they have any: the hits are grouped for an owner when its own are asked for.
   */
  byOwner(hits: readonly PatternHit[]): TextHits {
    if (hits.length === 0) return NO_HITS;
    this.sourceTable ??= sourceTableOf(this.ownersOfPattern);
    return new TextHits(hits, this.sourceTable);
  }
}

/**
 * Who each pattern is a wording of, flat: pattern p's sources are `owner[i]`, `phrase[i]` for i
 * from `start[p]` to `start[p + 1]`. With scratch arrays that {@link TextHits} marks and clears.
 */
interface SourceTable {
  readonly start: Int32Array;
  readonly owner: Int32Array;
  readonly phrase: readonly string[];
  /** By owner id, the mark of the last text whose owners were listed (see {@link TextHits.owners}). */
  readonly ownerMark: Int32Array;
  /** By pattern id, where its group is, plus one, while hits are grouped; all 0 between. */
  readonly groupOf: Int32Array;
  mark: number;
}

function sourceTableOf(ownersOfPattern: ReadonlyArray<ReadonlyArray<{ owner: number; phrase: string }>>): SourceTable {
  const start = new Int32Array(ownersOfPattern.length + 1);
  ownersOfPattern.forEach((sources, pattern) => (start[pattern + 1] = start[pattern]! + sources.length));
  const owner = new Int32Array(start[ownersOfPattern.length]!);
  const phrase: string[] = [];
  let owners = 0;
  for (const sources of ownersOfPattern) {
    for (const source of sources) {
      owner[phrase.push(source.phrase) - 1] = source.owner;
      if (source.owner >= owners) owners = source.owner + 1;
    }
  }
  return {
    start,
    owner,
    phrase,
    ownerMark: new Int32Array(owners),
    groupOf: new Int32Array(ownersOfPattern.length),
    mark: 0,
  };
}

/** The hits of one pattern, and the phrase (as written in a rule) that it is a wording of. */
export interface OwnerHits {
  readonly pattern: number;
  readonly phrase: string;
  readonly hits: readonly PatternHit[];
}

/**
 * The hits of one text, asked by owner id: see {@link PhraseIndex.byOwner}. Which owners have
 * hits is worked out without grouping them; they are grouped, all owners at once, when some
 * owner's hits are first asked for (the rules look at few turns' hits closely).
 */
export class TextHits {
  private ownerList: number[] | undefined;
  private groups: { owners: number[]; lists: OwnerHits[][] } | undefined;

  constructor(
    private readonly hits: readonly PatternHit[],
    private readonly sources: SourceTable,
  ) {}

  /** The ids of the owners that have hits, without repeats, in no order. */
  get owners(): readonly number[] {
    if (this.ownerList) return this.ownerList;
    const { start, owner, ownerMark } = this.sources;
    const mark = ++this.sources.mark;
    const owners: number[] = [];
    for (let index = 0; index < this.hits.length; index++) {
      const pattern = this.hits[index]!.pattern;
      for (let at = start[pattern]!, end = start[pattern + 1]!; at < end; at++) {
        const id = owner[at]!;
        if (ownerMark[id] !== mark) {
          ownerMark[id] = mark;
          owners.push(id);
        }
      }
    }
    return (this.ownerList = owners);
  }

  /** Whether the owner has hits. */
  has(ownerId: number): boolean {
    if (this.ownerList) return this.ownerList.includes(ownerId);
    const { start, owner } = this.sources;
    for (let index = 0; index < this.hits.length; index++) {
      const pattern = this.hits[index]!.pattern;
      for (let at = start[pattern]!, end = start[pattern + 1]!; at < end; at++) if (owner[at] === ownerId) return true;
    }
    return false;
  }

  /**
   * The owner's hits, undefined when it has none: for each of its patterns, in the order they
   * first occur, one entry per phrase of the owner that the pattern is a wording of, with all of
   * the pattern's hits.
   */
  of(ownerId: number): readonly OwnerHits[] | undefined {
    const groups = (this.groups ??= this.grouped());
    const at = groups.owners.indexOf(ownerId);
    return at < 0 ? undefined : groups.lists[at];
  }

  /** All hits by owner: linear in the hits and their patterns' sources. */
  private grouped(): { owners: number[]; lists: OwnerHits[][] } {
    const { start, owner, phrase, groupOf } = this.sources;
    // Hits grouped by pattern, in the order the patterns first occur: a map per turn cost as much as the scan.
    const byPattern: PatternHit[][] = [];
    for (const hit of this.hits) {
      const group = groupOf[hit.pattern]!;
      if (group === 0) groupOf[hit.pattern] = byPattern.push([hit]);
      else byPattern[group - 1]!.push(hit);
    }
    // Two short lists side by side, not an array by owner id: a text has hits of few owners.
    const owners: number[] = [];
    const lists: OwnerHits[][] = [];
    for (const patternHits of byPattern) {
      const pattern = patternHits[0]!.pattern;
      groupOf[pattern] = 0;
      for (let source = start[pattern]!, end = start[pattern + 1]!; source < end; source++) {
        const entry = { pattern, phrase: phrase[source]!, hits: patternHits };
        const at = owners.indexOf(owner[source]!);
        if (at >= 0) lists[at]!.push(entry);
        else {
          owners.push(owner[source]!);
          lists.push([entry]);
        }
      }
    }
    return { owners, lists };
  }
}

/** What {@link PhraseIndex.byOwner} gives for no hits: shared. */
const NO_HITS = new TextHits([], sourceTableOf([]));
