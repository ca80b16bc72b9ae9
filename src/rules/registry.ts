import { z } from "zod";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import { checkForbidden, forbiddenRuleSchema } from "./forbidden.js";
import { checkRequired, requiredRuleSchema } from "./required.js";

/** Any rule of a rule file, discriminated by `type`. */
export const ruleSchema = z.discriminatedUnion("type", [forbiddenRuleSchema, requiredRuleSchema]);

/** A validated rule, defaults applied. */
export type Rule = z.infer<typeof ruleSchema>;
/** The rule types huashu knows. */
export type RuleType = Rule["type"];

/** Runs the check of the rule's type. */
export function checkRule(rule: Rule, context: LintContext): Violation[] {
  switch (rule.type) {
    case "forbidden":
      return checkForbidden(rule, context);
    case "required":
      return checkRequired(rule, context);
  }
}

/** A whole rule file. */
export const ruleFileSchema = z.strictObject({
  rules: z.array(ruleSchema),
});

/** A rule file as written (before defaults are applied). */
export type RuleFileInput = z.input<typeof ruleFileSchema>;
