import { deepFreeze } from "../util/freeze.js";
import { LazyNormalisedText, normalisePhrase, type NormalisedText } from "./normalise.js";
import { extent } from "../util/array.js";

/**
 * Hesitation words (语气词, 口头禅) that speech-to-text writes down and that should not break a
 * phrase: 我不…那个…知道 and 我不嗯知道 still say 不知道.
 */
export interface Fillers {
  /** Dropped wherever they stand: words that are never part of another word. */
  readonly anywhere: readonly string[];
  /**
   * Dropped only when a clause (text between punctuation or whitespace) is nothing else, e.g.
   * 那个 in 我不,那个,知道 — not in 那个产品, nor 就是 in 就是这样.
   */
  readonly alone: readonly string[];
}

/**
 * The default fillers. 额 is only dropped alone because it is also part of 金额, 额度; 啊 because
 * it also ends sentences (好啊).
 */
export const DEFAULT_FILLERS: Fillers = deepFreeze({
  anywhere: ["嗯", "呃", "唔"],
  alone: ["额", "啊", "那个", "这个", "就是", "然后"],
});

/**
 * A turn's normalised text with its fillers left out: itself a {@link NormalisedText} (its
 * original offsets are those of the turn), plus where each of its units is in the text with
 * the fillers, so matches found here are reported on that text.
 */
export interface WithoutFillers extends NormalisedText {
  /** For each unit, its offset in the normalised text the fillers were dropped from. */
  readonly baseOffset: Readonly<Uint32Array>;
}

/** Fillers normalised like turn text, ready to look for. */
export class FillerMatcher {
  private readonly anywhere: readonly string[];
  private readonly alone: readonly string[];
  /** The longest clause that can be a filler alone; longer ones are not looked at. */
  private readonly longestAlone: number;
  /**
   * By unit, whether some filler starts with it: a text with none of these units has no filler,
   * and a clause starting with none is no filler alone — one table load each.
   */
  private readonly startsFiller = new Uint8Array(0x10000);

  constructor(fillers: Fillers) {
    const normalised = (words: readonly string[]) => [
      ...new Set(words.map(normalisePhrase).filter((word) => word.length > 0)),
    ];
    this.anywhere = normalised(fillers.anywhere);
    this.alone = normalised(fillers.alone);
    // A filler said up to four times in a row (那个那个) is still a filler.
    this.longestAlone = 4 * (extent(this.alone.map((word) => word.length))?.max ?? 0);
    for (const word of [...this.alone, ...this.anywhere]) this.startsFiller[word.charCodeAt(0)] = 1;
  }

  /** The text without its fillers; `undefined` when it has none. */
  drop(normalised: NormalisedText): WithoutFillers | undefined {
    const { text, clauseStarts } = normalised;
    // Most turns hold no unit a filler starts with: one table load per unit tells, and nothing is made for them.
    // The table and the length in constants: read in the loop, V8 loads them again on every unit.
    const { startsFiller } = this;
    const length = text.length;
    let at = 0;
    while (at < length && startsFiller[text.charCodeAt(at)] === 0) at++;
    if (at === length) return undefined;
    let dropped: Uint8Array | undefined;
    for (const word of this.anywhere) {
      for (let found = text.indexOf(word, at); found >= 0; found = text.indexOf(word, found + word.length))
        (dropped ??= new Uint8Array(length)).fill(1, found, found + word.length);
    }
    if (this.longestAlone > 0) {
      for (let clause = 0; clause < clauseStarts.length; clause++) {
        const start = clauseStarts[clause]!;
        const end = clauseStarts[clause + 1] ?? length;
        // Most clauses are longer than any filler, or start with none (an `anywhere` one may precede it).
        if (startsFiller[text.charCodeAt(start)] === 0) continue;
        if (end - start > this.longestAlone + (dropped ? countOnes(dropped, start, end) : 0)) continue;
        if (this.isAloneFiller(text, start, end, dropped)) (dropped ??= new Uint8Array(length)).fill(1, start, end);
      }
    }
    return dropped ? keep(normalised, dropped) : undefined;
  }

  /** Whether what is left of a clause once `dropped` is out is one `alone` filler, said once or more. */
  private isAloneFiller(text: string, start: number, end: number, dropped: Uint8Array | undefined): boolean {
    let rest = "";
    for (let at = start; at < end; at++) if (!dropped?.[at]) rest += text[at];
    return (
      rest.length > 0 &&
      this.alone.some((word) => rest.length % word.length === 0 && rest === word.repeat(rest.length / word.length))
    );
  }
}

function countOnes(flags: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let at = start; at < end; at++) count += flags[at]!;
  return count;
}

/** The units of `normalised` not flagged in `dropped`; clauses left empty disappear. */
function keep(normalised: NormalisedText, dropped: Uint8Array): WithoutFillers {
  const { text, clauseStarts } = normalised;
  const kept = text.length - countOnes(dropped, 0, text.length);
  const baseOffset = new Uint32Array(kept);
  const keptClauseStarts: number[] = [];
  // The runs kept, joined once (see foldCharacters).
  const runs: string[] = [];
  let runStart = -1;
  let length = 0;
  let nextClause = 0;
  /** A clause has started whose first unit kept is still to come. */
  let clausePending = false;
  for (let at = 0; at < text.length; at++) {
    if (clauseStarts[nextClause] === at) {
      clausePending = true;
      nextClause++;
    }
    if (dropped[at]) {
      if (runStart >= 0) runs.push(text.slice(runStart, at));
      runStart = -1;
      continue;
    }
    if (clausePending) {
      keptClauseStarts.push(length);
      clausePending = false;
    }
    if (runStart < 0) runStart = at;
    baseOffset[length] = at;
    length++;
  }
  if (runStart >= 0) runs.push(text.slice(runStart));
  return new TextWithoutFillers(runs.join(""), keptClauseStarts, baseOffset, normalised);
}

/** Its original offsets are those of the units kept, looked up in the text with the fillers when first asked for. */
class TextWithoutFillers extends LazyNormalisedText implements WithoutFillers {
  constructor(
    text: string,
    clauseStarts: readonly number[],
    readonly baseOffset: Readonly<Uint32Array>,
    base: NormalisedText,
  ) {
    super(text, clauseStarts, () => ({
      start: baseOffset.map((at) => base.originalStart[at]!),
      end: baseOffset.map((at) => base.originalEnd[at]!),
    }));
  }
}
