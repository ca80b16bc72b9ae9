import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import { NO_VIOLATIONS, type Violation } from "../engine/violation.js";
import { commonRuleFields } from "./common.js";
import { conditionDecidability, conditionExceptionLists, conditionPhraseLists, conditionSchema, evaluateCondition } from "./condition-expression.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { ConditionRule } from "./types.js";
export type { ConditionRule };

/** A free combination of conditions that the call must (`must`) or must not (`mustNot`) satisfy. */
export const conditionRuleSchema = lazy(() => z
  .strictObject({
    ...commonRuleFields,
    type: z.literal("condition"),
    must: conditionSchema.optional(),
    mustNot: conditionSchema.optional(),
  })
  .superRefine((rule, context) => {
    if ((rule.must === undefined) === (rule.mustNot === undefined)) {
      context.addIssue({ code: "custom", path: rule.must ? ["mustNot"] : [], message: "condition 规则须恰好给出 must 或 mustNot 之一" });
    }
  }));

/** The condition of the rule, whichever key holds it. */
function conditionOf(rule: ConditionRule) {
  return (rule.must ?? rule.mustNot)!;
}

/**
 * `must` unmet: one violation, at the first match that made it fail (e.g. an occurrence too
 * many), else over the speaker's turns. `mustNot` met: one violation per match, or one over the
 * speaker's turns when it holds without any (a `not`).
 */
function checkCondition(rule: ConditionRule, context: LintContext): readonly Violation[] {
  const outcome = evaluateCondition(conditionOf(rule), rule.speaker, context);
  if (outcome.matched === (rule.must !== undefined)) return NO_VIOLATIONS;
  if (outcome.hits.length > 0) {
    const hits = rule.must ? outcome.hits.slice(0, 1) : outcome.hits;
    return hits.map((hit) => context.violationAt(rule, hit.turn, hit.span));
  }
  const speakerTurns = context.turnsOf(rule.speaker);
  const turns = speakerTurns.length > 0 ? speakerTurns : context.turnsOf("any");
  return turns.length > 0 ? [context.violationOver(rule, turns)] : NO_VIOLATIONS;
}

export const conditionRuleType: RuleTypeDefinition<ConditionRule> = {
  check: checkCondition,
  // What must not be said is wrong anywhere; what must hold, only of a whole call.
  scope: (rule) => (rule.mustNot ? "speech" : "whole-call"),
  phraseLists: (rule) => conditionPhraseLists(conditionOf(rule)),
  exceptionLists: (rule) => conditionExceptionLists(conditionOf(rule)),
  // A `mustNot` of matches anchored at the start is final when they arrive; anything `must` needs the end.
  decidability: (rule) => (rule.mustNot ? conditionDecidability(rule.mustNot) : "end-of-call"),
};
