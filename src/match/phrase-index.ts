import { normalisePhrase } from "../normalise/normalise.js";
import { AhoCorasick, type AutomatonTables, type PatternHit } from "./aho-corasick.js";
import { expandPhrase } from "./phrase-family.js";
import { isTokenPattern, tokenPattern } from "./token-pattern.js";

/**
 * Wordings of phrases worked out ahead of time (the built-in packs' snapshot, see
 * rules/snapshot.ts): expanding and normalising 8,000 wordings is most of a start-up otherwise.
 */
const precomputedWordings = new Map<string, readonly string[]>();

/** Where more of them are read from, on the first phrase asked for that is not among them. */
let moreWordings: (() => Iterable<readonly [string, readonly string[]]>) | undefined;

/**
 * @internal Takes wordings worked out by {@link phraseWordings} ahead of time, so they are not
 * worked out again, in place of any taken before; and where more are read from (`more`), only if
 * a phrase not among them is asked for (the built-in packs keep their indexes' wordings apart: a
 * stored index needs none of them).
 */
export function usePrecomputedWordings(
  table: Iterable<readonly [string, readonly string[]]>,
  more?: () => Iterable<readonly [string, readonly string[]]>,
): void {
  precomputedWordings.clear();
  for (const [phrase, wordings] of table) precomputedWordings.set(phrase, wordings);
  moreWordings = more;
}

/**
 * A phrase index worked out ahead of time, as {@link PhraseIndex.layout} gives it: building one
 * for the built-in packs (10,000 wordings and their automaton) is most of what linting one short
 * file costs, so the build stores theirs (see rules/snapshot.ts).
 */
export interface PhraseIndexLayout {
  /** {@link layoutKey} of the owners it was made for. */
  readonly key: string;
  /**
   * The patterns, by pattern id; or where they are read from, when first asked for: matching needs
   * only the automaton (whose tables have their lengths), and a stored index of 150,000 patterns is
   * read at every start-up.
   */
  readonly patterns: readonly string[] | (() => readonly string[]);
  /**
   * For each pattern in turn: how many owners it belongs to, then for each the owner's id and
   * the index, among the owner's phrases, of the phrase that produced it.
   */
  readonly sources: ArrayLike<number>;
  readonly tables: AutomatonTables;
}

/** Phrase indexes worked out ahead of time, by {@link layoutKey} of the owners each was made for. */
const precomputedLayouts = new Map<string, PhraseIndexLayout>();

/**
 * @internal Takes phrase indexes worked out ahead of time (the built-in packs' main and
 * occasional ones), each for the owners its key names, in place of any taken before.
 */
export function usePrecomputedIndexes(layouts: readonly PhraseIndexLayout[]): void {
  precomputedLayouts.clear();
  for (const layout of layouts) precomputedLayouts.set(layout.key, layout);
}

/**
 * @internal What a phrase index is made from: its owners' phrases, in order (with the
 * wordings {@link phraseWordings} gives, the same for the same code).
 */
export function layoutKey(owners: ReadonlyArray<{ readonly phrases: readonly string[] }>): string {
  return JSON.stringify(owners.map((owner) => owner.phrases));
}

/**
 * The source table of a layout's `sources`, read straight into typed arrays; undefined when they
 * do not fit its patterns and owners (a count, an owner or a phrase out of range).
 */
function sourcesFromLayout(
  layout: PhraseIndexLayout,
  owners: ReadonlyArray<{ readonly phrases: readonly string[] }>,
): SourceTable | undefined {
  const { sources } = layout;
  const patterns = layout.tables.lengths.length;
  if (typeof layout.patterns !== "function" && layout.patterns.length !== patterns) return undefined;
  const start = new Int32Array(patterns + 1);
  const pairs = (sources.length - patterns) / 2;
  if (!Number.isInteger(pairs) || pairs < 0) return undefined;
  const owner = new Int32Array(pairs);
  const phraseAt = new Int32Array(pairs);
  let at = 0;
  let source = 0;
  for (let pattern = 0; pattern < patterns; pattern++) {
    const count = sources[at++]!;
    if (!(count >= 0) || source + count > pairs) return undefined;
    for (let end = source + count; source < end; source++, at += 2) {
      const id = sources[at]!;
      const phrase = sources[at + 1]!;
      if (!(id >= 0 && id < owners.length && phrase >= 0 && phrase < owners[id]!.phrases.length)) return undefined;
      owner[source] = id;
      phraseAt[source] = phrase;
    }
    start[pattern + 1] = source;
  }
  return at === sources.length ? sourceTable(start, owner, phraseAt, owners) : undefined;
}

/**
 * Every wording of one phrase (a family expanded), normalised as turn text is, in order, without
 * duplicates. For a token pattern: the wordings of its anchor, which every match contains.
 */
