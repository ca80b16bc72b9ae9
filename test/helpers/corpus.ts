import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Transcript } from "../../src/index.js";

/** ../shared/corpus, beside the repository (CI clones it there too). */
export const CORPUS_PATH = fileURLToPath(new URL("../../../shared/corpus/weibo-helpdesk.jsonl", import.meta.url));

/** ../shared/labels: every agent turn of the corpus, hand-labelled (its README gives the counts). */
export const LABELS_PATH = fileURLToPath(new URL("../../../shared/labels/weibo-agent-turns.jsonl", import.meta.url));

/** ../shared/labels: the JD dev set, 235 e-commerce chats, and a label for each of their agent turns. */
export const JD_CORPUS_PATH = fileURLToPath(new URL("../../../shared/labels/jd-dev-corpus.jsonl", import.meta.url));
export const JD_LABELS_PATH = fileURLToPath(new URL("../../../shared/labels/jd-dev-labels.jsonl", import.meta.url));

/** Our own call labels of the built-in flow rules on the JD dev chats (test/data/README.md says how). */
export const JD_FLOW_LABELS_PATH = fileURLToPath(new URL("../data/jd-dev-flow-labels.jsonl", import.meta.url));

/**
 * Whether the shared corpus is there. A clone from a forge has no ../shared: the tests that
 * need it are skipped (test/helpers/corpus-setup.ts says so once per run, and fails the run
 * instead under HUASHU_REQUIRE_SHARED=1, as in CI). Use with `describe.skipIf(!HAS_CORPUS)`.
 */
export const HAS_CORPUS = existsSync(CORPUS_PATH);

let corpus: Transcript[] | undefined;

/** The 4,090 helpdesk dialogues, as transcripts (read once per test file). */
export function readCorpus(): Transcript[] {
  corpus ??= readFileSync(CORPUS_PATH, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const { id, turns } = JSON.parse(line) as Transcript;
      return { id, turns };
    });
  return corpus;
}
