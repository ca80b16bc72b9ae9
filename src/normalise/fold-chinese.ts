// OpenCC's traditional → simplified character table only (≈ 3,500 entries, 29 kB): the full
// converters take ~270 ms to build and convert phrases, which may change lengths.
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
 * 儿 starts the next word (这儿子 is 这 + 儿子); 儿子, 女儿, 儿童 are never touched.
 */
export const WORD_FOLDS: ReadonlyArray<{ readonly from: string; readonly to: string }> = [
  { from: "甚么", to: "什么" },
  ...["事", "一点", "有点", "一会", "一下", "一块", "哪", "这", "那", "玩"].map((word) => ({
    from: `${word}儿`,
    to: word,
  })),
];

/** Characters that, right after an erhua 儿, make it the start of a word instead (儿子, 儿童…). */
const STARTS_WORD_AFTER_ER = new Set([..."子女童孙媳歌科"]);

/** Characters at least one word fold starts from: a text without any of them has nothing to fold. */
export const WORD_FOLD_TRIGGERS: readonly string[] = ["甚", "儿"];

/** One word fold found in a text: `from` at offset `at`, to become `to`. */
export interface WordFoldAt {
  at: number;
  from: string;
  to: string;
}

/**
 * Where the word folds apply in a folded text: sorted, non-overlapping, none across a clause
 * boundary (`sameClause(a, b)` tells whether offsets a and b are in one clause).
 */
export function wordFoldsIn(text: string, sameClause: (a: number, b: number) => boolean): WordFoldAt[] {
  const found: WordFoldAt[] = [];
  for (const fold of WORD_FOLDS) {
    for (let at = text.indexOf(fold.from); at >= 0; at = text.indexOf(fold.from, at + 1)) {
      const last = at + fold.from.length - 1;
      if (!sameClause(at, last)) continue;
      const next = last + 1;
      if (
        fold.from.endsWith("儿") &&
        next < text.length &&
        sameClause(last, next) &&
        STARTS_WORD_AFTER_ER.has(text[next]!)
      )
        continue;
      found.push({ at, ...fold });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const kept: WordFoldAt[] = [];
  for (const fold of found) {
    const previous = kept[kept.length - 1];
    if (!previous || fold.at >= previous.at + previous.from.length) kept.push(fold);
  }
  return kept;
}
