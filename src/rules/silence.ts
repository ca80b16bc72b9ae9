import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import { boundaryField, commonRuleFields, formatSeconds, phraseList, positiveSeconds } from "./common.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { SilenceRule } from "./types.js";
export type { SilenceRule };

/**
 * 静音: no gap between turns may last longer than `maxSeconds`, unless the last turn of
 * `speaker` before it gave a hold notice (one of `hold.phrases`, e.g. 请您稍等).
 */
export const silenceRuleSchema = lazy(() => z.strictObject({
  ...commonRuleFields,
  type: z.literal("silence"),
  maxSeconds: positiveSeconds,
  hold: z.strictObject({ phrases: phraseList, boundary: boundaryField }).optional(),
}));

/**
 * A gap is measured from the latest end of all earlier turns to the start of the next turn,
 * so an overlap never counts as silence. Reported at the turn after the gap.
 */
function checkSilence(rule: SilenceRule, context: LintContext): readonly Violation[] {
  const violations: Violation[] = [];
  let latestEnd: number | undefined;
  /** Whether the speaker's latest turn gave a hold notice: matched once per turn, not once per gap after it. */
  let noticed = false;
  context.transcript.turns.forEach((turn, index) => {
    const { start, end } = context.timeOf(index);
    const gap = latestEnd === undefined ? 0 : start - latestEnd;
    if (gap > rule.maxSeconds * 1000 && !noticed) {
      violations.push(context.violationOver(rule, [index], `此前静音 ${formatSeconds(gap)} 秒`, "timing"));
    }
    latestEnd = Math.max(latestEnd ?? end, end);
    if (rule.speaker === "any" || turn.speaker === rule.speaker) noticed = rule.hold !== undefined && context.hasMatch(index, rule.hold);
  });
  return violations;
}

export const silenceRuleType: RuleTypeDefinition<SilenceRule> = {
  scope: () => "whole-call",
  timed: true,
  check: checkSilence,
  phraseLists: (rule) => (rule.hold ? [rule.hold] : []),
  // A gap is known when the turn after it starts.
  decidability: () => "per-turn",
};
