import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import { boundaryField, commonRuleFields, phraseList } from "./common.js";
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
}));

/**
 * Reports the window when none of its turns contains a phrase. A transcript in which the
 * speaker never speaks (in the window) has nothing to judge and yields no violation.
 */
function checkRequired(rule: RequiredRule, context: LintContext): Violation[] {
  const window = windowTurns(context, rule.speaker, rule.within);
  if (window.length === 0 || context.candidateTurns(rule, window).some((turn) => context.hasMatch(turn, rule)))
    return [];
  return [context.violationOver(rule, window)];
}

export const requiredRuleType: RuleTypeDefinition<RequiredRule> = {
  // Absence is known only over the whole call (or its first or last turns).
  scope: () => "whole-call",
  check: checkRequired,
  phraseLists: (rule) => [rule],
  // Absence is known once the window has passed: after N turns or seconds for a window at the start.
  decidability: (rule) => (rule.within && ("first" in rule.within || "firstSeconds" in rule.within) ? "per-turn" : "end-of-call"),
};
