import type { TaggedToken } from "./segmenter.js";

/**
 * Soft clause boundaries: where, in speech transcribed without punctuation (修不了没办法,
 * 我不管问别人去, 关门了走吧), one clause likely ends and the next begins. Punctuation and pauses
 * cut clauses for sure; here a boundary is only guessed from the words on either side of it, and
 * token patterns' `^` and `$` may match there, nothing else. See docs/rules.md, “Token patterns”.
 */

/**
 * Words that say a whole predicate and can end a clause (没办法 | 你自己看着办); 我不管 not before 是,
 * a pronoun or a question word, where 不管 is “whatever” (我们不管是哪种情况都会帮您处理).
 */
const COMPLETE_PREDICATES: readonly string[] = [
  "没办法",
  "没有办法",
  "没法子",
  "没辙",
  "没空",
  "没时间",
  "没用",
  "没关系",
  "不行",
  "不可能",
  "不一定",
  "不全",
  "不齐",
  "不够",
  "算了",
  "得了",
  "再说",
  "就这样",
  "怎么样",
  "怎样",
  "咋样",
  "怎么办",
  "咋办",
  "干嘛",
  "什么",
  "啥",
  "我不管",
  "我们不管",
];

/** Words said as a clause of their own at the start of a turn: a greeting or a yes (您好 | 我们这边…). */
const OPENING_CLAUSES: ReadonlySet<string> = new Set(["您好", "你好", "好的", "好吧", "行", "对"]);

/** The shop's address to the customer, a clause of its own wherever it is said (好了亲 | 就这样). */
const ADDRESSES: ReadonlySet<string> = new Set(["亲", "亲亲"]);

/** What ends a turn as a clause of its own (不退 | 就这样). */
const CLOSING_CLAUSES: ReadonlySet<string> = new Set(["就这样", "就这样吧", "就这样了", "拜拜", "再见"]);

/** Subject pronouns. */
const SUBJECTS: ReadonlySet<string> = new Set([
  "你",
  "您",
  "我",
  "我们",
  "你们",
  "他",
  "她",
  "他们",
  "她们",
  "咱",
  "咱们",
]);

/** Words that open a clause by themselves, whatever follows: a subject, a command, a farewell. */
const OPENERS: readonly string[] = [
  ...SUBJECTS,
  "自己",
  "别",
  "甭",
  "谁",
  "要么",
  "赶紧",
  "赶快",
  "快点",
  "回去",
  "等着",
  "等会儿",
  "等一会儿",
  "拜拜",
  "再见",
];

/**
 * A forbidding 别 or 甭 starts a clause even after a verb (你自己网上办 | 别什么都跑窗口来问), and so
 * does a bare 等会儿 putting the customer on hold (我查一下高新区的要求 | 等会儿啊)…
 */
const STARTS_AFTER_VERB: ReadonlySet<string> = new Set(["别", "甭", "等会儿", "等一会儿"]);

/**
 * … but not after one that passes on a command or a question, nor a subject after a verb that
 * takes a person and then a verb (请您再等等, 麻烦您稍等) or a whole clause as its object (不知道您要办
 * 什么): there the pronoun is not the start of a sentence.
 */
const TAKING_CLAUSES: ReadonlySet<string> = new Set(
  (
    "让 请 麻烦 叫 要 想 希望 建议 提醒 通知 告诉 帮 劝 求 祝 谢谢 感谢 等 给 教 陪 带 催 找 喊 联系 打扰 " +
    "欢迎 支持 答应 允许 需要 知道 清楚 明白 懂 搞懂 记得 觉得 认为 看 看到 说 讲 问 听 听到 发现 确定 担心 以为 " +
    "相信 保证 怀疑 理解 同意 是 像 怕 怪 使 替 为 跟 和 对 向 把 被"
  ).split(" "),
);

/** Words jieba tags as nouns that are verbs when said alone in speech (问 is `n`). */
const VERBS_TAGGED_OTHERWISE: ReadonlySet<string> = new Set(["问", "催", "换"]);

/**
 * After 了, a verb followed by one of these is the next step of one instruction (关了重启一下,
 * 删了重新下载试试), not a new clause.
 */
const NEXT_STEPS: ReadonlySet<string> = new Set(["一下", "一遍", "一次", "试试", "看看"]);

/** A time word that says how long (等了一上午, 做了三天), not when a new clause happens. */
const DURATION = /^[一二两三四五六七八九十半几好]/;

/** 为了, 除了: 了 inside a preposition ends nothing. */
const NOT_ENDING: ReadonlySet<string> = new Set(["为了", "除了"]);

/** Question words that start a clause after one that ended (补不了 | 怎么还在问). */
const QUESTION_STARTS: ReadonlySet<string> = new Set(["怎么", "咋", "凭什么"]);

/** Parts of speech (jieba's tags, by their first letter) of a word that can start a clause after one that ended. */
const STARTS = /^[vdtflc]/;
/**
 * Parts of speech of a word after which a clause opener other than a subject starts a new clause:
 * nouns and set phrases (没到时间 | 等着), not places (在外面等着 says where). A subject after a noun
 * goes on with what the noun set up (有什么问题您可以去营业厅咨询).
 */
