import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import { commonRuleFields, formatSeconds } from "./common.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { InterruptionRule } from "./types.js";
export type { InterruptionRule };

/**
 * 抢话: a turn of `speaker` must not start before the other party's previous turn has ended,
 * by more than `toleranceSeconds` (default 0.5: ASR times are not exact).
 */
export const interruptionRuleSchema = lazy(() => z.strictObject({
  ...commonRuleFields,
  type: z.literal("interruption"),
  toleranceSeconds: z.number().nonnegative("容差不能为负").default(0.5),
}));

/**
 * Compares each turn of the speaker with the latest earlier turn of someone else, tracked in
 * one pass (looking back from each turn would be quadratic over a long monologue).
 */
function checkInterruption(rule: InterruptionRule, context: LintContext): readonly Violation[] {
  const turns = context.transcript.turns;
  const violations: Violation[] = [];
  /** The latest turn before `index` whose speaker differs from that of `index`. */
  let other = -1;
  turns.forEach((turn, index) => {
    if (index > 0 && turns[index - 1]!.speaker !== turn.speaker) other = index - 1;
    if (other < 0 || (rule.speaker !== "any" && turn.speaker !== rule.speaker)) return;
    const overlap = context.timeOf(other).end - context.timeOf(index).start;
    if (overlap > rule.toleranceSeconds * 1000) {
      violations.push(context.violationOver(rule, [index], `对方尚未说完就开始说话,重叠 ${formatSeconds(overlap)} 秒`, "timing"));
    }
  });
  return violations;
}

export const interruptionRuleType: RuleTypeDefinition<InterruptionRule> = {
  scope: () => "whole-call",
  timed: true,
  check: checkInterruption,
  phraseLists: () => [],
  decidability: () => "per-turn",
};
