import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import { NO_VIOLATIONS, type Violation } from "../engine/violation.js";
import type { PhraseList } from "../match/phrase-match.js";
import { boundaryField, commonRuleFields, phraseList } from "./common.js";
import { unexcused } from "./exceptions.js";
import { phraseMatchingFields } from "./matching.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import { continuesRun, runTurns, windowSchema, windowTurns } from "./window.js";
import type { RequiredRule } from "./types.js";
import { isWhiteSpace } from "../util/white-space.js";
export type { RequiredRule };

/** 规范用语 that must be said: one of `phrases` by `speaker` within the window. */
export const requiredRuleSchema = lazy(() => z.strictObject({
  ...commonRuleFields,
  type: z.literal("required"),
  phrases: phraseList,
  boundary: boundaryField,
  ...phraseMatchingFields,
  within: windowSchema.optional(),
  /** Contexts that contain a match within its clause and take it back: 感谢您的耐心等待 thanks for a wait, not for the call. */
  unless: phraseList.optional(),
  /**
   * Phrases by which the other party, in its turn right after a match, takes the match back:
   * 还有别的问题吗 answered 哦对了 还有个事 is not the call's last question.
   */
  unlessAnswered: phraseList.optional(),
  /**
   * Phrases that are all the speaker may say once it has answered the other party's follow-up
   * (不客气, 您客气了 再见): when the other party's answer that takes a match back is one short
   * follow-up (还有别的问题吗 / 哦对了 APP上能开发票吗), the speaker answers it in one run, and
   * says nothing after but these, the other party ended the call and the match stands; a closing
   * the speaker opens anew (感谢您的来电, 祝您…) is one in which it should have asked again.
   */
  afterFollowUp: phraseList.optional(),
  /**
   * Phrases by which the other party declines what the match asked (没有了, 没了): when its answer
   * that takes the match back begins with one of these, it said no and came back with
   * its one short follow-up (没有了 / 哦 对了 第二档多少钱一度), and the match stands however the
   * speaker then closes (好的 感谢您的来电): the question was asked and answered.
   */
  declinedFirst: phraseList.optional(),
  /**
   * Phrases by which the other party, in its turn right after a `first` window, asks for what the
   * window lacks: the speaker's next turn, which answers, is in the window too — the agent of an
   * outbound call says 喂 您好, the customer asks 哪位, and the agent names the company.
   */
  whenAsked: phraseList.optional(),
  /**
   * Phrases that carry no business (喂, 听得到吗, 你好, 是电信吗): when the other party's turn right
   * after a `first` window says nothing but these, the call has not begun, and the speaker's next
   * turn is in the window too — 您好 / 喂 听得到吗 / 听得到 您说.
   */
  untilBusiness: phraseList.optional(),
  /**
   * Phrases that count in the speaker's answer to the other party's first business, the turns it says
   * after the other party's turn right after a `first` window (or after the turn `whenAsked` or
   * `untilBusiness` brings into it) until the other party speaks again: the agent who answered the
   * customer's first question and then asked 您还有别的问题吗 offered help.
   */
  inFirstAnswer: phraseList.optional(),
}).superRefine((rule, context) => {
  for (const key of ["afterFollowUp", "declinedFirst"] as const) {
    if (rule[key] && !rule.unlessAnswered) {
      context.addIssue({ code: "custom", path: [key], message: `${key} 须与 unlessAnswered 一起使用` });
    }
  }
  for (const key of ["whenAsked", "untilBusiness", "inFirstAnswer"] as const) {
    if (rule[key] && !(rule.within && "first" in rule.within)) {
      context.addIssue({ code: "custom", path: [key], message: `${key} 须与 within: { first: N } 一起使用` });
    }
  }
}));

/** `unlessAnswered`, `afterFollowUp`, `declinedFirst`, `whenAsked`, `untilBusiness` and `inFirstAnswer` as phrase lists of the rule set's index, one object per rule and key. */
const answerLists = new WeakMap<RequiredRule, PhraseList>();
const closeLists = new WeakMap<RequiredRule, PhraseList>();
const declineLists = new WeakMap<RequiredRule, PhraseList>();
const askLists = new WeakMap<RequiredRule, PhraseList>();
const idleLists = new WeakMap<RequiredRule, PhraseList>();
const firstAnswerLists = new WeakMap<RequiredRule, PhraseList>();

