// A worker thread of the lint pool: builds the rule set once (jieba loads on first use, once
// per thread), then lints the files it is sent, one message each.
import { parentPort, workerData } from "node:worker_threads";
import { FileLinter, type LintJob } from "./lint-file.js";
import type { FileTask, WorkerReply } from "./worker-pool.js";

const linter = new FileLinter(workerData as LintJob);

parentPort!.on("message", async ({ index, task }: { index: number; task: FileTask }) => {
  let reply: WorkerReply;
  try {
    reply = { index, linted: await linter.lintFile(task.path, task.file) };
  } catch (error) {
    reply = { index, error: (error as Error).stack ?? String(error) };
  }
  parentPort!.postMessage(reply);
});
