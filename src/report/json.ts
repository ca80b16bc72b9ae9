import type { Reporter } from "./types.js";

/** `[{ file, id?, agentId?, violations, notices, score, passed, deductions }]`, one object per transcript, for machines. */
export const json: Reporter = (results) =>
  JSON.stringify(
    results.map(({ file, id, agentId, violations, notices, score, passed, deductions }) => ({
      file,
      ...(id !== undefined && { id }),
      ...(agentId !== undefined && { agentId }),
      violations,
      notices,
      score,
      passed,
      deductions,
    })),
    null,
    2,
  ) + "\n";