export function phraseWordings(phrase: string): readonly string[] {
  let known = precomputedWordings.get(phrase);
  if (known === undefined && moreWordings) {
    const more = moreWordings;
    moreWordings = undefined;
    for (const [each, wordings] of more()) if (!precomputedWordings.has(each)) precomputedWordings.set(each, wordings);
    known = precomputedWordings.get(phrase);
  }
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
  private patternList: readonly string[] | undefined;
  /** Where a stored index's patterns are read from (see {@link PhraseIndexLayout.patterns}). */
  private readonly readPatterns: (() => readonly string[]) | undefined;
  /** How many patterns it has. */
  readonly size: number;
  private readonly automaton: AhoCorasick;
  private readonly ownerIds = new Map<Owner, number>();
  /** Per pattern id, the owners it belongs to, each with the phrase (as written) that produced it. */
  private readonly sources: SourceTable;

  /** Made from a precomputed layout ({@link usePrecomputedIndexes}) when one was made for these owners. */
  constructor(owners: readonly Owner[]) {
    for (const owner of owners) if (!this.ownerIds.has(owner)) this.ownerIds.set(owner, this.ownerIds.size);
    const distinct = [...this.ownerIds.keys()];
    const layout = precomputedLayouts.size > 0 ? precomputedLayouts.get(layoutKey(distinct)) : undefined;
    const precomputed = layout && sourcesFromLayout(layout, distinct);
    if (layout && precomputed) {
      if (typeof layout.patterns === "function") this.readPatterns = layout.patterns;
      else this.patternList = layout.patterns;
      this.size = layout.tables.lengths.length;
      this.sources = precomputed;
      this.automaton = new AhoCorasick(layout.tables);
      return;
    }
    const ids = new Map<string, number>();
    const ownersOfPattern: Array<Array<{ owner: number; phrase: number }>> = [];
    for (const [ownerId, owner] of distinct.entries()) {
      owner.phrases.forEach((phrase, phraseIndex) => {
        for (const pattern of phraseWordings(phrase)) {
          let id = ids.get(pattern);
          if (id === undefined) {
            id = ids.size;
            ids.set(pattern, id);
            ownersOfPattern.push([]);
          }
          const sources = ownersOfPattern[id]!;
          // A wording found is the owner's match, whichever phrase gave it; an anchor found is
          // only a candidate, which each token pattern sharing it must confirm on its own.
          const last = sources[sources.length - 1];
          if (last?.owner !== ownerId || isTokenPattern(phrase) || isTokenPattern(owner.phrases[last.phrase]!)) {
            sources.push({ owner: ownerId, phrase: phraseIndex });
          }
        }
      });
    }
    this.patternList = [...ids.keys()];
    this.size = ids.size;
    const start = new Int32Array(ownersOfPattern.length + 1);
    ownersOfPattern.forEach((sources, pattern) => (start[pattern + 1] = start[pattern]! + sources.length));
    const flat = ownersOfPattern.flat();
    this.sources = sourceTable(
      start,
      Int32Array.from(flat, (source) => source.owner),
      Int32Array.from(flat, (source) => source.phrase),
      distinct,
    );
    this.automaton = new AhoCorasick(this.patternList);
  }

  /** Normalised patterns, by pattern id. */
  get patterns(): readonly string[] {
    this.patternList ??= this.readPatterns!();
    return this.patternList;
  }

  /** @internal This index as a layout that another process can take back ({@link usePrecomputedIndexes}). */
  layout(): PhraseIndexLayout {
    const { start, owner, phraseAt } = this.sources;
    const sources: number[] = [];
    for (let pattern = 0; pattern < this.size; pattern++) {
      sources.push(start[pattern + 1]! - start[pattern]!);
      for (let source = start[pattern]!; source < start[pattern + 1]!; source++)
        sources.push(owner[source]!, phraseAt[source]!);
    }
    return {
      key: layoutKey([...this.ownerIds.keys()]),
      patterns: this.patterns,
      sources,
      tables: this.automaton.tables,
    };
  }

  /** Every occurrence of every pattern in a normalised text. */
  scan(normalisedText: string): PatternHit[] {
    return this.automaton.scan(normalisedText);
  }

  /** Ids of the patterns an owner's phrases expand to (the benchmark lists the packs' wordings with it). */
  patternsOf(owner: Owner): number[] {
    const id = this.ownerIds.get(owner);
    const { start, owner: ownerOf } = this.sources;
    const ids: number[] = [];
    for (let pattern = 0; pattern < this.size; pattern++) {
      for (let source = start[pattern]!; source < start[pattern + 1]!; source++) {
        if (ownerOf[source] === id) {
          ids.push(pattern);
          break;
        }
      }
    }
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
    return hits.length === 0 ? NO_HITS : new TextHits(hits, this.sources);
  }
}

