import type { Segmentation } from "../match/boundaries.js";
import type { Transcript } from "../transcript/model.js";
import { parseScript } from "../transcript/adapters/script.js";
import { assertTranscript } from "../transcript/validate.js";
import { sortSmall } from "../util/array.js";
import { LintContext } from "./context.js";
import { scoreCall } from "./score.js";
import type { PhraseMatchers, RuleInfo, ScoredRules } from "./types.js";
import type { LintResult, Notice, Violation } from "./violation.js";

/** Everything a lint needs: the rules, how to check each on a transcript, phrase matchers and scoring. */
export interface LintRules<R extends RuleInfo = RuleInfo> extends PhraseMatchers, ScoredRules {
  readonly rules: readonly R[];
  /** The violations of one of {@link rules} on the transcript of `context` (notices go to the context). */
  check(rule: R, context: LintContext): readonly Violation[];
  /** {@link check} of each of {@link rules}, in order. */
  readonly checks: ReadonlyArray<(context: LintContext) => readonly Violation[]>;
}

/** What the engine lints with: the library's `LintOptions` with any {@link LintRules} (a `RuleSet` is one). */
export interface EngineOptions<R extends RuleInfo> {
  rules: LintRules<R>;
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
 * Checks one script or transcript against rules. A string is read as a plain script (one
 * utterance per line, optional role prefixes such as `客户:`) of a whole call; a fragment of a
 * script is `parseScript(text)`, which rules that judge whole calls pass over. Throws `HuashuError` when
 * `input` is not a valid transcript. The library's `lintSync` checks its arguments, then calls this.
 */
export function lintSync<R extends RuleInfo>(input: string | Transcript, options: EngineOptions<R>): LintResult {
  const transcript = typeof input === "string" ? { ...parseScript(input), wholeCall: true } : input;
  if (typeof input !== "string") assertTranscript(transcript);
  const rules = options.rules;
  const context = new LintContext(transcript, rules, options.segmentation ?? "lazy");
  // A loop, not flatMap: flatMap over a rule set's dozens of mostly empty results costs more than the checks.
  const violations: Violation[] = [];
  for (const check of rules.checks) {
    const found = check(context);
    for (let index = 0; index < found.length; index++) violations.push(found[index]!);
  }
  sortSmall(violations, byPosition);
  const result = summarise(violations, rules, context.notices);
  if (transcript.id !== undefined) result.id = transcript.id;
  if (transcript.agentId !== undefined) result.agentId = transcript.agentId;
  return result;
}

/**
 * A {@link LintResult} (without `id`) for a list of violations: the counts by severity and the
 * score. Callers that drop violations afterwards (suppression comments, a baseline) make it
 * anew, so that what is not reported does not count.
 */
export function summarise(violations: Violation[], rules: ScoredRules, notices: Notice[]): LintResult {
  const { score, passed, deductions } = scoreCall(violations, rules);
  return {
    violations,
    errorCount: countOf(violations, "error"),
    warningCount: countOf(violations, "warning"),
    infoCount: countOf(violations, "info"),
    notices,
    score,
    passed,
    deductions,
  };
}

function countOf(violations: readonly Violation[], severity: Violation["severity"]): number {
  let count = 0;
  for (const violation of violations) if (violation.severity === severity) count++;
  return count;
}
