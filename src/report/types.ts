import type { LintResult } from "../engine/violation.js";
import type { Rule } from "../rules/registry.js";
import type { Turn } from "../transcript/model.js";

/** The result of linting one input file, as reporters receive it. */
export interface FileResult extends LintResult {
  /** Path of the input, as given on the command line. */
  file: string;
  /**
   * The conversation that was linted, for reporters that show it (html); absent when the
   * results were read back from a file that does not hold it.
   */
  turns?: readonly Turn[];
  /**
   * Violations a baseline knew, left out of `violations` and the counts; the score, `passed`
   * and `deductions` still count them (a baseline decides what fails a run, not what a call scored).
   */
  baselined?: number;
}

/** What a reporter may use beyond the results. */
export interface ReportOptions {
  /** Every rule of the run, for formats that describe rules (SARIF, JUnit). */
  rules?: readonly Rule[];
  /** Use ANSI colours (stylish only). */
  color?: boolean;
  /** Inputs that could not be read or parsed (reported elsewhere); the summary says so. */
  failedInputs?: number;
}

/** Turns the results of a run into text. Every output format is one of these. */
export type Reporter = (results: readonly FileResult[], options?: ReportOptions) => string;