function listOf(rule: RequiredRule, phrases: string[] | undefined, lists: WeakMap<RequiredRule, PhraseList>): PhraseList | undefined {
  if (!phrases) return undefined;
  let list = lists.get(rule);
  if (!list) lists.set(rule, (list = { phrases, boundary: rule.boundary }));
  return list;
}

const answerList = (rule: RequiredRule) => listOf(rule, rule.unlessAnswered, answerLists);
const closeList = (rule: RequiredRule) => listOf(rule, rule.afterFollowUp, closeLists);
const declineList = (rule: RequiredRule) => listOf(rule, rule.declinedFirst, declineLists);
const askList = (rule: RequiredRule) => listOf(rule, rule.whenAsked, askLists);
const idleList = (rule: RequiredRule) => listOf(rule, rule.untilBusiness, idleLists);
const firstAnswerList = (rule: RequiredRule) => listOf(rule, rule.inFirstAnswer, firstAnswerLists);

/**
 * The other party's turn right after `turn`: its segments until the speaker of `turn` speaks
 * again, past what that speaker still says in a row.
 */
function replyTo(context: LintContext, turn: number): number[] {
  const all = context.transcript.turns;
  const speaker = all[turn]!.speaker;
  let next = turn + 1;
  while (next < all.length && all[next]!.speaker === speaker) next++;
  const reply: number[] = [];
  for (; next < all.length && all[next]!.speaker !== speaker; next++) reply.push(next);
  return reply;
}

/** Whether one of `turns` (a {@link replyTo}) says one of the list's phrases. */
function saysOneOf(context: LintContext, turns: readonly number[], list: PhraseList): boolean {
  return turns.some((turn) => context.hasMatch(turn, list));
}

/**
 * Whether each of `turns` (a {@link replyTo}) says nothing but the list's phrases: their matches
 * cover the whole of its normalised text (what is left once spaces and punctuation are gone).
 */
function saysOnly(context: LintContext, turns: readonly number[], list: PhraseList): boolean {
  return turns.every((turn) => {
    let covered = 0;
    const spans = context.matches(turn, list).sort((a, b) => a.start - b.start);
    for (const span of spans) {
      if (span.start > covered) return false;
      covered = Math.max(covered, span.end);
    }
    return covered >= context.normalised(turn).text.length;
  });
}

/** The most characters the other party's turn may have to ask for the speaker's next turn (`whenAsked`): 喂 你是哪里啊. */
export const ASKING_MAX_CHARS = 12;

/** The most characters (spaces aside) of the other party's follow-up that leaves a match standing (`afterFollowUp`): 哦对了 去网点要预约吗. */
export const FOLLOW_UP_MAX_CHARS = 20;

/** Past this many, {@link askingChars} stops counting: every limit its counts are held to is lower. */
const COUNTED_CHARS = Math.max(ASKING_MAX_CHARS, FOLLOW_UP_MAX_CHARS) + 1;

/**
 * The characters of a turn's text that count towards {@link ASKING_MAX_CHARS} and
 * {@link FOLLOW_UP_MAX_CHARS}: all but spaces, counted up to one more than the larger of the two, so
 * a long turn is only known to be too long. Asked of most turns of every call by several rules:
 * counting every character of each (a copy without its spaces, for its length) was a few per cent
 * of a lint.
 */
export function askingChars(text: string): number {
  let chars = 0;
  for (let at = 0; at < text.length && chars < COUNTED_CHARS; at++) if (!isWhiteSpace(text.charCodeAt(at))) chars++;
  return chars;
}

/** The characters of `turns` that count towards {@link ASKING_MAX_CHARS}. */
const replyChars = (context: LintContext, turns: readonly number[]): number =>
  turns.reduce((sum, turn) => sum + askingChars(context.transcript.turns[turn]!.text), 0);

/**
 * Whether a reply ({@link replyTo}) is short enough to be a question of its own, as 喂 哪位 is: a
 * longer one is about something else, and is not scanned for `whenAsked` (the customer's turns
 * are scanned only where a rule asks about them).
 */
