import type { Reporter } from "./types.js";

/**
 * `[{ file, id?, agentId?, violations, notices, score, passed, deductions, baselined? }]`, one
 * object per transcript, for machines; `baselined` counts the known violations a baseline left out.
 */
export const json: Reporter = (results) =>
  JSON.stringify(
    results.map(({ file, id, agentId, violations, notices, score, passed, deductions, baselined }) => ({
      file,
      ...(id !== undefined && { id }),
      ...(agentId !== undefined && { agentId }),
      violations,
      notices,
      score,
      passed,
      deductions,
      ...(baselined !== undefined && { baselined }),
    })),
    null,
    2,
  ) + "\n";
