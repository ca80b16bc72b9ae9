/** The library's lint: the engine with a {@link RuleSet}, and arguments checked for callers without types. */
import { lintSync as lintWithEngine } from "./engine/lint.js";
import type { LintResult } from "./engine/violation.js";
import { HuashuError } from "./errors.js";
import type { Segmentation } from "./match/boundaries.js";
import { RuleSet } from "./rules/rule-set.js";
import type { Transcript } from "./transcript/model.js";

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

/**
 * Checks one script or transcript against a rule set. A string is read as a plain script
 * (one utterance per line, optional role prefixes such as `客户:`). Throws
 * {@link HuashuError} when `input` is not a valid transcript.
 */
export function lintSync(input: string | Transcript, options: LintOptions): LintResult {
  assertLintArguments(input, options);
  return lintWithEngine(input, options);
}

/** Asynchronous {@link lintSync}, for pipelines that expect a promise; bad arguments reject it with {@link HuashuError}. */
export async function lint(input: string | Transcript, options: LintOptions): Promise<LintResult> {
  return lintSync(input, options);
}

/** Callers without types (plain JavaScript) get a {@link HuashuError}, not a TypeError from deep inside. */
function assertLintArguments(input: unknown, options: unknown): void {
  if (typeof input !== "string" && (typeof input !== "object" || input === null)) {
    throw new HuashuError([{ message: "lint(): 第一个参数须是话术文本(字符串)或通话记录 { turns: [...] }" }]);
  }
  if (
    typeof options !== "object" ||
    options === null ||
    !((options as Partial<LintOptions>).rules instanceof RuleSet)
  ) {
    throw new HuashuError([
      { message: "lint(): 须给出选项 { rules },rules 由 loadRules、parseRules 或 builtinRules 得到" },
    ]);
  }
}