/**
 * Who each pattern is a wording of, flat: pattern p's sources are `owner[i]` and its phrase
 * `phraseAt[i]` (an index into that owner's phrases) for i from `start[p]` to `start[p + 1]`.
 * With scratch arrays that {@link TextHits} marks and clears.
 */
interface SourceTable {
  readonly start: Int32Array;
  readonly owner: Int32Array;
  readonly phraseAt: Int32Array;
  /** By owner id, its phrases as written. */
  readonly phrasesOf: ReadonlyArray<readonly string[]>;
  /** By owner id, the mark of the last text whose owners were listed (see {@link TextHits.owners}). */
  readonly ownerMark: Int32Array;
  /** By pattern id, where its group is, plus one, while hits are grouped; all 0 between. */
  readonly groupOf: Int32Array;
  mark: number;
}

function sourceTable(
  start: Int32Array,
  owner: Int32Array,
  phraseAt: Int32Array,
  owners: ReadonlyArray<{ readonly phrases: readonly string[] }>,
): SourceTable {
  return {
    start,
    owner,
    phraseAt,
    phrasesOf: owners.map((each) => each.phrases),
    ownerMark: new Int32Array(owners.length),
    groupOf: new Int32Array(start.length - 1),
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
 * hits is worked out without grouping them; an owner's hits are grouped when first asked for, and
 * only its own: a text holds hits of many owners (anchors of token patterns are common words), and
 * the rules look closely at few of them.
 */
export class TextHits {
  private ownerList: number[] | undefined;
  /** The owner whose hits were asked for last, and what {@link of} gave: a list is asked for twice in a row (its plain phrases, then its token patterns). */
  private lastAsked = -1;
  private lastAnswer: readonly OwnerHits[] | undefined;
  /** How often {@link has} was asked before the owners were listed. */
  private askedHas = 0;

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

  /**
   * Whether the owner has hits. Asked of a text once, the hits are looked through for the owner;
   * asked again (several lists counted in one turn), its owners are listed once and looked up.
   */
  has(ownerId: number): boolean {
    if (this.ownerList || this.askedHas++ > 0) return this.owners.includes(ownerId);
    for (let index = 0; index < this.hits.length; index++)
      if (this.sourceOf(this.hits[index]!.pattern, ownerId) >= 0) return true;
    return false;
  }

  /**
   * The owner's hits, undefined when it has none: for each of its patterns, in the order they
   * first occur, one entry per phrase of the owner that the pattern is a wording of, with all of
   * the pattern's hits.
   */
  of(ownerId: number): readonly OwnerHits[] | undefined {
    if (ownerId !== this.lastAsked) {
      this.lastAnswer = this.grouped(ownerId);
      this.lastAsked = ownerId;
    }
    return this.lastAnswer;
  }

  /** Where among the pattern's sources the owner's first one is; -1 when the pattern is none of its wordings. */
  private sourceOf(pattern: number, ownerId: number): number {
    const { start, owner } = this.sources;
    for (let at = start[pattern]!, end = start[pattern + 1]!; at < end; at++) if (owner[at] === ownerId) return at;
    return -1;
  }

  /** The owner's hits, grouped: linear in the hits and their patterns' sources. */
  private grouped(ownerId: number): OwnerHits[] | undefined {
    const { start, owner, phraseAt, phrasesOf, groupOf } = this.sources;
    // Hits grouped by pattern, in the order the patterns first occur: a map per turn cost as much as the scan.
    let byPattern: PatternHit[][] | undefined;
    for (const hit of this.hits) {
      const group = groupOf[hit.pattern]!;
      if (group !== 0) byPattern![group - 1]!.push(hit);
      else if (this.sourceOf(hit.pattern, ownerId) < 0) continue;
      else if (byPattern) groupOf[hit.pattern] = byPattern.push([hit]);
      else {
        byPattern = [[hit]]; // literals, sized as they are: an empty array grows to seventeen at its first push
        groupOf[hit.pattern] = 1;
      }
    }
    if (!byPattern) return undefined;
    const entries: OwnerHits[] = [];
    const phrases = phrasesOf[ownerId]!;
    for (const patternHits of byPattern) {
      const pattern = patternHits[0]!.pattern;
      groupOf[pattern] = 0;
      for (let source = start[pattern]!, end = start[pattern + 1]!; source < end; source++)
        if (owner[source] === ownerId)
          entries.push({ pattern, phrase: phrases[phraseAt[source]!]!, hits: patternHits });
    }
    return entries;
  }
}

/** What {@link PhraseIndex.byOwner} gives for no hits: shared. */
const NO_HITS = new TextHits([], sourceTable(new Int32Array(1), new Int32Array(0), new Int32Array(0), []));
