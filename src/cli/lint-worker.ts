// A worker thread of the lint pool: builds the rule set once (jieba loads on first use, once
// per thread), then lints the batches of files it is sent: a message per transcript of a JSON
// Lines file as it is linted, and one reply per batch with the rest.
import { parentPort, workerData } from "node:worker_threads";
import { skipKeywordDictionary } from "../match/segmenter.js";
import { FileLinter, type LintJob } from "../project/lint-file.js";
import type { Batch, WorkerReply } from "./worker-pool.js";

skipKeywordDictionary();
const linter = new FileLinter(workerData as LintJob);
const send = (reply: WorkerReply) => parentPort!.postMessage(reply);

parentPort!.on("message", async ({ first, files }: Batch) => {
  try {
    const linted = [];
    for (const [offset, file] of files.entries())
      linted.push(await linter.lintFile(file, (part) => send({ index: first + offset, part })));
    send({ first, linted });
  } catch (error) {
    send({ first, error: (error as Error).stack ?? String(error) });
  }
});
