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

/** A word form folded after the characters: `from` becomes `to`, which is no longer. */
export interface WordFold {
  readonly from: string;
  readonly to: string;
  /** Folded only when the next unit of its clause is one of these (我这 before 不, not 我这个). */
  readonly onlyBefore?: string;
  /** Not folded when the next unit of its clause is one of these (小妹 is no self-name in 小妹妹). */
  readonly notBefore?: string;
  /** Folded only as the last unit of its clause (the Wu question's 伐, said last: 好伐). */
  readonly last?: boolean;
  /** Not folded when the unit before it in its clause is one of these (伐 is no particle in 步伐). */
  readonly notAfter?: string;
}

/** Characters that, right after an erhua 儿, make it the start of a word instead (儿子, 儿童…). */
const STARTS_WORD_AFTER_ER = "子女童孙媳歌科";

/** What may follow a bare 我这 or 咱这 that is only 我 or 我们 said (我这看不到, 咱这不办). */
const AFTER_BARE_HERE = "不没也都看查显真确实暂还边很正忙";

/**
 * Word forms folded after the characters, inside one clause. Erhua (儿化) is dropped only after
 * the words listed, where 儿 is a suffix, and not when 儿 starts the next word (这儿子 is 这 +
 * 儿子); 儿子, 女儿, 儿童 are never touched. The names an agent gives itself — 我这边, 我这里, 我这
 * before a verb, 小二 and 小妹 in shops; 咱们 (这边), 本店, 咱家, and 咱 alone as 我 — are how it says 我 and 我们
 * (我这边查不到, 小二也没办法, 咱们这不办), so a rule that names the agent once names it in all the
 * ways agents do. A longer form comes before the shorter one it holds (咱们这边 before 咱们): at
 * one offset the first listed that applies wins.
 */
export const WORD_FOLDS: readonly WordFold[] = [
  { from: "甚么", to: "什么" },
  ...["事", "一点", "有点", "一会", "一下", "一块", "哪", "这", "那", "玩"].map((word) => ({
    from: `${word}儿`,
    to: word,
    notBefore: STARTS_WORD_AFTER_ER,
  })),
  { from: "我这边", to: "我" },
  { from: "我这里", to: "我", notBefore: "面头" },
  { from: "我这", to: "我", onlyBefore: AFTER_BARE_HERE },
  { from: "我们这边", to: "我们" },
  { from: "我们这里", to: "我们", notBefore: "面头" },
  { from: "咱们这边", to: "我们" },
  { from: "咱们这里", to: "我们", notBefore: "面头" },
  { from: "咱们", to: "我们" },
  { from: "咱这边", to: "我们" },
  { from: "咱这里", to: "我们", notBefore: "面头" },
  { from: "咱这", to: "我们", onlyBefore: AFTER_BARE_HERE },
  { from: "咱家", to: "我们" },
  { from: "咱", to: "我", notBefore: "们" }, // 咱 alone says 我 or 我们; a fold never makes the text longer, so 我
  { from: "本店", to: "我们", notBefore: "铺面长员主" },
  { from: "小二这边", to: "我" },
  { from: "小二", to: "我" },
  { from: "小妹这边", to: "我" },
  { from: "小妹", to: "我", notBefore: "妹" },
  // Regional words agents say on hotlines, folded to the Mandarin ones the rules are written in, so every
  // rule that names 您, 我们, 事情, 什么, 还有, 吗 or 不好意思 names them too. Wu: 侬 for 您 (侬好, 帮侬查一下: the hotline's register, not courtesy.nin's 你),
  // 阿拉 for 我们, 事体 for 事情, 啥个 for 什么, 一歇 for 一下 (稍等一歇), 勿/弗 for 不 in 勿好意思 and 对勿起,
  // and the question's 伐 said last (有啥事体伐; not 步伐, 采伐). Northern 俺 for 我. Cantonese 你哋, 我哋,
  // 佢哋 for the plural, 乜嘢 / 咩嘢 for 什么, 咩 for 啥 before what is asked about (有咩可以帮到你, 有咩事),
  // 唔该晒 and 多谢晒 for the thanks (谢谢, 多谢; not 唔该 alone, which is also "please": 唔该等一阵),
  // 仲有 for 还有, 嘅 for 的, 咗 for 了 (not 冇: the lists name it
  // beside 没 where it says so, as in 还有么事冇, and a fold would make their 冇法 a bare 没法).
  { from: "侬", to: "您" },
  { from: "阿拉", to: "我们", notBefore: "伯丁斯善木蕾巴尔" },
  { from: "事体", to: "事情" },
  { from: "啥个", to: "什么" },
  { from: "一歇", to: "一下" },
  { from: "勿好意思", to: "不好意思" },
  { from: "弗好意思", to: "不好意思" },
  { from: "对勿起", to: "对不起" },
  { from: "对弗起", to: "对不起" },
  { from: "伐", to: "吗", last: true, notAfter: "步采讨征砍攻北杀滥盗" },
  { from: "俺们", to: "我们" },
  { from: "俺", to: "我" },
  { from: "你哋", to: "你们" },
  { from: "我哋", to: "我们" },
  { from: "佢哋", to: "他们" },
  { from: "乜嘢", to: "什么" },
  { from: "咩嘢", to: "什么" },
  { from: "咩", to: "啥", onlyBefore: "事可需问嘢情帮要服" },
  { from: "仲有", to: "还有" },
  { from: "唔该晒", to: "谢谢" },
  { from: "唔该哂", to: "谢谢" },
  { from: "多谢晒", to: "多谢" },
  { from: "多谢哂", to: "多谢" },
  { from: "嘅", to: "的" },
  { from: "咗", to: "了" },
];

