import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import { spokenLength } from "../normalise/normalise.js";
import type { Violation } from "../engine/violation.js";
import { boundsRefinement, commonRuleFields } from "./common.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { SpeechRateRule } from "./types.js";
export type { SpeechRateRule };

const charsPerMinute = lazy(() => z.number().positive("语速须大于 0"));

/**
 * 语速: characters per minute of `speaker` between `min` and `max`, over the whole call
 * (`per: call`, default) or each turn (`per: turn`).
 * Rate = normalised characters (no spaces or punctuation) ÷ summed turn durations (end − start) × 60 s.
 */
export const speechRateRuleSchema = lazy(() => z
  .strictObject({
    ...commonRuleFields,
    type: z.literal("speech-rate"),
    min: charsPerMinute.optional(),
    max: charsPerMinute.optional(),
    per: z.enum(["call", "turn"]).default("call"),
  })
  .superRefine(boundsRefinement("speech-rate", "min", "max")));

/** Characters per minute over some turns, or `undefined` when they last no time at all. */
function rateOf(turns: readonly number[], context: LintContext): number | undefined {
  let characters = 0;
  let milliseconds = 0;
  for (const turn of turns) {
    const { start, end } = context.timeOf(turn);
    characters += spokenLength(context.transcript.turns[turn]!.text);
    milliseconds += Math.max(0, end - start);
  }
  return milliseconds > 0 ? (characters / milliseconds) * 60_000 : undefined;
}

function checkSpeechRate(rule: SpeechRateRule, context: LintContext): readonly Violation[] {
  const speakerTurns = context.turnsOf(rule.speaker);
  const groups = rule.per === "turn" ? speakerTurns.map((turn) => [turn]) : speakerTurns.length > 0 ? [speakerTurns] : [];
  const violations: Violation[] = [];
  for (const turns of groups) {
    const rate = rateOf(turns, context);
    if (rate === undefined) continue;
    const slow = rule.min !== undefined && rate < rule.min;
    const fast = rule.max !== undefined && rate > rule.max;
    if (slow || fast) violations.push(context.violationOver(rule, turns, `语速 ${Math.round(rate)} 字/分钟${fast ? "过快" : "过慢"}`, "timing"));
  }
  return violations;
}

export const speechRateRuleType: RuleTypeDefinition<SpeechRateRule> = {
  scope: () => "whole-call",
  timed: true,
  check: checkSpeechRate,
  phraseLists: () => [],
  decidability: (rule) => (rule.per === "turn" ? "per-turn" : "end-of-call"),
};
