import type { Segmentation } from "../match/boundaries.js";
import { checkRule } from "../rules/registry.js";
import { HuashuError } from "../errors.js";
import { RuleSet } from "../rules/rule-set.js";
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
  assertLintArguments(input, options);
  const transcript = typeof input === "string" ? parseScript(input) : input;
  if (typeof input !== "string") assertTranscript(transcript);
  const context = new LintContext(transcript, options.rules, options.segmentation ?? "lazy");
  const violations = options.rules.rules.flatMap((rule) => checkRule(rule, context)).sort(byPosition);
  const result = summarise(violations, options.rules, context.notices);
  if (transcript.id !== undefined) result.id = transcript.id;
  if (transcript.agentId !== undefined) result.agentId = transcript.agentId;
  return result;
}

/** Callers without types (plain JavaScript) get a {@link HuashuError}, not a TypeError from deep inside. */
function assertLintArguments(input: unknown, options: unknown): void {
  if (typeof input !== "string" && (typeof input !== "object" || input === null)) {
    throw new HuashuError([{ message: "lint(): 第一个参数须是话术文本(字符串)或通话记录 { turns: [...] }" }]);
  }
  if (typeof options !== "object" || options === null || !((options as Partial<LintOptions>).rules instanceof RuleSet)) {
    throw new HuashuError([{ message: "lint(): 须给出选项 { rules },rules 由 loadRules、parseRules 或 builtinRules 得到" }]);
  }
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

/** Asynchronous {@link lintSync}, for pipelines that expect a promise; bad arguments reject it with {@link HuashuError}. */
export async function lint(input: string | Transcript, options: LintOptions): Promise<LintResult> {
  return lintSync(input, options);
}
