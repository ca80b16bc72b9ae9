import type { Reporter } from "./types.js";

/** `[{ file, id?, violations, notices, score, passed, deductions }]`, one object per input file, for machines. */
export const json: Reporter = (results) =>
  JSON.stringify(
    results.map(({ file, id, violations, notices, score, passed, deductions }) => ({
      file,
      ...(id !== undefined && { id }),
      violations,
      notices,
      score,
      passed,
      deductions,
    })),
    null,
    2,
  ) + "\n";
