// OpenCC's traditional → simplified character table only (≈ 3,500 entries, 29 kB): the full
// converters take ~270 ms to build and convert phrases, which may change lengths.
import { lastIndexAtMost } from "../util/sorted.js";
import traditionalToSimplified from "opencc-js/dict/TSCharacters";

/**
 * Variants OpenCC's table leaves alone that speech-to-text and chat use for the same word:
 * 啰 (啰嗦, also what 囉 becomes) is written 罗 as well; 妳 is 你 said to a woman.
 */
const VARIANTS: Readonly<Record<string, string>> = { 啰: "罗", 妳: "你" };

const CJK_FIRST = 0x4e00;
const CJK_LAST = 0x9fff;

let simplified: Map<string, string> | undefined;
/** For each unit of U+4E00–U+9FFF, 1 when it folds to something else: the normalise loop's fast test. */
let cjkFolds: Uint8Array | undefined;

/** Compiles the table on first use (about a millisecond). */
function table(): Map<string, string> {
  if (!simplified) {
    simplified = new Map();
    for (const entry of traditionalToSimplified.split("|")) {
      const [from, to] = entry.split(" ");
      if (from && to && from !== to) simplified.set(from, VARIANTS[to] ?? to);
    }
    for (const [from, to] of Object.entries(VARIANTS)) simplified.set(from, to);
    cjkFolds = new Uint8Array(CJK_LAST - CJK_FIRST + 1);
    for (const from of simplified.keys()) {
      const unit = from.charCodeAt(0);
      if (from.length === 1 && unit >= CJK_FIRST && unit <= CJK_LAST) cjkFolds[unit - CJK_FIRST] = 1;
    }
  }
  return simplified;
}

/**
 * For each CJK unified ideograph (U+4E00–U+9FFF, index `unit - 0x4E00`), 1 when it has a
 * simplified form other than itself: one array load per character in the normalise loop.
 */
export function cjkFoldFlags(): Uint8Array {
  if (!cjkFolds) table();
  return cjkFolds!;
}

/** The simplified form of one code point (itself when it has none): 這 → 这, 囉 → 罗. */
export function simplifiedOf(codePoint: string): string {
  return table().get(codePoint) ?? codePoint;
}

/**
 * Word forms folded after the characters, inside one clause: `from` becomes `to`, which is no
 * longer. Erhua (儿化) is dropped only after the words listed, where 儿 is a suffix, and not when
 * 儿 starts the next word (这儿子 is 这 + 儿子); 儿子, 女儿, 儿童 are never touched. An agent's
 * 我这边 and 咱们 are how it says 我 and 我们 (我这边查不到, 咱们这不办), so a rule that names
 * the agent once names it in all the ways agents do. A longer form comes before the shorter one
 * it holds (咱们这边 before 咱们): at one offset the first listed wins.
 */
export const WORD_FOLDS: ReadonlyArray<{ readonly from: string; readonly to: string }> = [
  { from: "甚么", to: "什么" },
  ...["事", "一点", "有点", "一会", "一下", "一块", "哪", "这", "那", "玩"].map((word) => ({
    from: `${word}儿`,
    to: word,
  })),
  { from: "我这边", to: "我" },
  { from: "我们这边", to: "我们" },
  { from: "咱们这边", to: "我们" },
  { from: "咱们", to: "我们" },
];

/**
 * Words a speaker stumbles over at the start of a clause (我我我这边查不到, 这个这个): the run folds
 * to the word once. Only at a clause start: inside one, 你问我我问谁 is two words that meet.
 */
export const STUTTERED_WORDS: readonly string[] = ["我", "我们", "你", "您", "这个", "那个", "就是"];

/** Characters that, right after an erhua 儿, make it the start of a word instead (儿子, 儿童…). */
const STARTS_WORD_AFTER_ER = new Set([..."子女童孙媳歌科"]);

/** Every word fold as one regular expression, so a text is scanned once; a longer form comes first. */
const WORD_FOLD_PATTERN = new RegExp(WORD_FOLDS.map((fold) => fold.from).join("|"), "g");

/** A character every fold's `from` holds: a text without one has none of them, known in one scan. */
export const WORD_FOLD_HINT = /[甚儿边咱]/;

const FOLD_TO = new Map(WORD_FOLDS.map((fold) => [fold.from, fold.to]));

/** One word fold found in a text: `from` at offset `at`, to become `to`. */
export interface WordFoldAt {
  at: number;
  from: string;
  to: string;
}

/**
 * Where the word folds apply in a folded text: sorted, non-overlapping, none across a clause
 * boundary (`clauseStarts` ascending, as {@link lastIndexAtMost} reads them).
 */
export function wordFoldsIn(text: string, clauseStarts: readonly number[]): WordFoldAt[] {
  const found: WordFoldAt[] = [];
  for (let clause = 0; clause < clauseStarts.length; clause++) {
    const start = clauseStarts[clause]!;
    // A stumble starts with a unit said again one or two units on (我我, 这个这个): most clauses fail here.
    const first = text.charCodeAt(start);
    if (first !== text.charCodeAt(start + 1) && first !== text.charCodeAt(start + 2)) continue;
    for (const word of STUTTERED_WORDS) {
      const fold = text.startsWith(word, start) ? stumbleAt(text, start, word, clause, clauseStarts) : undefined;
      if (fold) {
        found.push(fold);
        break;
      }
    }
  }
  if (!WORD_FOLD_HINT.test(text)) return found;
  WORD_FOLD_PATTERN.lastIndex = 0;
  for (let match = WORD_FOLD_PATTERN.exec(text); match; match = WORD_FOLD_PATTERN.exec(text)) {
    const fold = wordFoldAt(text, match.index, match[0], clauseStarts);
    if (fold) found.push(fold);
    WORD_FOLD_PATTERN.lastIndex = fold ? match.index + fold.from.length : match.index + 1;
  }
  if (found.length < 2) return found;
  found.sort((a, b) => a.at - b.at);
  const kept: WordFoldAt[] = [];
  for (const fold of found) {
    const previous = kept[kept.length - 1];
    if (!previous || fold.at >= previous.at + previous.from.length) kept.push(fold);
  }
  return kept;
}

function wordFoldAt(text: string, at: number, from: string, clauseStarts: readonly number[]): WordFoldAt | undefined {
  const clause = lastIndexAtMost(clauseStarts, at);
  const last = at + from.length - 1;
  if (lastIndexAtMost(clauseStarts, last) !== clause) return undefined;
  const next = last + 1;
  if (
    from.endsWith("儿") &&
    next < text.length &&
    lastIndexAtMost(clauseStarts, next) === clause &&
    STARTS_WORD_AFTER_ER.has(text[next]!)
  )
    return undefined;
  return { at, from, to: FOLD_TO.get(from)! };
}

/**
 * The word said at `at`, the start of clause `clause`, said again and again there, with the fold its
 * last repeat may start (我我这边); `undefined` when it is said once.
 */
function stumbleAt(
  text: string,
  at: number,
  word: string,
  clause: number,
  clauseStarts: readonly number[],
): WordFoldAt | undefined {
  let last = at;
  while (
    text.startsWith(word, last + word.length) &&
    lastIndexAtMost(clauseStarts, last + 2 * word.length - 1) === clause
  )
    last += word.length;
  if (last === at) return undefined;
  const tail = WORD_FOLDS.find(
    (fold) => text.startsWith(fold.from, last) && lastIndexAtMost(clauseStarts, last + fold.from.length - 1) === clause,
  );
  const end = last + (tail?.from.length ?? word.length);
  return { at, from: text.slice(at, end), to: tail?.to ?? word };
}
