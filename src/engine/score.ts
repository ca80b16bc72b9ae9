import type { RuleInfo, ScoredRules } from "./types.js";
import type { Deduction, Violation } from "./violation.js";
import { sortSmall } from "../util/array.js";

/** What scoring adds to a lint result. */
export interface ScoreCard {
  score: number;
  passed: boolean;
  deductions: Deduction[];
}

/**
 * Violations counted per rule as they are found, for scoring: how many, and in which turns.
 * A rule deducts once per turn it is broken in (unless it says `deductEach: violation`), so a
 * stutter (你你看你看) or a phrase said twice in one breath does not cost twice.
 */
export class ScoreTally {
  // The turns as a list, not a set: a rule is broken in few turns of a call, and a set made
  // for each rule of each call is most of what scoring allocates.
  private readonly byRule = new Map<string, { violations: number; turns: number[] }>();

  add(violation: Violation): void {
    let entry = this.byRule.get(violation.ruleId);
    if (!entry) {
      entry = { violations: 0, turns: [] };
      this.byRule.set(violation.ruleId, entry);
    }
    entry.violations++;
    if (!entry.turns.includes(violation.turn)) entry.turns.push(violation.turn);
  }

  /**
   * Scores the call: the base score minus, per violation (or per turn with one, the default),
   * the rule's `deduct` or the default for its severity, never below 0. A broken `autoFail` rule
   * (一票否决) makes the score 0 and fails the call. Deductions are never negative, so more
   * violations never score higher.
   */
  card(rules: ScoredRules): ScoreCard {
    const { base, pass, defaults } = rules.scoring;
    const { positions, scoring } = scoringOf(rules.rules);
    // The rules broken, in rule order: a call breaks few of a rule set's rules.
    const broken: number[] = [];
    for (const ruleId of this.byRule.keys()) for (const position of positions.get(ruleId) ?? []) broken.push(position);
    sortSmall(broken, (a, b) => a - b);
    const deductions: Deduction[] = [];
    for (const position of broken) {
      const rule = scoring[position]!;
      const entry = this.byRule.get(rule.id)!;
      const units = rule.deductEach === "violation" ? entry.violations : entry.turns.length;
      deductions.push({
        ruleId: rule.id,
        violations: entry.violations,
        points: rule.autoFail ? 0 : units * (rule.deduct ?? defaults[rule.severity]),
        autoFail: rule.autoFail,
      });
    }
    const failed = deductions.some((deduction) => deduction.autoFail);
    const score = failed ? 0 : Math.max(0, base - deductions.reduce((sum, deduction) => sum + deduction.points, 0));
    return { score, passed: !failed && score >= pass, deductions };
  }
}

/**
 * A rule list as scoring reads it: where each rule id stands (once, unless ids repeat), and each
 * rule's scoring fields in objects of one shape. Rules of a dozen types have as many shapes, and
 * reading their fields on every call cost more than the rest of scoring.
 */
interface RulesForScoring {
  positions: Map<string, number[]>;
  scoring: Array<{
    id: string;
    autoFail: boolean;
    deductEach: RuleInfo["deductEach"];
    deduct: number | undefined;
    severity: RuleInfo["severity"];
  }>;
}

const scoringByRules = new WeakMap<readonly RuleInfo[], RulesForScoring>();

function scoringOf(rules: readonly RuleInfo[]): RulesForScoring {
  let known = scoringByRules.get(rules);
  if (!known) {
    known = { positions: new Map(), scoring: [] };
    for (const [position, rule] of rules.entries()) {
      const { id, deductEach, deduct, severity } = rule;
      known.scoring.push({ id, autoFail: rule.autoFail === true, deductEach, deduct, severity });
      const same = known.positions.get(id);
      if (same) same.push(position);
      else known.positions.set(id, [position]);
    }
    scoringByRules.set(rules, known);
  }
  return known;
}

/** Scores a call from all its violations; see {@link ScoreTally.card}. */
export function scoreCall(violations: readonly Violation[], rules: ScoredRules): ScoreCard {
  const tally = new ScoreTally();
  for (const violation of violations) tally.add(violation);
  return tally.card(rules);
}
