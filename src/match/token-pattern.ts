import { normalisePhrase } from "../normalise/normalise.js";
import { expandPhrase, PhraseFamilyError } from "./phrase-family.js";
import { extent, pushAll } from "../util/array.js";
import type { TaggedToken } from "./segmenter.js";
import { softBoundaries } from "./soft-boundaries.js";

/**
 * Token patterns: a rule phrase that describes a construction rather than a wording, matched
 * on jieba's tokens and their parts of speech within one clause (think LanguageTool's token
 * rules or Vale's `sequence`). Written as a phrase-list entry that starts with `[` or `^`:
 *
 *     "[] [什么] [$1]"                 X什么X: 催什么催, 吵什么吵 (the same token again)
 *     "[爱] [#v] [不] [$2]"            爱V不V: 爱买不买
 *     "^ [你|您] [自己] [#v]"          你自己V at the start of a clause
 *     "[不] [#v] [的] [#y|啦|哦]* $"   negation + verb + particle at the end of a clause
 *
 * Each `[…]` is one element: literal text or a phrase family (`[你|您]`, `[{我|我们}?不]`) that
 * covers one or more whole tokens; `[#v]` one token whose part of speech starts with `v`
 * (`[#v|a]`: v or a); `[]` any one token; `[$2]` the text the second element matched, again;
 * `[!…]` one token that is not what follows the `!`. After `]`: `?`, `*`, `+`, `{n}` or
 * `{m,n}` repeat the element (at most {@link MAX_REPEAT} times). `^` and `$` stand for the
 * clause's start and end. Clauses end at every punctuation mark and space, as for phrases; in
 * a turn said without punctuation, `^` and `$` also match at soft boundaries (soft-boundaries.ts).
 * A negation element after another element or `^` also matches after {@link INTENSIFIERS}
 * (我也真的没办法 for `[我] [也]? [没办法]`).
 *
 * jieba glues unknown characters into one token (爱买, 寄不出, tagged `x`) and keeps some
 * negated verbs whole (不退, 改不了): such tokens — tagged `x`, or containing 不 or 没 — are
 * also seen character by character, each character with its own part of speech, so `[#v]
 * [不] [了]` matches 改不了 and `[爱] [#v] [不] [$2]` matches 爱买不买.
 *
 * Every pattern needs a literal element that always takes part in a match (not optional, not
 * negated): its wordings are the pattern's anchor. The rule set's automaton finds the anchor,
 * and only a clause that holds it is tagged and matched, so lazy segmentation stays lazy.
 */

/** The most elements one pattern may have. */
export const MAX_PATTERN_ELEMENTS = 16;
/** The most times one element may repeat (`*` and `+` mean up to this). */
export const MAX_REPEAT = 8;
/**
 * The longest token (in UTF-16 units) that `[]`, `[#…]` and `[!…]` match: longer ones are
 * strings of digits or Latin letters, never the word a construction is about, and the bound
 * keeps the clause prefilter ({@link mayMatch}) a regular expression that cannot run away.
 */
export const MAX_UNIT_LENGTH = 16;

/**
 * Sentence-final particles: in speech without punctuation (ASR), a clause of a pattern also
 * ends after one, and the next starts there (不退的哦您可以… ends at 哦).
 */
export const FINAL_PARTICLES = "吗呢吧啊哦呀啦嘛哈哟喔噢";

/** What a clause may end with as words of their own: the final particles, and 亲 and 呗. */
const CLAUSE_FINAL = FINAL_PARTICLES + "亲呗";

/**
 * Where the run of final particles (and 亲, 呗) that ends a stretch `[start, end)` of `text`
 * starts; `end` when it ends otherwise. jieba glues such a particle onto the word before it
 * (不懂亲 is 不 / 懂亲, 不退亲 is 不 / 退亲), yet said last it is a word of its own.
 */
export function finalParticlesFrom(text: string, start: number, end: number): number {
  let at = end;
  while (at > start && CLAUSE_FINAL.includes(text[at - 1]!)) at--;
  return at;
}

/**
 * Words said before a sentence without changing it (那你就等着吧, 反正就是不行, 哎你懂什么, and 就是
 * as speakers fill with it: 没到时间，就是等着): `^` matches after a run of them too.
 */
export const LEADING_WORDS: readonly string[] = [
  "那",
  "那就",
  "那么",
  "反正",
  "就是",
  "哎",
  "哎呀",
  "唉",
  "嗯",
  "嗯嗯",
  "呃",
  "额",
  "诶",
  "哦",
  "噢",
];

