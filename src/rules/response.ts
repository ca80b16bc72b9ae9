import { z } from "zod";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import { combineDecidability, commonRuleFields, positiveSeconds } from "./common.js";
import { conditionDecidability, conditionPhraseLists, conditionSchema, matchesOf, type ConditionHit } from "./conditions.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { ResponseRule } from "./types.js";
export type { ResponseRule };

/** How soon the reply must come: within the next N turns of the rule's speaker, or N seconds. */
const replyWindowSchema = z.union(
  [z.strictObject({ turns: z.int().positive("轮数必须是正整数") }), z.strictObject({ seconds: positiveSeconds })],
  { error: "replyWithin 须为 { turns: N } 或 { seconds: N } 之一" },
);

/**
 * When `trigger` occurs, `reply` by the rule's `speaker` must (`expect: present`, default) or
 * must not (`expect: absent`) follow within `replyWithin`. E.g. the customer complains → the
 * agent apologises within 2 turns; the agent asks the customer to hold → thanks them after.
 */
export const responseRuleSchema = z.strictObject({
  ...commonRuleFields,
  type: z.literal("response"),
  trigger: conditionSchema,
  reply: conditionSchema,
  replyWithin: replyWindowSchema,
  expect: z.enum(["present", "absent"]).default("present"),
});

/** The turns of the rule's speaker after the trigger's turn that the reply may come in. */
function replyTurns(rule: ResponseRule, trigger: number, context: LintContext): Set<number> {
  const later = context.turnsOf(rule.speaker).filter((turn) => turn > trigger);
  const window = rule.replyWithin;
  if ("turns" in window) return new Set(later.slice(0, window.turns));
  const deadline = context.timeOf(trigger).end + window.seconds * 1000;
  return new Set(later.filter((turn) => context.timeOf(turn).start <= deadline));
}

/**
 * One trigger per turn (its first match). A missing reply is reported over the turns it was
 * looked for in, like a missing required phrase; when the speaker says nothing more after the
 * trigger there is nothing to judge. A forbidden reply is reported at each of its matches.
 */
function checkResponse(rule: ResponseRule, context: LintContext): Violation[] {
  const triggers = new Map<number, ConditionHit>();
  for (const hit of matchesOf(rule.trigger, rule.speaker, context)) {
    if (!triggers.has(hit.turn)) triggers.set(hit.turn, hit);
  }
  if (triggers.size === 0) return [];
  const replies = matchesOf(rule.reply, rule.speaker, context);
  const within = "turns" in rule.replyWithin ? `${rule.replyWithin.turns} 轮内` : `${rule.replyWithin.seconds} 秒内`;
  const violations: Violation[] = [];
  /** A forbidden reply following two triggers is reported once. */
  const forbiddenReplies = new Set<ConditionHit>();
  for (const trigger of triggers.values()) {
    const window = replyTurns(rule, trigger.turn, context);
    const inWindow = replies.filter((hit) => window.has(hit.turn));
    if (rule.expect === "present" && window.size > 0 && inWindow.length === 0) {
      const said = context.originalText(trigger.turn, trigger.span);
      violations.push(context.violationOver(rule, [...window], `“${said}”之后${within}未见应有的回应`));
    }
    if (rule.expect === "absent") inWindow.forEach((hit) => forbiddenReplies.add(hit));
  }
  for (const hit of forbiddenReplies) violations.push(context.violationAt(rule, hit.turn, hit.span, `${within}出现了不应有的回应`));
  return violations;
}

export const responseRuleType: RuleTypeDefinition<ResponseRule> = {
  check: checkResponse,
  phraseLists: (rule) => [...conditionPhraseLists(rule.trigger), ...conditionPhraseLists(rule.reply)],
  // Decided N turns or seconds after each trigger.
  decidability: (rule) => combineDecidability(conditionDecidability(rule.trigger), conditionDecidability(rule.reply)),
};