/**
 * Words a speaker stumbles over at the start of a clause (我我我这边查不到, 这个这个, 不不知道): the run folds
 * to the word once. Only at a clause start: inside one, 你问我我问谁 is two words that meet.
 */
export const STUTTERED_WORDS: readonly string[] = [
  ...["我", "我们", "你", "您", "这个", "那个", "就是"],
  // function words that start a sentence; none of them is said twice on purpose (as 看看, 等等 are)
  ...["这", "那", "就", "不", "没", "都", "也", "又", "还"],
];

/** Every word form folded, as one regular expression, so a text is scanned once; a longer form comes first. */
const WORD_FOLD_PATTERN = new RegExp([...new Set(WORD_FOLDS.map((fold) => fold.from))].join("|"), "g");

/**
 * What every fold's `from` holds (folding.test.ts checks it): one of these units, or one of these
 * pairs, whose second unit is the rarer. A text with none has no fold, known in one loop of table
 * loads: asked of every turn, where a regular expression of the same made wordFoldsIn over the bench
 * corpus 11.7 ms a pass instead of 8.2.
 */
const HINT_UNITS = "甚儿边咱二妹店侬伐俺哋嘢咩嘅咗勿弗仲晒哂";
const HINT_PAIRS = ["我这", "们这", "阿拉", "事体", "啥个", "一歇"];
/** By unit: 1 for a hint unit; for the second unit of a pair, 2 plus where its firsts are in {@link PAIR_FIRSTS}. */
const HINT = new Uint8Array(0x10000);
const PAIR_FIRSTS: number[][] = [];
for (const unit of HINT_UNITS) HINT[unit.charCodeAt(0)] = 1;
for (const [first, second] of HINT_PAIRS) {
  const unit = second!.charCodeAt(0);
  if (HINT[unit] === 1) continue; // a hint on its own already
  if (HINT[unit] === 0) HINT[unit] = 2 + PAIR_FIRSTS.push([]) - 1;
  PAIR_FIRSTS[HINT[unit]! - 2]!.push(first!.charCodeAt(0));
}

/** Whether a folded text may hold a word fold: a text for which this is false holds none. */
export function mayHoldWordFold(text: string): boolean {
  for (let at = 0; at < text.length; at++) {
    const hint = HINT[text.charCodeAt(at)]!;
    if (hint === 0) continue;
    if (hint === 1 || (at > 0 && PAIR_FIRSTS[hint - 2]!.includes(text.charCodeAt(at - 1)))) return true;
  }
  return false;
}

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
  if (!mayHoldWordFold(text)) return found;
  WORD_FOLD_PATTERN.lastIndex = 0;
  for (let match = WORD_FOLD_PATTERN.exec(text); match; match = WORD_FOLD_PATTERN.exec(text)) {
    const fold = wordFoldAt(text, match.index, clauseStarts);
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

/**
 * The first fold listed that applies at `at`: its form is there, within one clause, and the unit
 * after it (in the same clause) is one it may come before.
 */
function wordFoldAt(text: string, at: number, clauseStarts: readonly number[]): WordFoldAt | undefined {
  const clause = lastIndexAtMost(clauseStarts, at);
  const fold = WORD_FOLDS.find((candidate) => {
    if (!text.startsWith(candidate.from, at)) return false;
    const next = at + candidate.from.length;
    if (lastIndexAtMost(clauseStarts, next - 1) !== clause) return false;
    const after = next < text.length && lastIndexAtMost(clauseStarts, next) === clause ? text[next]! : "";
    if (candidate.onlyBefore !== undefined && (after === "" || !candidate.onlyBefore.includes(after))) return false;
    if (candidate.last && after !== "") return false;
    if (candidate.notAfter !== undefined && at > clauseStarts[clause]! && candidate.notAfter.includes(text[at - 1]!))
      return false;
    return after === "" || candidate.notBefore === undefined || !candidate.notBefore.includes(after);
  });
  return fold && { at, from: fold.from, to: fold.to };
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
  const tail = wordFoldAt(text, last, clauseStarts);
  const end = last + (tail?.from.length ?? word.length);
  return { at, from: text.slice(at, end), to: tail?.to ?? word };
}
