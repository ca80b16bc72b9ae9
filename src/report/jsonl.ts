import { jsonObject } from "./json.js";
import { batchReporter, type StreamingReporter } from "./stream.js";

/** {@link jsonl}, streamed: a line per result. */
export const jsonlStream: StreamingReporter = () => ({
  start: () => "",
  result: (result) => `${JSON.stringify(jsonObject(result))}\n`,
  end: () => "",
});

/** JSON Lines: one object per transcript per line, the object `json` gives for it. */
export const jsonl = batchReporter(jsonlStream);
