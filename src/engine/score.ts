import type { RuleSet } from "../rules/rule-set.js";
import type { Deduction, Violation } from "./violation.js";

/** What scoring adds to a lint result. */
export interface ScoreCard {
  score: number;
  passed: boolean;
  deductions: Deduction[];
}

/**
 * Scores a call: the base score minus, per violation, the rule's `deduct` or the default for
 * its severity, never below 0. A broken `autoFail` rule (一票否决) makes the score 0 and fails
 * the call. Deductions are never negative, so more violations never score higher.
 */
export function scoreCall(violations: readonly Violation[], ruleSet: RuleSet): ScoreCard {
  const counts = new Map<string, number>();
  for (const violation of violations) counts.set(violation.ruleId, (counts.get(violation.ruleId) ?? 0) + 1);
  return scoreCounts(counts, ruleSet);
}

/** {@link scoreCall} from the number of violations per rule id, for callers that keep only counts. */
export function scoreCounts(counts: ReadonlyMap<string, number>, ruleSet: RuleSet): ScoreCard {
  const { base, pass, defaults } = ruleSet.scoring;
  const deductions: Deduction[] = [];
  for (const rule of ruleSet.rules) {
    const count = counts.get(rule.id);
    if (count === undefined) continue;
    const autoFail = rule.autoFail === true;
    deductions.push({ ruleId: rule.id, violations: count, points: autoFail ? 0 : count * (rule.deduct ?? defaults[rule.severity]), autoFail });
  }
  const failed = deductions.some((deduction) => deduction.autoFail);
  const score = failed ? 0 : Math.max(0, base - deductions.reduce((sum, deduction) => sum + deduction.points, 0));
  return { score, passed: !failed && score >= pass, deductions };
}
