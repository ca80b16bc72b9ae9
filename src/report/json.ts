import { batchReporter, jsonArrayItems, type StreamingReporter } from "./stream.js";
import type { FileResult } from "./types.js";

/** What `json` and `jsonl` give for one transcript. */
export function jsonObject({
  file,
  id,
  agentId,
  violations,
  notices,
  score,
  passed,
  deductions,
  baselined,
}: FileResult) {
  return {
    file,
    ...(id !== undefined && { id }),
    ...(agentId !== undefined && { agentId }),
    violations,
    notices,
    score,
    passed,
    deductions,
    ...(baselined !== undefined && { baselined }),
  };
}

/** {@link json}, streamed: the array's elements as they come. */
export const jsonStream: StreamingReporter = () => {
  const items = jsonArrayItems(0);
  return {
    start: () => "[",
    result: (result) => items.item(jsonObject(result)),
    end: () => `${items.close()}\n`,
  };
};

/**
 * `[{ file, id?, agentId?, violations, notices, score, passed, deductions, baselined? }]`, one
 * object per transcript, for machines; `baselined` counts the known violations a baseline left out.
 */
export const json = batchReporter(jsonStream);