const BEFORE_OPENER = /^[nlitm]/;

/**
 * The offsets (in the clause the words make up, end to end) of the clause's soft boundaries,
 * ascending. `words` are its tokens, those that patterns also see character by character
 * already split into their characters.
 */
export function softBoundaries(clause: string, words: readonly TaggedToken[]): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const word of words) {
    starts.push(offset);
    offset += word.word.length;
  }
  const wordEnds = new Set([...starts.slice(1), offset]);
  const opensAt = (at: number) => {
    for (const opener of OPENERS) if (clause.startsWith(opener, at) && wordEnds.has(at + opener.length)) return true;
    return false;
  };
  return starts.filter(
    (at, index) =>
      index > 0 && !insidePoliteQuestion(clause, at) && softBoundaryBefore(clause, words, index, at, opensAt(at)),
  );
}

/**
 * Whether `offset` lies inside a question that 请问 opens, up to its 吗 or 呢: one question however
 * long (请问办理不了提示什么呢).
 */
function insidePoliteQuestion(clause: string, offset: number): boolean {
  const opened = clause.lastIndexOf("请问", offset - 2);
  if (opened < 0) return false;
  const closed = clause.slice(opened, offset).search(/[吗呢]/);
  return closed < 0;
}

/** Whether a clause may end before `words[index]`, which starts at `offset` (and `opens` a clause by itself). */
function softBoundaryBefore(
  clause: string,
  words: readonly TaggedToken[],
  index: number,
  offset: number,
  opens: boolean,
): boolean {
  const before = words[index - 1]!;
  const after = words[index]!;
  if (CLOSING_CLAUSES.has(clause.slice(offset))) return true;
  if (ADDRESSES.has(after.word) && !/^[vp]/.test(before.tag)) return true;
  const startsClause = !/^[uy]/.test(after.tag);
  if (startsClause && (ADDRESSES.has(before.word) || (index === 1 && OPENING_CLAUSES.has(before.word)))) return true;
  // A pronoun with 的 right after it or after the next word is what the verb before is about
  // (处理不了您的问题, 看不到您兑换的卡号), not a new subject.
  if (SUBJECTS.has(after.word) && (words[index + 1]?.word === "的" || words[index + 2]?.word === "的")) return false;
  const completes =
    COMPLETE_PREDICATES.some((predicate) => clause.endsWith(predicate, offset)) &&
    !(clause.endsWith("不管", offset) && (after.word === "是" || after.tag.startsWith("r")));
  if (opens && (completes || (BEFORE_OPENER.test(before.tag) && !SUBJECTS.has(after.word)))) return true;
  if (STARTS_AFTER_VERB.has(after.word) && before.tag.startsWith("v") && !TAKING_CLAUSES.has(before.word)) return true;
  if (
    SUBJECTS.has(after.word) &&
    before.tag.startsWith("v") &&
    !TAKING_CLAUSES.has(before.word) &&
    !clause.endsWith(`${before.word}不${before.word}`, offset) &&
    /^[dv]/.test(words[index + 1]?.tag ?? "")
  )
    return true;
  const ends = completes || endsWithCompletion(clause, words, index, offset);
  return (
    ends &&
    !NEXT_STEPS.has(words[index + 1]?.word ?? "") &&
    !(after.tag.startsWith("t") && DURATION.test(after.word)) &&
    (opens || STARTS.test(after.tag) || QUESTION_STARTS.has(after.word) || VERBS_TAGGED_OTHERWISE.has(after.word))
  );
}

/**
 * Whether the words before `offset` end a predicate: with 了 (下班了, 修不了), a potential complement
 * (办不完), 去 after what one goes to (找物业去), 呗, or a tautology (没号就是没号).
 */
function endsWithCompletion(clause: string, words: readonly TaggedToken[], index: number, offset: number): boolean {
  const before = words[index - 1]!;
  const word = before.word;
  if (word.endsWith("了") && !NOT_ENDING.has(word)) return true;
  if (word === "呗") return true;
  const earlier = words[index - 2];
  if (earlier === undefined) return false;
  if (earlier.word === "不" && ["完", "到", "动", "掉"].includes(word)) return true;
  if (word === "去" && /^[nr]/.test(earlier.tag)) return true;
  for (let length = 1; length <= 4 && length <= offset; length++) {
    const repeated = clause.slice(offset - length, offset);
    if (clause.endsWith(`${repeated}就是${repeated}`, offset)) return true;
  }
  return false;
}

/**
 * Punctuation that shows a text was punctuated: every mark but `_`, which speech-to-text writes
 * for a pause, and the `~` that chat ends sentences with.
 */
const PUNCTUATION = /[^\P{P}_]|[~～]/u;

/**
 * Whether a turn was said without punctuation (speech-to-text output): then soft boundaries are
 * guessed in each of its clauses. Typed text with punctuation is cut where its writer cut it: guessing
 * in its long clauses too tagged three times the text a lint tags, for a few sentences where one
 * comma was typed and others left out.
 */
export function saidWithoutPunctuation(text: string): boolean {
  return !PUNCTUATION.test(text);
}
