import { z } from "zod";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import { boundaryField, commonRuleFields, phraseList } from "./common.js";

const turnCount = z.int().positive("轮数必须是正整数");

/** Which turns of the speaker a required phrase is looked for in; absent = all of them. */
const windowSchema = z.union([z.strictObject({ first: turnCount }), z.strictObject({ last: turnCount })], {
  error: "within 须为 { first: N } 或 { last: N } 之一",
});

/** 规范用语 that must be said: one of `phrases` by `speaker` within the window. */
export const requiredRuleSchema = z.strictObject({
  ...commonRuleFields,
  type: z.literal("required"),
  phrases: phraseList,
  boundary: boundaryField,
  within: windowSchema.optional(),
});

export type RequiredRule = z.infer<typeof requiredRuleSchema>;

/**
 * Reports the window when none of its turns contains a phrase. A transcript in which the
 * speaker never speaks has nothing to judge and yields no violation.
 */
export function checkRequired(rule: RequiredRule, context: LintContext): Violation[] {
  const turns = context.turnsOf(rule.speaker);
  const within = rule.within;
  const window = !within ? turns : "first" in within ? turns.slice(0, within.first) : turns.slice(-within.last);
  if (window.length === 0 || window.some((turn) => context.matches(turn, rule).length > 0)) return [];
  return [context.violationOver(rule, window)];
}