function shortReply(context: LintContext, reply: readonly number[]): boolean {
  const chars = replyChars(context, reply);
  return chars > 0 && chars <= ASKING_MAX_CHARS;
}

/**
 * Whether the call has not begun by the end of the other party's `reply` to the window: all the
 * other party has said so far — before the window (no more than a short reply's characters in
 * all), between its turns and in the reply — is `untilBusiness`. A customer's 嗯 said after a
 * first answer to its question (我回收单 会不会安全 / 放心呢 / 哦) is no line check.
 */
function notBegun(context: LintContext, window: readonly number[], reply: readonly number[], idle: PhraseList): boolean {
  const all = context.transcript.turns;
  const speaker = all[window[0]!]!.speaker;
  const others: number[] = [];
  let before = 0;
  for (let turn = 0; turn < reply[0]!; turn++) {
    if (all[turn]!.speaker === speaker) continue;
    others.push(turn);
    if (turn < window[0]!) before += askingChars(all[turn]!.text);
  }
  return before <= ASKING_MAX_CHARS && saysOnly(context, [...others, ...reply], idle);
}

/**
 * Whether the other party's `reply` to a match, which takes it back, is one short follow-up after
 * which the other party ended the call: no more than {@link FOLLOW_UP_MAX_CHARS}; the speaker
 * answers it in one run (one turn of an untimed call; in a timed one, segments with no hold
 * between: not 您稍等 and a lookup); after that the other party says no more than a short turn's
 * characters at a time (好 谢谢, 哦 知道了) and the speaker nothing but `afterFollowUp` — or anything, when
 * the reply begins with one of `declined` (没有了): the other party said no and came back.
 */
function endedAfterFollowUp(
  context: LintContext,
  reply: readonly number[],
  closing: PhraseList | undefined,
  declined: PhraseList | undefined,
): boolean {
  const chars = replyChars(context, reply);
  if (chars === 0 || chars > FOLLOW_UP_MAX_CHARS) return false;
  const answer = replyTo(context, reply.at(-1)!);
  if (answer.length === 0) return false;
  if (context.hasTimes() ? answer.some((turn, i) => i > 0 && !continuesRun(context, answer[i - 1]!, turn)) : answer.length > 1) return false;
  const all = context.transcript.turns;
  const speaker = all[answer[0]!]!.speaker;
  const after: number[] = [];
  for (let turn = answer.at(-1)! + 1; turn < all.length; turn++) {
    if (all[turn]!.speaker === speaker) after.push(turn);
    else if (askingChars(all[turn]!.text) > ASKING_MAX_CHARS) return false;
  }
  if (declined && context.matches(reply[0]!, declined).some((span) => span.start === 0)) return true;
  return closing !== undefined && saysOnly(context, after, closing);
}

/**
 * The speaker's next turn after a `first` window (the schema sees to it), when the other party's
 * turn right after the window is short and asks for it (says one of `whenAsked`) or carries no
 * business (says nothing but `untilBusiness`), and that turn comes right after it (not after a
 * hold that went on before it); else none. Asked only of a window that lacks the phrase.
 */
function answerToAsking(rule: RequiredRule, context: LintContext, window: readonly number[]): readonly number[] {
  const asked = askList(rule);
  const idle = idleList(rule);
  if ((!asked && !idle) || !rule.within || !("first" in rule.within)) return [];
  const last = window.at(-1)!;
  const reply = replyTo(context, last);
  if (!shortReply(context, reply)) return [];
  if (!(asked && saysOneOf(context, reply, asked)) && !(idle && notBegun(context, window, reply, idle))) return [];
  const answer = runTurns(context, rule.speaker, rule.within.first);
  const all = context.transcript.turns;
  const asking = answer.length > 0 ? answer[0]! - 1 : -1;
  return asking > last && all[asking]!.speaker !== all[last]!.speaker ? answer : [];
}

/**
 * Whether the speaker opened the call with its turn `first`: the other party said nothing before it,
 * or nothing but `untilBusiness` (喂), in no more than a short reply's characters, as {@link notBegun}
 * has it. After business begun before it (a chat's 帮我申请售后), the speaker's first turn is the first
 * answer. The characters are counted first: a customer's long first message is not scanned.
 */
