import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import { NO_VIOLATIONS, type Violation } from "../engine/violation.js";
import { combineDecidability, commonRuleFields } from "./common.js";
import { conditionDecidability, conditionExceptionLists, conditionPhraseLists, conditionSchema, matchesOf, type ConditionHit } from "./condition-expression.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { OrderRule } from "./types.js";
export type { OrderRule };

/** `first` must come before `then`, e.g. the greeting before the closing. */
export const orderRuleSchema = lazy(() => z.strictObject({
  ...commonRuleFields,
  type: z.literal("order"),
  first: conditionSchema,
  then: conditionSchema,
}));

function isBefore(a: ConditionHit, b: ConditionHit): boolean {
  return a.turn < b.turn || (a.turn === b.turn && a.span.end <= b.span.start);
}

/**
 * Reports the first match of `then` that no match of `first` precedes. A call without `then`
 * has nothing to judge (a `required` rule checks presence).
 */
function checkOrder(rule: OrderRule, context: LintContext): readonly Violation[] {
  const [earliest] = matchesOf(rule.first, rule.speaker, context);
  const early = matchesOf(rule.then, rule.speaker, context).find((hit) => !earliest || !isBefore(earliest, hit));
  return early ? [context.violationAt(rule, early.turn, early.span)] : NO_VIOLATIONS;
}

export const orderRuleType: RuleTypeDefinition<OrderRule> = {
  // `first` may come before the fragment.
  scope: () => "whole-call",
  check: checkOrder,
  phraseLists: (rule) => [...conditionPhraseLists(rule.first), ...conditionPhraseLists(rule.then)],
  exceptionLists: (rule) => [...conditionExceptionLists(rule.first), ...conditionExceptionLists(rule.then)],
  // A `then` arriving with no `first` before it is a violation at once.
  decidability: (rule) => combineDecidability(conditionDecidability(rule.first), conditionDecidability(rule.then)),
};
