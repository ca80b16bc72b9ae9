import { z } from "zod";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import { normalisePhrase } from "../normalise/normalise.js";
import { boundaryField, commonRuleFields, phraseList } from "./common.js";
import { phraseMatchingFields } from "./matching.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import { windowDecidability, windowSchema, windowTurns } from "./window.js";

/** 服务忌语: none of `phrases` may be said by `speaker`, except inside an `unless` context. */
export const forbiddenRuleSchema = z
  .strictObject({
    ...commonRuleFields,
    type: z.literal("forbidden"),
    phrases: phraseList,
    boundary: boundaryField,
    ...phraseMatchingFields,
    /** Contexts that contain a hit and make it acceptable, e.g. 如果您不知道 around 不知道. */
    unless: phraseList.optional(),
    /** Only in this part of the call; absent = the whole call. */
    within: windowSchema.optional(),
    /** What `huashu lint --fix` writes in a script instead of a matched phrase; may be empty. */
    replacement: z.string().regex(/^[^\r\n]*$/, "replacement 不能换行").optional(),
  })
  // A replacement that still says a forbidden phrase would make --fix undo nothing and never settle.
  .refine(
    (rule) => rule.replacement === undefined || !rule.phrases.some((phrase) => normalisePhrase(rule.replacement!).includes(normalisePhrase(phrase))),
    { message: "replacement 不能包含本规则禁用的短语", path: ["replacement"] },
  );

export type ForbiddenRule = z.infer<typeof forbiddenRuleSchema>;

/** Reports every occurrence of the rule's phrases in the turns of its speaker. */
function checkForbidden(rule: ForbiddenRule, context: LintContext): Violation[] {
  const exceptions = (rule.unless ?? []).map(normalisePhrase);
  const violations: Violation[] = [];
  for (const turn of windowTurns(context, rule.speaker, rule.within)) {
    const text = context.normalised(turn).text;
    for (const span of context.matches(turn, rule)) {
      const excused = exceptions.some((exception) => {
        for (let at = text.indexOf(exception); at >= 0; at = text.indexOf(exception, at + 1)) {
          if (at <= span.start && at + exception.length >= span.end) return true;
        }
        return false;
      });
      if (!excused) violations.push(context.violationAt(rule, turn, span));
    }
  }
  return violations;
}

export const forbiddenRuleType: RuleTypeDefinition<ForbiddenRule> = {
  check: checkForbidden,
  phraseLists: (rule) => [rule],
  // A hit is final when its turn arrives, if the turn's place in the window is.
  decidability: (rule) => windowDecidability(rule.within),
};
