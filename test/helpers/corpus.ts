import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Transcript } from "../../src/index.js";

/** ../shared/corpus, beside the repository (CI clones it there too). */
export const CORPUS_PATH = fileURLToPath(new URL("../../../shared/corpus/weibo-helpdesk.jsonl", import.meta.url));

/** ../shared/labels: every agent turn of the corpus, hand-labelled (its README gives the counts). */
export const LABELS_PATH = fileURLToPath(new URL("../../../shared/labels/weibo-agent-turns.jsonl", import.meta.url));

/** The 4,090 helpdesk dialogues, as transcripts. */
export function readCorpus(): Transcript[] {
  return readFileSync(CORPUS_PATH, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const { id, turns } = JSON.parse(line) as Transcript;
      return { id, turns };
    });
}
