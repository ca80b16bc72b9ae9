import { lastIndexAtMost } from "../util/sorted.js";
import { newUint32Array } from "../util/uint32-blocks.js";
import { cjkFoldFlags, simplifiedOf, wordFoldsIn, type WordFoldAt } from "./fold-chinese.js";

/**
 * Text as the matcher sees it: NFKC-folded (full-width → half-width), whitespace, punctuation,
 * symbols and control characters removed, invisible characters (default-ignorable code points,
 * combining marks) and hyphens typed inside a word (微-信) dropped without cutting the clause,
 * Latin lower-cased, traditional and variant characters simplified (這 → 这, 囉 → 罗), a few
 * word forms folded (甚么 → 什么, erhua 事儿 → 事) — with a map
 * from every UTF-16 unit of the folded text back to the original, so a match reports the
 * original text and position.
 *
 * The removed characters also cut the text into clauses. Each clause is segmented on its own,
 * so segmentation is clause-local by construction and the lazy and eager paths agree
 * (test/lazy-equals-eager.test.ts): cppjieba cuts only at whitespace, `，` and `。`, and its HMM
 * otherwise runs across other punctuation (！？、：“”…) — docs/rules.md, “How phrases match”.
 */
export interface NormalisedText {
  /** The folded text. */
  readonly text: string;
  /** For each UTF-16 unit of `text`, the offset in the original where its source character starts. */
  readonly originalStart: Readonly<Uint32Array>;
  /** For each UTF-16 unit of `text`, the offset in the original just past its source character. */
  readonly originalEnd: Readonly<Uint32Array>;
  /** Start offsets (in `text`) of the clauses, ascending; clause k ends where clause k + 1 starts. */
  readonly clauseStarts: readonly number[];
}

const REMOVED = /[\p{P}\p{S}\p{Z}\p{C}]/u;
/**
 * Characters that show nothing of their own: default-ignorable code points (zero-width spaces
 * and joiners, variation selectors, U+034F, Mongolian FVS, Hangul fillers, U+17B4/17B5…) and
 * combining marks. They are dropped without cutting the clause, so 我不\uFE0F知道 reads, and is
 * segmented, as 我不知道: nothing typed between two characters can hide a phrase.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{M}]/u;
const UPPER_LATIN = /[A-Z]/g;
/**
 * Hyphens, dots, stars and hearts typed inside a word to hide it from a filter (微-信, v·x, 微*信, 薇❤信):
 * dropped without cutting the clause when an ideograph or a Latin letter stands right on both
 * sides, so the word is segmented whole. Elsewhere (3-5天, a dash between spaces) they cut as any
 * punctuation does; `.` `~` `_`, with which chat and ASR end sentences and mark pauses, always cut.
 */
const WORD_JOINERS = new Set(
  [..."-\u2010\u2011\u00B7\u30FB*\u2764\u2665\u2661\u2606\u2605"].map((joiner) => joiner.charCodeAt(0)),
);

/** Whether a UTF-16 unit is a CJK unified ideograph. */
function isIdeograph(unit: number): boolean {
  return unit >= 0x4e00 && unit <= 0x9fff;
}

/** A CJK unified ideograph or an ASCII letter: what a joiner hides a word between. */
function isWordUnit(unit: number): boolean {
  return isIdeograph(unit) || ((unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a);
}

/** Whether the {@link WORD_JOINERS} joiner at `offset` of `original` stands inside a word. */
function joinsWord(original: string, offset: number): boolean {
  return offset > 0 && isWordUnit(original.charCodeAt(offset - 1)) && isWordUnit(original.charCodeAt(offset + 1));
}

/**
 * Folded form of one character: "" when removed (it cuts the clause), `null` when invisible
 * (dropped in place). Memoised, since texts reuse few characters.
 */
const foldCache = new Map<string, string | null>();

function fold(char: string): string | null {
  let folded = foldCache.get(char);
  if (folded === undefined) {
    const parts = [...char.normalize("NFKC").replace(UPPER_LATIN, (c) => c.toLowerCase())];
    folded = parts.every((part) => INVISIBLE.test(part))
      ? null
      : parts.map((part) => (REMOVED.test(part) || INVISIBLE.test(part) ? "" : simplifiedOf(part))).join("");
    foldCache.set(char, folded);
  }
  return folded;
}

/** Lower-case ASCII letters, digits and CJK unified ideographs without a simplified form fold to themselves. */
function isCommonKept(unit: number, cjkFolds: Uint8Array): boolean {
  if (isIdeograph(unit)) return cjkFolds[unit - 0x4e00] === 0;
  return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39);
}

