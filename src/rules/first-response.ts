import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import { NO_VIOLATIONS, type Violation } from "../engine/violation.js";
import { commonRuleFields, formatSeconds, positiveSeconds } from "./common.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { FirstResponseRule } from "./types.js";
export type { FirstResponseRule };

/** 首次应答: `speaker` must start speaking within `maxSeconds` of the start of the call (time 0). */
export const firstResponseRuleSchema = lazy(() => z.strictObject({
  ...commonRuleFields,
  type: z.literal("first-response"),
  maxSeconds: positiveSeconds,
}));

/** Reported at the speaker's first turn; a call in which the speaker never speaks is not judged. */
function checkFirstResponse(rule: FirstResponseRule, context: LintContext): readonly Violation[] {
  const [first] = context.turnsOf(rule.speaker);
  if (first === undefined) return NO_VIOLATIONS;
  const { start } = context.timeOf(first);
  return start > rule.maxSeconds * 1000 ? [context.violationOver(rule, [first], `首次应答用时 ${formatSeconds(start)} 秒`, "timing")] : NO_VIOLATIONS;
}

export const firstResponseRuleType: RuleTypeDefinition<FirstResponseRule> = {
  scope: () => "whole-call",
  timed: true,
  check: checkFirstResponse,
  phraseLists: () => [],
  decidability: () => "per-turn",
};
