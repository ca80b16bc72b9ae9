// What every benchmark reads: the helpdesk corpus beside the repository, and the bench rules.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** fixtures/rules/bench.yaml: 45 forbidden phrases, 9 required ones. */
export const BENCH_RULES = fileURLToPath(new URL("../fixtures/rules/bench.yaml", import.meta.url));

/** The 4,090 dialogues of ../shared/corpus/weibo-helpdesk.jsonl, parsed. */
export function readCorpus() {
  return readFileSync(new URL("../../shared/corpus/weibo-helpdesk.jsonl", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}
