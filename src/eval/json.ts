import type { EvalReport } from "./evaluate.js";

/** The whole {@link EvalReport} as one JSON document (every miss and false positive; ratios 0–1 or null), for machines. */
export function formatEvalJson(report: EvalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
