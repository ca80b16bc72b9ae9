// A worker thread of the lint pool: builds the rule set once (jieba loads on first use, once
// per thread), then lints the batches of files it is sent, one reply per batch.
import { parentPort, workerData } from "node:worker_threads";
import { FileLinter, type LintJob } from "./lint-file.js";
import type { Batch, WorkerReply } from "./worker-pool.js";

const linter = new FileLinter(workerData as LintJob);

parentPort!.on("message", async ({ first, files }: Batch) => {
  let reply: WorkerReply;
  try {
    const linted = [];
    for (const file of files) linted.push(await linter.lintFile(file));
    reply = { first, linted };
  } catch (error) {
    reply = { first, error: (error as Error).stack ?? String(error) };
  }
  parentPort!.postMessage(reply);
});