/**
 * 不 and 没: jieba glues them onto a neighbour (真不知道, 改不了, 没办法的), yet each starts a word of
 * its own — for phrase boundaries and for the tokens patterns see character by character.
 */
export const NEGATIONS: readonly string[] = ["不", "没"];

/**
 * Adverbs said before a negation that make it stronger, not another statement (我也真的没办法, 找我真的没用,
 * 这个确实不行, 实在不知道, 根本没有这个业务): a negation element of a pattern also matches after up to
 * {@link MAX_INTENSIFIERS} of them. Not 还 or 一直 (还没发货 is news that it has not yet, not a refusal),
 * 是 (是不是 asks), nor softeners that make a sentence polite (暂时, 可能, 好像, 目前).
 */
export const INTENSIFIERS: readonly string[] = [
  "真的",
  "真",
  "真是",
  "确实",
  "的确",
  "实在",
  "根本",
  "完全",
  "压根",
  "压根儿",
  "也",
  "也是",
  "都",
  "就",
  "可",
];

/** The most intensifiers said one after another before a negation (我也真的没办法). */
export const MAX_INTENSIFIERS = 2;

/**
 * 别 of a command (别办, 别挤, 别磨), which jieba glues onto the verb it forbids: such a token, a
 * verb, adjective or adverb that starts with 别, is also seen character by character — not 别人,
 * 别的 or 别处 (pronouns), nor 特别 (别 inside it).
 */
const PROHIBITIVE = "别";

/** A token pattern that cannot be used, with a message in Chinese for QA staff and rule authors. */
export class TokenPatternError extends Error {
  override name = "TokenPatternError";
}

/** What one element accepts. */
type Test =
  | { readonly kind: "literal"; readonly wordings: readonly string[] }
  | { readonly kind: "tag"; readonly tags: readonly string[] }
  | { readonly kind: "any" }
  | { readonly kind: "same"; readonly element: number };

interface Element {
  readonly test: Test;
  readonly negate: boolean;
  readonly min: number;
  readonly max: number;
  /**
   * Whether {@link INTENSIFIERS} may come before it: a literal whose wordings that start with a
   * negation are negated predicates, after another element or `^` (one that comes first starts the
   * match at the negation).
   */
  readonly intensifiable: boolean;
}

/** A parsed token pattern, ready to match. */
export interface TokenPattern {
  readonly source: string;
  readonly elements: readonly Element[];
  /** Whether the match must start at the clause's start (`^`) … */
  readonly atStart: boolean;
  /** … or end at its end (`$`). */
  readonly atEnd: boolean;
  /**
   * The normalised wordings of the anchor: what the automaton looks for. The rarest of the runs
   * of required literal elements next to one another, their wordings joined (给我 and 小声 give
   * 给我小声), since tokens side by side are side by side in the text.
   */
  readonly anchors: readonly string[];
  /**
   * The pattern read over characters instead of tokens: every clause the pattern matches, it
   * matches too (literals as they are, any other element as 1 to {@link MAX_UNIT_LENGTH}
   * characters), so a clause it does not match is never tagged.
   */
  readonly prefilter: RegExp;
  /**
   * The prefilter of a clause said without punctuation, where `^` and `$` also match at soft
   * boundaries (see soft-boundaries.ts): the pattern's elements anywhere in the clause.
   */
  readonly softPrefilter: RegExp;
  /**
   * The wordings of each literal the pattern cannot match without, fewest first: a clause that
   * holds none of one element's wordings is rejected before the prefilter runs. Of the clauses an
   * anchor brings to the packs' patterns, five in six lack another of their literals, and the prefilter,
   * a backtracking search from every start of the clause, took most of matching them.
   */
  readonly requiredWordings: ReadonlyArray<readonly string[]>;
  /**
   * {@link requiredWordings} without those the anchor holds (its own element's, or those of the run
   * it joins): what is left to check in a clause the scan found the anchor in.
   */
  readonly requiredBesideAnchor: ReadonlyArray<readonly string[]>;
  /** Whether any element refers back to another (then matching keeps what each element took). */
  readonly backReferences: boolean;
}

/** A span `[start, end)` of a clause. */
export interface ClauseSpan {
  readonly start: number;
  readonly end: number;
}

/** Whether a phrase-list entry is a token pattern (else it is a phrase or a phrase family). */
export function isTokenPattern(entry: string): boolean {
  const first = entry.trimStart()[0];
  return first === "[" || first === "^";
}

const parsed = new Map<string, TokenPattern>();

/** The parsed pattern (cached); throws {@link TokenPatternError} when it cannot be used. */
export function tokenPattern(source: string): TokenPattern {
  let pattern = parsed.get(source);
  if (!pattern) {
    pattern = parse(source);
    parsed.set(source, pattern);
  }
  return pattern;
}