/** How one UTF-16 unit standing alone folds: to itself, to nothing (cutting the clause), dropped in place, or to something else. */
const enum UnitFold {
  Unknown = 0,
  Kept,
  Removed,
  /** Removed, unless it stands inside a word: see {@link WORD_JOINERS}. */
  Joiner,
  Invisible,
  Changed,
}

/**
 * {@link UnitFold} by unit, for units that are a character of their own (all but surrogate
 * pairs), memoised: one array load per unit instead of a string made and looked up for each
 * punctuation mark.
 */
const unitFolds = new Uint8Array(0x10000);

function unitFold(unit: number, cjkFolds: Uint8Array): UnitFold {
  let known: UnitFold = unitFolds[unit]!;
  if (known === UnitFold.Unknown) {
    const char = String.fromCharCode(unit);
    known = isCommonKept(unit, cjkFolds) ? UnitFold.Kept : foldKind(char, fold(char));
    if (known === UnitFold.Removed && WORD_JOINERS.has(unit)) known = UnitFold.Joiner;
    unitFolds[unit] = known;
  }
  return known;
}

function foldKind(char: string, folded: string | null): UnitFold {
  return folded === null
    ? UnitFold.Invisible
    : folded === ""
      ? UnitFold.Removed
      : folded === char
        ? UnitFold.Kept
        : UnitFold.Changed;
}

/** Where each unit of a folded text comes from in the original: see {@link NormalisedText}. */
interface OriginalOffsets {
  start: Uint32Array;
  end: Uint32Array;
}

/**
 * A {@link NormalisedText} whose original offsets are worked out on first use: most turns are
 * never reported on, and for them the offsets were two typed arrays per turn made for nothing.
 */
export class LazyNormalisedText implements NormalisedText {
  private offsets: OriginalOffsets | undefined;

  constructor(
    readonly text: string,
    readonly clauseStarts: readonly number[],
    private readonly computeOffsets: () => OriginalOffsets,
  ) {}

  get originalStart(): Readonly<Uint32Array> {
    this.offsets ??= this.computeOffsets();
    return this.offsets.start;
  }

  get originalEnd(): Readonly<Uint32Array> {
    this.offsets ??= this.computeOffsets();
    return this.offsets.end;
  }
}

/**
 * Whether a text is written word by word, as a speech recogniser may write it: character by
 * character (久 等 了, 没 有 了, 您 说: two or more runs of ideographs, each one character long), or with a space between every word (您 这个 问题 我 已经 回答 三遍了: four or more
 * runs, under two characters each on average). Its single spaces between two ideographs are then no
 * pauses, and cut no clause (see {@link NormalisedText}); a text paused in words and phrases (对 你说,
 * 喂 你好 是售后吗, 那个 你问的那个利率 就是 具体多少我这记不住了) keeps them.
 */
export function spacedWordByWord(original: string): boolean {
  if (original.indexOf(" ") < 0) return false;
  let runs = 0;
  let characters = 0;
  let longest = 0;
  let run = 0;
  for (let at = 0; at <= original.length; at++) {
    if (at < original.length && isIdeograph(original.charCodeAt(at))) {
      run++;
      continue;
    }
    if (run > 0) {
      runs++;
      characters += run;
      longest = Math.max(longest, run);
      run = 0;
    }
  }
  return (runs >= 2 && longest === 1) || (runs >= 4 && characters < 2 * runs);
}

