import { batchReporter, type StreamingReporter } from "./stream.js";
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

/**
 * {@link json}, streamed: the array's elements as they come, each on a line of its own and
 * without indentation, which would make a third of the report's bytes.
 */
export const jsonStream: StreamingReporter = () => {
  let count = 0;
  return {
    start: () => "[",
    result: (result) => `${count++ === 0 ? "" : ","}\n${JSON.stringify(jsonObject(result))}`,
    end: () => (count === 0 ? "]\n" : "\n]\n"),
  };
};

/**
 * `[{ file, id?, agentId?, violations, notices, score, passed, deductions, baselined? }]`, one
 * object per transcript, for machines; `baselined` counts the known violations a baseline left out.
 */
export const json = batchReporter(jsonStream);
