import { lastIndexAtMost } from "../util/sorted.js";
import { cjkFoldFlags, simplifiedOf, WORD_FOLD_TRIGGERS, wordFoldsIn } from "./fold-chinese.js";

/**
 * Text as the matcher sees it: NFKC-folded (full-width → half-width), whitespace, punctuation,
 * symbols and control characters removed, Latin lower-cased, traditional and variant characters
 * simplified (這 → 这, 囉 → 罗), a few word forms folded (甚么 → 什么, erhua 事儿 → 事) — with a map
 * from every UTF-16 unit of the folded text back to the original, so a match reports the
 * original text and position.
 *
 * The removed characters also cut the text into clauses. Each clause is segmented on its own,
 * so segmentation is clause-local by construction and the lazy and eager paths agree
 * (test/lazy-equals-eager.test.ts): cppjieba cuts only at whitespace, `，` and `。`, and its HMM
 * otherwise runs across other punctuation (！？、：“”…) — README, “How phrases match”.
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
const UPPER_LATIN = /[A-Z]/g;

/** Folded form of one character ("" when removed); memoised, since texts reuse few characters. */
const foldCache = new Map<string, string>();

function fold(char: string): string {
  let folded = foldCache.get(char);
  if (folded === undefined) {
    folded = "";
    for (const part of char.normalize("NFKC").replace(UPPER_LATIN, (c) => c.toLowerCase())) {
      if (!REMOVED.test(part)) folded += simplifiedOf(part);
    }
    foldCache.set(char, folded);
  }
  return folded;
}

/** Lower-case ASCII letters, digits and CJK unified ideographs without a simplified form fold to themselves. */
function isCommonKept(unit: number, cjkFolds: Uint8Array): boolean {
  if (unit >= 0x4e00 && unit <= 0x9fff) return cjkFolds[unit - 0x4e00] === 0;
  return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39);
}

function hasWordFoldTrigger(text: string): boolean {
  for (const trigger of WORD_FOLD_TRIGGERS) if (text.includes(trigger)) return true;
  return false;
}

/** Folds one piece of text; see {@link NormalisedText}. */
export function normalise(original: string): NormalisedText {
  const cjkFolds = cjkFoldFlags();
  const pieces: string[] = [];
  // Folding rarely lengthens text (NFKC of ㈱ and the like); the maps grow when it does.
  let originalStart: Uint32Array<ArrayBuffer> = new Uint32Array(original.length);
  let originalEnd: Uint32Array<ArrayBuffer> = new Uint32Array(original.length);
  const clauseStarts: number[] = [];
  let length = 0;
  /** Start (in the original) of the current run of characters that fold to themselves, or -1. */
  let runStart = -1;
  const flushRun = (until: number) => {
    if (runStart >= 0) pieces.push(original.slice(runStart, until));
    runStart = -1;
  };
  let clauseOpen = false;
  for (let offset = 0; offset < original.length;) {
    const unit = original.charCodeAt(offset);
    const width = unit >= 0xd800 && unit <= 0xdbff && offset + 1 < original.length ? 2 : 1;
    const next = offset + width;
    const char = isCommonKept(unit, cjkFolds) ? undefined : original.slice(offset, next);
    const folded = char === undefined ? undefined : fold(char);
    if (folded === "") {
      flushRun(offset);
      clauseOpen = false;
    } else {
      if (!clauseOpen) {
        clauseStarts.push(length);
        clauseOpen = true;
      }
      const foldedLength = folded === undefined ? width : folded.length;
      if (length + foldedLength > originalStart.length) {
        originalStart = grow(originalStart, length + foldedLength);
        originalEnd = grow(originalEnd, length + foldedLength);
      }
      for (let i = 0; i < foldedLength; i++) {
        originalStart[length + i] = offset;
        originalEnd[length + i] = next;
      }
      length += foldedLength;
      if (folded === undefined || folded === char) {
        if (runStart < 0) runStart = offset;
      } else {
        flushRun(offset);
        pieces.push(folded);
      }
    }
    offset = next;
  }
  flushRun(original.length);
  const text = pieces.join("");
  const folded = {
    text,
    originalStart: originalStart.subarray(0, length),
    originalEnd: originalEnd.subarray(0, length),
    clauseStarts,
  };
  return hasWordFoldTrigger(text) ? withWordsFolded(folded) : folded;
}

/**
 * Applies the word folds of {@link wordFoldsIn}. Unit i of the new form comes from unit i of the
 * old one; the last also covers the units dropped after it, so 事儿 matched as 事 reports 事儿.
 */
function withWordsFolded(normalised: NormalisedText): NormalisedText {
  const folds = wordFoldsIn(normalised.text, (a, b) => clauseAt(normalised, a) === clauseAt(normalised, b));
  if (folds.length === 0) return normalised;
  const dropped = folds.reduce((sum, fold) => sum + fold.from.length - fold.to.length, 0);
  const { text, originalStart, originalEnd } = normalised;
  const starts = new Uint32Array(text.length - dropped);
  const ends = new Uint32Array(text.length - dropped);
  const pieces: string[] = [];
  let read = 0;
  let written = 0;
  const copyUntil = (end: number) => {
    pieces.push(text.slice(read, end));
    starts.set(originalStart.subarray(read, end), written);
    ends.set(originalEnd.subarray(read, end), written);
    written += end - read;
    read = end;
  };
  for (const { at, from, to } of folds) {
    copyUntil(at);
    pieces.push(to);
    for (let i = 0; i < to.length; i++) {
      starts[written + i] = originalStart[at + i]!;
      ends[written + i] = originalEnd[at + i]!;
    }
    ends[written + to.length - 1] = originalEnd[at + from.length - 1]!;
    written += to.length;
    read = at + from.length;
  }
  copyUntil(text.length);
  // Folds never cross a clause boundary, so each clause start moves back by the units dropped before it.
  let next = 0;
  let droppedBefore = 0;
  const clauseStarts = normalised.clauseStarts.map((start) => {
    for (; next < folds.length && folds[next]!.at < start; next++)
      droppedBefore += folds[next]!.from.length - folds[next]!.to.length;
    return start - droppedBefore;
  });
  return { text: pieces.join(""), originalStart: starts, originalEnd: ends, clauseStarts };
}

function grow(array: Uint32Array, atLeast: number): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(Math.max(atLeast, array.length * 2));
  grown.set(array);
  return grown;
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