/** Folds one piece of text; see {@link NormalisedText}. */
export function normalise(original: string): NormalisedText {
  const spacedByWord = spacedWordByWord(original);
  const folded = foldCharacters(original, false, spacedByWord);
  const folds = wordFoldsIn(folded.text, folded.clauseStarts);
  const offsets = () => {
    const characters = foldCharacters(original, true, spacedByWord).offsets!;
    return folds.length === 0 ? characters : wordFoldOffsets(characters, folds);
  };
  return folds.length === 0
    ? new LazyNormalisedText(folded.text, folded.clauseStarts, offsets)
    : new LazyNormalisedText(
        applyWordFolds(folded.text, folds),
        wordFoldClauseStarts(folded.clauseStarts, folds),
        offsets,
      );
}

/**
 * The character folds of {@link normalise}: the folded text and its clauses, and with
 * `withOffsets` where each unit comes from (one loop for both, so they cannot disagree).
 * `spacedByWord` is {@link spacedWordByWord} of `original`, worked out once by the caller.
 */
function foldCharacters(
  original: string,
  withOffsets: boolean,
  spacedByWord: boolean,
): { text: string; clauseStarts: number[]; offsets?: OriginalOffsets } {
  const cjkFolds = cjkFoldFlags();
  // Folding rarely lengthens text (NFKC of ㈱ and the like); the maps grow when it does.
  // Not made at all without `withOffsets`: even an empty typed array costs as much as folding a short turn.
  let originalStart: Uint32Array | undefined = withOffsets ? newUint32Array(original.length) : undefined;
  let originalEnd: Uint32Array | undefined = withOffsets ? newUint32Array(original.length) : undefined;
  const clauseStarts: number[] = [];
  // Joined once at the end: a string grown by `+` is a tree of pieces, which every loop over its
  // units afterwards (the scans, the word folds) first has to copy into one, and then reads through.
  const pieces: string[] = [];
  let length = 0;
  let clauseOpen = false;
  const total = original.length;
  let offset = 0;
  while (offset < total) {
    // Most of a text is runs of units that fold to themselves: each is found with one table
    // load per unit and copied whole.
    const runStart = offset;
    for (; offset < total; offset++) {
      const unit = original.charCodeAt(offset);
      const kind = unitFolds[unit] || unitFold(unit, cjkFolds);
      if (kind !== UnitFold.Kept || (unit >= 0xd800 && unit <= 0xdbff)) break;
    }
    if (offset > runStart) {
      if (!clauseOpen) {
        clauseStarts.push(length);
        clauseOpen = true;
      }
      if (originalStart && originalEnd) {
        // A fold that lengthened the text before (ﱤ → two letters) leaves the maps short for this run.
        if (length + offset - runStart > originalStart.length) {
          originalStart = grow(originalStart, length + offset - runStart);
          originalEnd = grow(originalEnd, length + offset - runStart);
        }
        for (let at = runStart; at < offset; at++) {
          originalStart[length + at - runStart] = at;
          originalEnd[length + at - runStart] = at + 1;
        }
      }
      pieces.push(offset - runStart === total ? original : original.slice(runStart, offset));
      length += offset - runStart;
      if (offset === total) break;
    }
    // One unit (or surrogate pair) that does not fold to itself.
    const unit = original.charCodeAt(offset);
    const width = unit >= 0xd800 && unit <= 0xdbff && offset + 1 < total ? 2 : 1;
    const next = offset + width;
    const kind = width === 1 ? unitFolds[unit]! : UnitFold.Changed;
    if (
      spacedByWord &&
      unit === 0x20 &&
      isIdeograph(original.charCodeAt(offset - 1)) &&
      isIdeograph(original.charCodeAt(next))
    ) {
      // a space between two ideographs of a text written word by word: dropped without cutting the clause
    } else if (kind === UnitFold.Removed || (kind === UnitFold.Joiner && !joinsWord(original, offset)))
      clauseOpen = false;
    else if (kind !== UnitFold.Invisible && kind !== UnitFold.Joiner) {
      const folded = fold(original.slice(offset, next));
      if (folded === "") clauseOpen = false;
      else if (folded !== null) {
        if (!clauseOpen) {
          clauseStarts.push(length);
          clauseOpen = true;
        }
        if (originalStart && originalEnd) {
          if (length + folded.length > originalStart.length) {
            originalStart = grow(originalStart, length + folded.length);
            originalEnd = grow(originalEnd, length + folded.length);
          }
          for (let i = 0; i < folded.length; i++) {
            originalStart[length + i] = offset;
            originalEnd[length + i] = next;
          }
        }
        length += folded.length;
        pieces.push(folded);
      }
    }
    offset = next;
  }
  const text = pieces.length === 1 ? pieces[0]! : pieces.join("");
  return originalStart && originalEnd
    ? {
        text,
        clauseStarts,
        offsets: { start: originalStart.subarray(0, length), end: originalEnd.subarray(0, length) },
      }
    : { text, clauseStarts };
}

