import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import type { PhraseList } from "../match/phrase-match.js";
import { boundaryField, commonRuleFields, phraseList } from "./common.js";
import { unexcused } from "./exceptions.js";
import { phraseMatchingFields } from "./matching.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import { windowSchema, windowTurns } from "./window.js";
import type { RequiredRule } from "./types.js";
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
}));

/** `unlessAnswered` as a phrase list of the rule set's index, one object per rule. */
const answerLists = new WeakMap<RequiredRule, PhraseList>();

function answerList(rule: RequiredRule): PhraseList | undefined {
  if (!rule.unlessAnswered) return undefined;
  let list = answerLists.get(rule);
  if (!list) answerLists.set(rule, (list = { phrases: rule.unlessAnswered, boundary: rule.boundary }));
  return list;
}

/**
 * Whether the other party's turn right after `turn` — its segments until the speaker of `turn`
 * speaks again, past what that speaker still says in a row — says one of `answers`.
 */
function answeredBack(context: LintContext, turn: number, answers: PhraseList): boolean {
  const all = context.transcript.turns;
  const speaker = all[turn]!.speaker;
  let next = turn + 1;
  while (next < all.length && all[next]!.speaker === speaker) next++;
  for (; next < all.length && all[next]!.speaker !== speaker; next++) {
    if (context.hasMatch(next, answers)) return true;
  }
  return false;
}

/**
 * Reports the window when none of its turns contains a phrase (that the other party's answer
 * does not take back). A transcript in which the speaker never speaks (in the window) has
 * nothing to judge and yields no violation.
 */
function checkRequired(rule: RequiredRule, context: LintContext): Violation[] {
  const window = windowTurns(context, rule.speaker, rule.within);
  const answers = answerList(rule);
  const says = (turn: number) => (rule.unless ? unexcused(context, turn, rule, context.matches(turn, rule)).length > 0 : context.hasMatch(turn, rule));
  const counts = (turn: number) => says(turn) && !(answers && answeredBack(context, turn, answers));
  if (window.length === 0 || context.candidateTurns(rule, window).some(counts)) return [];
  return [context.violationOver(rule, window)];
}

export const requiredRuleType: RuleTypeDefinition<RequiredRule> = {
  // Absence is known only over the whole call (or its first or last turns).
  scope: () => "whole-call",
  check: checkRequired,
  phraseLists: (rule) => [rule],
  exceptionLists: (rule) => {
    const answers = answerList(rule);
    return answers ? [answers] : [];
  },
  // Absence is known once the window has passed: after N turns or seconds for a window at the
  // start, unless the answer after it may still take a match back.
  decidability: (rule) =>
    rule.within && ("first" in rule.within || "firstSeconds" in rule.within) && !rule.unlessAnswered ? "per-turn" : "end-of-call",
};