function parse(source: string): TokenPattern {
  const fail = (message: string): never => {
    throw new TokenPatternError(`词元模式 “${shorten(source)}”: ${message}`);
  };
  const elements: Element[] = [];
  let atStart = false;
  let atEnd = false;
  let at = 0;
  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at]!)) at++;
  };
  skipSpace();
  if (source[at] === "^") {
    atStart = true;
    at++;
  }
  for (skipSpace(); at < source.length; skipSpace()) {
    if (atEnd) fail("“$”(句末)只能写在最后");
    if (source[at] === "$") {
      atEnd = true;
      at++;
      continue;
    }
    if (source[at] !== "[") fail(`第 ${at + 1} 个字符应为 “[”、“$” 或空格,而不是 “${source[at]}”`);
    const close = source.indexOf("]", at + 1);
    if (close < 0) fail("“[” 没有对应的 “]”");
    const body = source.slice(at + 1, close).trim();
    at = close + 1;
    const { min, max } = quantifier();
    elements.push({ ...elementTest(body, elements.length, fail), min, max, intensifiable: false });
    if (elements.length > MAX_PATTERN_ELEMENTS) fail(`最多 ${MAX_PATTERN_ELEMENTS} 个 […]`);
  }
  if (elements.length === 0) fail("至少要有一个 […]");

  function quantifier(): { min: number; max: number } {
    const char = source[at];
    if (char === "?" || char === "*" || char === "+") {
      at++;
      return { min: char === "+" ? 1 : 0, max: char === "?" ? 1 : MAX_REPEAT };
    }
    if (char !== "{") return { min: 1, max: 1 };
    const close = source.indexOf("}", at);
    const bounds = /^\{(\d+)(?:,(\d+))?\}$/.exec(source.slice(at, close + 1));
    if (close < 0 || !bounds) return fail("重复次数应写成 {n} 或 {m,n}");
    at = close + 1;
    const min = Number(bounds[1]);
    const max = bounds[2] === undefined ? min : Number(bounds[2]);
    if (max < min || max === 0 || max > MAX_REPEAT)
      fail(
        `重复次数 {${bounds[1]}${bounds[2] === undefined ? "" : `,${bounds[2]}`}} 须满足 1 ≤ n ≤ ${MAX_REPEAT} 且 m ≤ n`,
      );
    return { min, max };
  }

  elements.forEach((element, index) => {
    if (element.test.kind === "same" && element.test.element >= index)
      fail(`[$${element.test.element + 1}] 只能引用它之前的 […]`);
  });
  // negatesPredicate reads only the next element's test, which marking this one leaves as it is.
  elements.forEach((element, index) => {
    if ((index > 0 || atStart) && negatesPredicate(element, elements[index + 1]))
      elements[index] = { ...element, intensifiable: true };
  });
  const sureLiteral = (element: Element): readonly string[] | undefined =>
    element.test.kind === "literal" && !element.negate && element.min >= 1 ? element.test.wordings : undefined;
  if (!elements.some(sureLiteral)) {
    fail("至少要有一个必有的文字 [..](不可省略、不带 !),用来在文本中定位候选");
  }
  const required = elements
    .map(sureLiteral)
    .filter((wordings) => wordings !== undefined)
    .sort((a, b) => a.length - b.length);
  // The rarest anchor (see rarer): the fewer hits the scan reports, the fewer clauses are looked at.
  const anchors = anchorCandidates(elements, sureLiteral).reduce((best, wordings) =>
    rarer(wordings, best) ? wordings : best,
  );
  return {
    source,
    elements,
    atStart,
    atEnd,
    anchors,
    prefilter: prefilterOf(elements, atStart, atEnd),
    softPrefilter: prefilterOf(elements, false, false),
    requiredWordings: required,
    // A literal every anchor wording holds one of (its own element's, or one of a joined run's) is there with the anchor.
    requiredBesideAnchor: required.filter(
      (wordings) => !anchors.every((anchor) => wordings.some((w) => anchor.includes(w))),
    ),
    backReferences: elements.some((element) => element.test.kind === "same"),
  };
}

/** Joined wordings of a run of elements are kept as an anchor up to this many. */
const MAX_JOINED_ANCHORS = 64;

/**
 * The wordings each required literal element may anchor on, and those of each run of such
 * elements that stand next to one another exactly once (no quantifier), joined.
 */