/** The text with the word folds of {@link wordFoldsIn} applied. */
function applyWordFolds(text: string, folds: readonly WordFoldAt[]): string {
  const pieces: string[] = [];
  let read = 0;
  for (const { at, from, to } of folds) {
    pieces.push(text.slice(read, at), to);
    read = at + from.length;
  }
  pieces.push(text.slice(read));
  return pieces.join("");
}

/** Folds never cross a clause boundary, so each clause start moves back by the units dropped before it. */
function wordFoldClauseStarts(clauseStarts: readonly number[], folds: readonly WordFoldAt[]): number[] {
  let next = 0;
  let droppedBefore = 0;
  return clauseStarts.map((start) => {
    for (; next < folds.length && folds[next]!.at < start; next++)
      droppedBefore += folds[next]!.from.length - folds[next]!.to.length;
    return start - droppedBefore;
  });
}

/**
 * The offsets after word folds. Unit i of the new form comes from unit i of the old one; the
 * last also covers the units dropped after it, so 事儿 matched as 事 reports 事儿.
 */
function wordFoldOffsets(offsets: OriginalOffsets, folds: readonly WordFoldAt[]): OriginalOffsets {
  const { start: originalStart, end: originalEnd } = offsets;
  const dropped = folds.reduce((sum, fold) => sum + fold.from.length - fold.to.length, 0);
  const starts = newUint32Array(originalStart.length - dropped);
  const ends = newUint32Array(originalStart.length - dropped);
  let read = 0;
  let written = 0;
  const copyUntil = (end: number) => {
    starts.set(originalStart.subarray(read, end), written);
    ends.set(originalEnd.subarray(read, end), written);
    written += end - read;
    read = end;
  };
  for (const { at, from, to } of folds) {
    copyUntil(at);
    for (let i = 0; i < to.length; i++) {
      starts[written + i] = originalStart[at + i]!;
      ends[written + i] = originalEnd[at + i]!;
    }
    ends[written + to.length - 1] = originalEnd[at + from.length - 1]!;
    written += to.length;
    read = at + from.length;
  }
  copyUntil(originalStart.length);
  return { start: starts, end: ends };
}

function grow(array: Uint32Array, atLeast: number): Uint32Array {
  const grown = newUint32Array(Math.max(atLeast, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * How many characters a piece of text says: those {@link normalise} keeps, counted before its word
 * folds — a stumble (我我我) and an erhua 儿 take time to say, though matching reads them as one word.
 */
export function spokenLength(original: string): number {
  let length = 0;
  // how the text is cut into clauses changes none of its characters
  for (const _ of foldCharacters(original, false, false).text) length++;
  return length;
}

/** Index of the clause containing offset `at` of the folded text. */
export function clauseAt(normalised: NormalisedText, at: number): number {
  return lastIndexAtMost(normalised.clauseStarts, at);
}

/** End offset (exclusive, in the folded text) of clause `clause`. */
export function clauseEnd(normalised: NormalisedText, clause: number): number {
  return normalised.clauseStarts[clause + 1] ?? normalised.text.length;
}

/** Folds a rule phrase the way turn text is folded, so both compare equal. */
export function normalisePhrase(phrase: string): string {
  return normalise(phrase).text;
}
