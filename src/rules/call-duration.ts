import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import { NO_VIOLATIONS, type Violation } from "../engine/violation.js";
import { boundsRefinement, commonRuleFields, formatSeconds, positiveSeconds } from "./common.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { CallDurationRule } from "./types.js";
export type { CallDurationRule };

const fieldsWithoutSpeaker = lazy(() => {
  const { speaker: _speaker, ...fields } = commonRuleFields;
  return fields;
});

/** 通话时长: from the start of the call (time 0) to the latest turn end, between the bounds. */
export const callDurationRuleSchema = lazy(() => z
  .strictObject({
    ...fieldsWithoutSpeaker,
    type: z.literal("call-duration"),
    minSeconds: positiveSeconds.optional(),
    maxSeconds: positiveSeconds.optional(),
  })
  .superRefine(boundsRefinement("call-duration", "minSeconds", "maxSeconds")));

/** Reported over the whole call; an empty transcript is not judged. */
function checkCallDuration(rule: CallDurationRule, context: LintContext): readonly Violation[] {
  const turns = context.turnsOf("any");
  if (turns.length === 0) return NO_VIOLATIONS;
  const duration = context.callEnd();
  const short = rule.minSeconds !== undefined && duration < rule.minSeconds * 1000;
  const long = rule.maxSeconds !== undefined && duration > rule.maxSeconds * 1000;
  return short || long ? [context.violationOver(rule, turns, `通话时长 ${formatSeconds(duration)} 秒${long ? "过长" : "过短"}`, "timing")] : NO_VIOLATIONS;
}

export const callDurationRuleType: RuleTypeDefinition<CallDurationRule> = {
  scope: () => "whole-call",
  timed: true,
  check: checkCallDuration,
  phraseLists: () => [],
  decidability: () => "end-of-call",
};
