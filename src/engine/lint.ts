import type { Segmentation } from "../match/boundaries.js";
import { checkRule } from "../rules/registry.js";
import type { RuleSet } from "../rules/rule-set.js";
import type { Transcript } from "../transcript/model.js";
import { parseScript } from "../transcript/adapters/script.js";
import { assertTranscript } from "../transcript/validate.js";
import { LintContext } from "./context.js";
import { scoreCall } from "./score.js";
import type { LintResult, Notice, Violation } from "./violation.js";

/** Options of {@link lint} and {@link lintSync}. */
export interface LintOptions {
  /** The rules to check against. */
  rules: RuleSet;
  /**
   * `lazy` (default) segments only the clauses that contain a candidate phrase; `eager`
   * segments every turn first. Both report the same violations; `eager` exists as the
   * baseline that benchmarks and tests compare with.
   */
  segmentation?: Segmentation;
}

/** Orders by line, column, then rule id (code-unit order: stable across locales, and cheap). */
export function byPosition(a: Violation, b: Violation): number {
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * Checks one script or transcript against a rule set. A string is read as a plain script
 * (one utterance per line, optional role prefixes such as `客户:`). Throws
 * {@link HuashuError} when `input` is not a valid transcript.
 */
export function lintSync(input: string | Transcript, options: LintOptions): LintResult {
  const transcript = typeof input === "string" ? parseScript(input) : input;
  if (typeof input !== "string") assertTranscript(transcript);
  const context = new LintContext(transcript, options.rules, options.segmentation ?? "lazy");
  const violations = options.rules.rules.flatMap((rule) => checkRule(rule, context)).sort(byPosition);
  const result = summarise(violations, options.rules, context.notices);
  if (transcript.id !== undefined) result.id = transcript.id;
  if (transcript.agentId !== undefined) result.agentId = transcript.agentId;
  return result;
}

/**
 * A {@link LintResult} (without `id`) for a list of violations: the counts by severity and the
 * score. Callers that drop violations afterwards (suppression comments, a baseline) make it
 * anew, so that what is not reported does not count.
 */
export function summarise(violations: Violation[], ruleSet: RuleSet, notices: Notice[]): LintResult {
  const count = (severity: Violation["severity"]) => violations.filter((v) => v.severity === severity).length;
  const { score, passed, deductions } = scoreCall(violations, ruleSet);
  return { violations, errorCount: count("error"), warningCount: count("warning"), infoCount: count("info"), notices, score, passed, deductions };
}

/** Asynchronous {@link lintSync}, for pipelines that expect a promise. */
export async function lint(input: string | Transcript, options: LintOptions): Promise<LintResult> {
  return lintSync(input, options);
}