function anchorCandidates(
  elements: readonly Element[],
  sureLiteral: (element: Element) => readonly string[] | undefined,
): Array<readonly string[]> {
  const candidates: Array<readonly string[]> = [];
  elements.forEach((element, first) => {
    let joined = sureLiteral(element);
    if (!joined) return;
    candidates.push(joined);
    // A repeated element has no one wording to join the next element's onto.
    if (element.max !== 1) return;
    for (let next = first + 1; next < elements.length; next++) {
      const following = elements[next]!;
      // Intensifiers may stand between the two (我们真的不管 for [我们] [不管]).
      const wordings = following.max === 1 && !following.intensifiable ? sureLiteral(following) : undefined;
      if (!wordings || joined.length * wordings.length > MAX_JOINED_ANCHORS) break;
      joined = joined.flatMap((head) => wordings.map((tail) => head + tail));
      candidates.push(joined);
    }
  });
  return candidates;
}

/**
 * See {@link TokenPattern.prefilter}. Only the elements that `[$n]` refers to are capturing
 * groups: captures slow a backtracking search down.
 */
function prefilterOf(elements: readonly Element[], atStart: boolean, atEnd: boolean): RegExp {
  const referred = [...new Set(elements.flatMap(({ test }) => (test.kind === "same" ? [test.element] : [])))];
  const groupOf = new Map(referred.sort((a, b) => a - b).map((element, index) => [element, index + 1]));
  const parts: string[] = [];
  // Tokens any text may fill ([], [#v], [!…]) one after another, from `least` to `most` of them
  // in all: the same strings as one run of least to 16·most units, without the regular
  // expression trying every way of cutting them into tokens (16^n for each clause it rejects).
  let least = 0;
  let most = 0;
  const closeRun = () => {
    if (most > 0) parts.push(`[^]{${least},${most * MAX_UNIT_LENGTH}}?`);
    least = most = 0;
  };
  const intensifiers = `(?:${INTENSIFIERS.map(escapeRegExp).join("|")}){0,${MAX_INTENSIFIERS}}`;
  elements.forEach(({ test, negate, min, max, intensifiable }, index) => {
    const anyText = negate || test.kind === "any" || test.kind === "tag";
    if (anyText && !groupOf.has(index)) {
      least += min;
      most += max;
      return;
    }
    closeRun();
    const one = anyText
      ? `[^]{1,${MAX_UNIT_LENGTH}}?`
      : test.kind === "same"
        ? `\\${groupOf.get(test.element)!}`
        : `${intensifiable ? intensifiers : ""}(?:${test.wordings.map(escapeRegExp).join("|")})`;
    const repeated = min === 1 && max === 1 ? one : `(?:${one}){${min},${max}}`;
    parts.push(groupOf.has(index) ? `(${repeated})` : repeated);
  });
  closeRun();
  const edge = `(?:^|(?<=[${FINAL_PARTICLES}]))(?:${LEADING_WORDS.map(escapeRegExp).join("|")})*`;
  const end = `(?:$|(?<=[${FINAL_PARTICLES}]))`;
  return new RegExp(`${atStart ? edge : ""}${parts.join("")}${atEnd ? end : ""}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

function shortest(wordings: readonly string[]): number {
  return extent(wordings.map((wording) => wording.length))?.min ?? Infinity;
}

/**
 * Words so frequent in agents' speech that an anchor made of them sends most clauses to the
 * pattern's prefilter: between anchors of equal length, one with fewer of them is preferred.
 */
const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    "你 您 我 我们 你们 他 的 了 是 不 没 也 还 就 都 再 又 在 有 这 那 这个 那个 这么 那么 什么 啥 " +
    "去 来 说 问 给 要 会 能 好 太 真 很 吗 呢 吧 啊 哦 呀 就是 不是 没有 可以 不能 不行 问题 一下 帮 请 " +
    "怎么 为什么 知道 已经 现在 我们这边 这边 自己 时候 情况 看 找 办 用"
  ).split(" "),
);

/**
 * Whether one anchor is likely rarer than another: longer at its shortest; or else with fewer
 * common words among its wordings; or else longer on average.
 */
function rarer(wordings: readonly string[], than: readonly string[]): boolean {
  if (shortest(wordings) !== shortest(than)) return shortest(wordings) > shortest(than);
  const commonShare = (list: readonly string[]) =>
    list.filter((wording) => COMMON_WORDS.has(wording)).length / list.length;
  if (commonShare(wordings) !== commonShare(than)) return commonShare(wordings) < commonShare(than);
  const mean = (list: readonly string[]) => list.reduce((sum, wording) => sum + wording.length, 0) / list.length;
  return mean(wordings) > mean(than);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The test of one `[…]` body (`negate` read off its `!`). */
function elementTest(body: string, index: number, fail: (message: string) => never): { test: Test; negate: boolean } {
  const negate = body.startsWith("!");
  const text = negate ? body.slice(1).trim() : body;
  if (text === "") {
    if (negate) fail("[!] 后须写出不能是什么");
    return { test: { kind: "any" }, negate };
  }
  if (text.startsWith("#")) {
    const tags = text
      .slice(1)
      .split("|")
      .map((tag) => tag.trim());
    if (tags.some((tag) => !/^[a-z]+$/.test(tag))) fail(`[${body}] 的词性应写成 #v 或 #v|a(小写字母)`);
    return { test: { kind: "tag", tags }, negate };
  }
  const reference = /^\$(\d+)$/.exec(text);
  if (reference) {
    const element = Number(reference[1]) - 1;
    if (element < 0) fail(`[${body}] 的编号从 1 开始`);
    return { test: { kind: "same", element }, negate };
  }
  if (/[$#^]/.test(text)) fail(`[${body}] 中的 “$”、“#”、“^” 只能用于 [$n]、[#词性] 和句首`);
  let wordings: string[];
  try {
    wordings = [...new Set(expandPhrase(`{${text}}`).map(normalisePhrase))];
  } catch (error) {
    if (error instanceof PhraseFamilyError) fail(`第 ${index + 1} 个 [..] 有误:${error.message}`);
    throw error;
  }
  if (wordings.some((wording) => wording === "")) fail(`[${body}] 有一种写法去掉空白和标点后为空`);
  return { test: { kind: "literal", wordings }, negate };
}

/** What a match has taken so far: where it is, and the text each element took (with back-references). */
interface State {
  readonly at: number;
  readonly taken: readonly string[];
}

/** One unit of a clause as patterns see it: a token, or one character of a token seen character by character. */
interface Unit {
  readonly end: number;
  readonly text: string;
  readonly tag: string;
  /** Where the token it is part of starts: before the unit's own start for a character of a split token. */
  readonly tokenStart: number;
}

/** Tokens seen character by character as well as whole: unknown words jieba's HMM glued, and negated verbs kept whole. */
function splitsIntoCharacters(token: TaggedToken): boolean {
  return (
    token.word.length > 1 &&
    (token.tag === "x" ||
      NEGATIONS.some((negation) => token.word.includes(negation)) ||
      (token.word.startsWith(PROHIBITIVE) && /^[vad]/.test(token.tag)))
  );
}

/** Words jieba keeps whole that hold 你 or 您 without saying it to anyone. */
const WORDS_HOLDING_YOU: ReadonlySet<string> = new Set(["迷你", "你们", "您们", "你好", "您好"]);

/**
 * Where 您 or 你 stands inside a token jieba glued it into (陪您, 祝您, 为您服务: jieba keeps 陪 / 你
 * apart), so that patterns naming the pronoun see it whichever form was said; -1 for none.
 */
function gluedPronoun({ word }: TaggedToken): number {
  if (word.length < 2 || WORDS_HOLDING_YOU.has(word)) return -1;
  const at = Math.max(word.indexOf("您"), word.indexOf("你"));
  return word[at + 1] === "们" ? -1 : at;
}

/**
 * The clause as a lattice: units starting at each offset. `tagOf` gives the part of speech of a
 * character or a short word on its own. The final particles said last in the clause are units of their own too,
 * also where jieba glued them onto the word before (不 / 退亲: 退 and 亲) or together (哈哈).
 */
function lattice(
  clause: string,
  tokens: readonly TaggedToken[],
  tagOf: (character: string) => string,
): Map<number, Unit[]> {
  const from = new Map<number, Unit[]>();
  const add = (start: number, unit: Unit) => {
    const list = from.get(start);
    if (list) list.push(unit);
    else from.set(start, [unit]);
  };
  // The characters of a token from `start` on, each a unit (none for a token of one character).
  const characters = (token: TaggedToken, tokenStart: number, start: number) => {
    for (const character of clause.slice(start, tokenStart + token.word.length)) {
      if (character !== token.word)
        add(start, { end: start + character.length, text: character, tag: tagOf(character), tokenStart });
      start += character.length;
    }
  };
  const particles = finalParticlesFrom(clause, 0, clause.length);
  let offset = 0;
  for (const token of tokens) {
    const end = offset + token.word.length;
    add(offset, { end, text: token.word, tag: token.tag, tokenStart: offset });
    const pronoun = gluedPronoun(token);
    if (splitsIntoCharacters(token)) {
      characters(token, offset, offset);
    } else if (pronoun >= 0) {
      // 陪您 / 谢谢您 / 为您服务: the words around the pronoun and the pronoun, as jieba cuts 陪 / 你.
      const at = offset + pronoun;
      for (const [start, stop] of [
        [offset, at],
        [at, at + 1],
        [at + 1, end],
      ] as const) {
        const text = clause.slice(start, stop);
        if (text !== "") add(start, { end: stop, text, tag: tagOf(text), tokenStart: offset });
      }
    } else if (particles < end) {
      // A token that reaches into the particles said last: the word before them (退 of 退亲), then each particle.
      const head = clause.slice(offset, particles);
      if (offset < particles) {
        add(offset, {
          end: particles,
          text: head,
          tag: head.length === 1 ? tagOf(head) : token.tag,
          tokenStart: offset,
        });
      }
      characters(token, offset, Math.max(offset, particles));
    }
    offset = end;
  }
  return from;
}

/**
 * Whether the pattern can match the clause at all (its {@link TokenPattern.prefilter}, or in a
 * clause said without punctuation its {@link TokenPattern.softPrefilter}): else tagging it is wasted.
 * `anchorFound`: the scan found the pattern's anchor in the clause, so its wordings are not looked
 * for again (an anchor found across the clause's end only lets the prefilter decide).
 */
export function mayMatch(pattern: TokenPattern, clause: string, unpunctuated = false, anchorFound = false): boolean {
  const required = anchorFound ? pattern.requiredBesideAnchor : pattern.requiredWordings;
  for (const wordings of required) if (!holdsOneOf(clause, wordings)) return false;
  return (unpunctuated ? pattern.softPrefilter : pattern.prefilter).test(clause);
}

function holdsOneOf(clause: string, wordings: readonly string[]): boolean {
  for (const wording of wordings) if (clause.includes(wording)) return true;
  return false;
}

/**
 * What matching any pattern in one clause reads, worked out once for the clause (see
 * {@link clauseLattice}): its units by where they start, where units meet, and its edges.
 */
export interface ClauseLattice {
  readonly clause: string;
  readonly units: ReadonlyMap<number, readonly Unit[]>;
  readonly nodes: ReadonlySet<number>;
  readonly edges: ReadonlySet<number>;
  /** Where a match may start, in order, for a pattern without `^` and for one with it; made on first use. */
  anyStarts?: readonly number[];
  edgeStarts?: readonly number[];
}

/**
 * The {@link ClauseLattice} of a clause (its normalised text and its tokens, which concatenate
 * to it). `unpunctuated`: the clause is from a turn said without punctuation, where `^` and `$` also
 * match at its soft boundaries. A clause that several patterns are
 * matched in (a turn's first clause, by every opening pattern) is read once.
 */
export function clauseLattice(
  clause: string,
  tokens: readonly TaggedToken[],
  tagOf: (character: string) => string,
  unpunctuated = false,
): ClauseLattice {
  const units = lattice(clause, tokens, tagOf);
  const nodes = new Set<number>([clause.length, ...units.keys()]);
  const edges = clauseEdges(clause, units);
  if (unpunctuated) for (const boundary of softBoundaries(clause, words(tokens, tagOf))) edges.add(boundary);
  return { clause, units, nodes, edges };
}

/**
 * The matches of a pattern in a clause read already: leftmost first, each as long as it can be,
 * none overlapping. Runs in time linear in the clause: from each start, an element covers at most
 * {@link MAX_REPEAT} units, so a match attempt looks at a bounded stretch, and without
 * back-references keeps one state per offset.
 */
export function matchInClause(pattern: TokenPattern, read: ClauseLattice): ClauseSpan[] {
  const { clause, units, nodes, edges } = read;
  const matches: ClauseSpan[] = [];
  const starts = pattern.atStart
    ? (read.edgeStarts ??= inOrder(startEdges(edges, units), clause.length))
    : (read.anyStarts ??= inOrder(units.keys(), clause.length));
  const opening = openingWordings(pattern);
  let after = 0;
  for (const start of starts) {
    if (start < after) continue;
    // Most starts cannot take the first element: told by a look at the text, not by a search.
    if (opening && !opening.some((wording) => startsHere(wording, start, clause, nodes))) continue;
    const end = longestFrom(pattern, read, start);
    if (end !== undefined && end > start) {
      matches.push({ start, end });
      after = end;
    }
  }
  return matches;
}

/** Offsets before `length`, ascending. */
function inOrder(offsets: Iterable<number>, length: number): number[] {
  return [...offsets].filter((at) => at < length).sort((a, b) => a - b);
}

/**
 * The wordings a match must start with: those of a first element that is a literal, required,
 * not negated, and that intensifiers may not come before; undefined for any other first element.
 */
function openingWordings(pattern: TokenPattern): readonly string[] | undefined {
  const first = pattern.elements[0];
  if (!first || first.min < 1 || first.negate || first.intensifiable || first.test.kind !== "literal") return undefined;
  return first.test.wordings;
}

/** The clause's tokens, those seen character by character split into their characters. */
function words(tokens: readonly TaggedToken[], tagOf: (character: string) => string): TaggedToken[] {
  return tokens.flatMap((token) =>
    splitsIntoCharacters(token)
      ? [...token.word].map((character) => ({ word: character, tag: tagOf(character) }))
      : [token],
  );
}

/** Where `^` matches: at an edge, and after the {@link LEADING_WORDS} said there. */
function startEdges(edges: ReadonlySet<number>, units: ReadonlyMap<number, readonly Unit[]>): Set<number> {
  const starts = new Set(edges);
  for (const edge of edges) {
    for (let at: number | undefined = edge; at !== undefined;) {
      const leading: Unit | undefined = units.get(at)?.find((unit) => LEADING_WORDS.includes(unit.text));
      at = leading?.end;
      if (at !== undefined) starts.add(at);
    }
  }
  return starts;
}

/** Where `^` and `$` match: the clause's start and end, and after each final particle said as a word. */
function clauseEdges(clause: string, units: ReadonlyMap<number, readonly Unit[]>): Set<number> {
  const edges = new Set([0, clause.length]);
  for (const list of units.values()) {
    for (const unit of list) if (unit.text.length === 1 && FINAL_PARTICLES.includes(unit.text)) edges.add(unit.end);
  }
  return edges;
}

/**
 * The end of the longest match that starts at `start`, if any. With back-references a state is
 * where it stands and what each element took; without them, see {@link longestByPositions}.
 */
function longestFrom(pattern: TokenPattern, read: ClauseLattice, start: number): number | undefined {
  if (!pattern.backReferences) return longestByPositions(pattern, read, start);
  const { clause } = read;
  let states: State[] = [{ at: start, taken: [] }];
  for (const element of pattern.elements) {
    const next = new Map<string, State>();
    let frontier = states.map((state) => ({ ...state, from: state.at }));
    for (let times = 0; frontier.length > 0; times++) {
      if (times >= element.min) {
        for (const state of frontier) {
          const taken = [...state.taken, clause.slice(state.from, state.at)];
          next.set(`${state.at}\u0000${taken.join("\u0000")}`, { at: state.at, taken });
        }
      }
      if (times === element.max) break;
      frontier = frontier.flatMap((state) =>
        step(element, state, read).map((at) => ({ at, taken: state.taken, from: state.from })),
      );
    }
    states = [...next.values()];
    if (states.length === 0) return undefined;
  }
  return longestEnd(
    states.map((state) => state.at),
    pattern,
    read.edges,
  );
}

/** {@link longestFrom} of a pattern without back-references, whose states are where they stand and nothing else: lists of offsets, not objects and maps of them (this search runs from every start of every clause a pattern may match in). */
function longestByPositions(pattern: TokenPattern, read: ClauseLattice, start: number): number | undefined {
  const state = { at: start, taken: NO_TAKEN };
  let states = [start];
  for (const element of pattern.elements) {
    const next: number[] = [];
    let frontier = states;
    for (let times = 0; frontier.length > 0; times++) {
      if (times >= element.min) for (const at of frontier) if (!next.includes(at)) next.push(at);
      if (times === element.max) break;
      const stepped: number[] = [];
      for (const at of frontier) {
        state.at = at;
        for (const end of step(element, state, read)) if (!stepped.includes(end)) stepped.push(end);
      }
      frontier = stepped;
    }
    if (next.length === 0) return undefined;
    states = next;
  }
  return longestEnd(states, pattern, read.edges);
}

/** The furthest of the ends a match can reach, at the clause's end or an edge when the pattern ends with `$`. */
function longestEnd(ends: readonly number[], pattern: TokenPattern, edges: ReadonlySet<number>): number | undefined {
  let longest: number | undefined;
  for (const at of ends) {
    if (pattern.atEnd && !edges.has(at)) continue;
    if (longest === undefined || at > longest) longest = at;
  }
  return longest;
}

const NO_TAKEN: readonly string[] = [];

/** Where one occurrence of an element can end when it starts where `state` is. */
function step(element: Element, state: State, { clause, units, nodes }: ClauseLattice): number[] {
  const { test } = element;
  const here = units.get(state.at) ?? [];
  const short = (unit: Unit) => unit.end - state.at <= MAX_UNIT_LENGTH;
  if (element.negate) {
    // One unit that is not what the test names, nor ends a token that is: [!不用] takes neither 不用 nor its 用;
    // nor starts what it names, in a token seen character by character: [!关系] takes not the 关 of 没关系.
    if (test.kind === "literal" && test.wordings.some((wording) => startsHere(wording, state.at, clause, nodes)))
      return [];
    return here
      .filter((unit) => short(unit) && !unitPasses(test, unit, state) && !endsNamedToken(test, unit, clause))
      .map((unit) => unit.end);
  }
  switch (test.kind) {
    case "any":
      return here.filter(short).map((unit) => unit.end);
    case "tag":
      return here.filter((unit) => short(unit) && unitPasses(test, unit, state)).map((unit) => unit.end);
    case "literal":
    case "same": {
      const wordings = test.kind === "literal" ? test.wordings : [state.taken[test.element] ?? ""];
      const ends: number[] = [];
      const wordingsFrom = (at: number, negationsOnly: boolean) => {
        for (const wording of wordings) {
          if (negationsOnly && (!NEGATIONS.includes(wording[0]!) || aNotA(clause, at, wording))) continue;
          if (startsHere(wording, at, clause, nodes)) ends.push(at + wording.length);
        }
      };
      wordingsFrom(state.at, false);
      if (element.intensifiable) for (const at of afterIntensifiers(state.at, units)) wordingsFrom(at, true);
      return ends;
    }
  }
}

/** Whether a wording is said at `at`, ending where a unit does. */
function startsHere(wording: string, at: number, clause: string, nodes: ReadonlySet<number>): boolean {
  return wording !== "" && clause.startsWith(wording, at) && nodes.has(at + wording.length);
}

/** Where the one or more {@link INTENSIFIERS} said from `at` on may end (真的, 也真的). */
function afterIntensifiers(at: number, units: ReadonlyMap<number, readonly Unit[]>): number[] {
  const ends: number[] = [];
  let frontier = [at];
  for (let count = 0; count < MAX_INTENSIFIERS && frontier.length > 0; count++) {
    frontier = frontier.flatMap((from) =>
      (units.get(from) ?? []).filter((unit) => INTENSIFIERS.includes(unit.text)).map((unit) => unit.end),
    );
    pushAll(ends, frontier);
  }
  return ends;
}

/**
 * Whether a wording is a negated predicate, which intensifiers may come before (不行, 没办法, 没有,
 * 没了): not a potential complement (怪不到, 改不了), nor 不 or 没 alone but before the predicate's
 * next word (`[我] [不] [修]`; not 懂不, 怎么不 [#v], 可以不 [$2], which ask or contrast).
 */
function negatedPredicate(wording: string, nextIsWord: boolean): boolean {
  if (!NEGATIONS.includes(wording[0]!)) return false;
  if (NEGATIONS.includes(wording)) return nextIsWord;
  return !(wording[0] === "不" && wording.length === 2 && COMPLEMENTS.includes(wording[1]!));
}

/**
 * Whether an element is a literal whose wordings that start with a negation, of which it has some,
 * are all negated predicates ({@link negatedPredicate}), given the element after it.
 */
function negatesPredicate(element: Element, next: Element | undefined): boolean {
  if (element.negate || element.test.kind !== "literal") return false;
  const nextIsWord = next !== undefined && next.test.kind === "literal" && !next.negate && next.min >= 1;
  const negated = element.test.wordings.filter((wording) => NEGATIONS.includes(wording[0]!));
  return negated.length > 0 && negated.every((wording) => negatedPredicate(wording, nextIsWord));
}

/** What follows the negation of a potential complement (V不了, V不到). */
const COMPLEMENTS = "了到着起动完住出来去见";

/** Whether a negation at `at` is the middle of an A-not-A question with what is said before it (可不可以, 是不是). */
function aNotA(clause: string, at: number, wording: string): boolean {
  return at > 0 && clause[at - 1] === wording[1];
}

/** Whether a character of a split token ends the token's text that a literal test names (有没有's last 有). */
function endsNamedToken(test: Test, unit: Unit, clause: string): boolean {
  return (
    test.kind === "literal" &&
    unit.tokenStart < unit.end - unit.text.length &&
    test.wordings.includes(clause.slice(unit.tokenStart, unit.end))
  );
}

/** Whether one unit is what a test names (for `[!…]`, which takes exactly one unit). */
function unitPasses(test: Test, unit: Unit, state: State): boolean {
  switch (test.kind) {
    case "any":
      return true;
    case "tag":
      return test.tags.some((tag) => unit.tag.startsWith(tag));
    case "literal":
      return test.wordings.includes(unit.text);
    case "same":
      return unit.text === state.taken[test.element];
  }
}
