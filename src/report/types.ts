import type { LintResult } from "../engine/violation.js";

/** The result of linting one input file, as reporters receive it. */
export interface FileResult extends LintResult {
  /** Path of the input, as given on the command line. */
  file: string;
}

/** Turns the results of a run into text. Every output format is one of these. */
export type Reporter = (results: readonly FileResult[]) => string;