function openedCall(rule: RequiredRule, context: LintContext, first: number): boolean {
  const all = context.transcript.turns;
  const speaker = all[first]!.speaker;
  const before: number[] = [];
  for (let turn = 0; turn < first; turn++) if (all[turn]!.speaker !== speaker) before.push(turn);
  if (before.length === 0) return true;
  const idle = idleList(rule);
  return idle !== undefined && replyChars(context, before) <= ASKING_MAX_CHARS && saysOnly(context, before, idle);
}

/**
 * Whether the speaker's answer to the other party's first business says one of `inFirstAnswer`:
 * the turns it says after the other party's turn right after the window (or after `asked`, the turn
 * that `whenAsked` or `untilBusiness` brought into it), until the other party speaks again, in a call
 * the speaker opened.
 */
function asksInFirstAnswer(
  rule: RequiredRule,
  context: LintContext,
  window: readonly number[],
  asked: readonly number[],
): boolean {
  const list = firstAnswerList(rule);
  if (!list || !openedCall(rule, context, window[0]!)) return false;
  const opening = asked.length > 0 ? asked : window;
  const business = replyTo(context, opening.at(-1)!);
  return business.length > 0 && saysOneOf(context, replyTo(context, business.at(-1)!), list);
}

/**
 * Reports the window when none of its turns contains a phrase (that the other party's answer
 * does not take back), nor the turn that answers the other party asking for it (`whenAsked`) or
 * follows its turn of no business (`untilBusiness`), nor the speaker's answer to the other party's
 * first business one of `inFirstAnswer`.
 * A transcript in which the speaker never speaks (in the window) has nothing to judge and
 * yields no violation.
 */
function checkRequired(rule: RequiredRule, context: LintContext): readonly Violation[] {
  const window = windowTurns(context, rule.speaker, rule.within);
  if (window.length === 0 || countsInOne(rule, context, context.candidateTurns(rule, window))) return NO_VIOLATIONS;
  const asked = answerToAsking(rule, context, window);
  if (countsInOne(rule, context, context.candidateTurns(rule, asked))) return NO_VIOLATIONS;
  if (asksInFirstAnswer(rule, context, window, asked)) return NO_VIOLATIONS;
  return [context.violationOver(rule, window)];
}

/**
 * Whether one of the turns says the phrase so that it counts: a match no exception excuses, which
 * the other party's answer does not take back. Plain functions, not closures: the check runs for every
 * required rule on every call, and closures made for each were most of what it allocated.
 */
function countsInOne(rule: RequiredRule, context: LintContext, turns: readonly number[]): boolean {
  for (const turn of turns) if (counts(rule, context, turn)) return true;
  return false;
}

function counts(rule: RequiredRule, context: LintContext, turn: number): boolean {
  const said = rule.unless ? unexcused(context, turn, rule, context.matches(turn, rule)).length > 0 : context.hasMatch(turn, rule);
  if (!said) return false;
  const answers = answerList(rule);
  if (!answers) return true;
  const reply = replyTo(context, turn);
  if (!saysOneOf(context, reply, answers)) return true;
  // Taken back, unless the answer was one short follow-up after which the call ended (`afterFollowUp`, `declinedFirst`).
  const closing = closeList(rule);
  const declined = declineList(rule);
  return (closing !== undefined || declined !== undefined) && endedAfterFollowUp(context, reply, closing, declined);
}

export const requiredRuleType: RuleTypeDefinition<RequiredRule> = {
  // Absence is known only over the whole call (or its first or last turns).
  scope: () => "whole-call",
  check: checkRequired,
  phraseLists: (rule) => [rule],
  exceptionLists: (rule) =>
    [answerList(rule), closeList(rule), declineList(rule), askList(rule), idleList(rule), firstAnswerList(rule)].filter((list) => list !== undefined),
  // Absence is known once the window has passed: after N turns or seconds for a window at the
  // start (with `whenAsked` or `untilBusiness`, once the other party's answer is too long to ask or the speaker's
  // next turn is over), unless the answer after it may still take a match back.
  decidability: (rule) =>
    rule.within && ("first" in rule.within || "firstSeconds" in rule.within) && !rule.unlessAnswered
      ? "per-turn"
      : "end-of-call",
};
