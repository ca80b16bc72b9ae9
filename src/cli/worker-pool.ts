import { Worker } from "node:worker_threads";
import { FileLinter, type LintedFile, type LintInput, type LintJob } from "./lint-file.js";

/** Consecutive files sent to a worker at once, starting at file number `first`. */
export interface Batch {
  first: number;
  files: LintInput[];
}

/** What a worker sends back for one batch. */
export type WorkerReply = { first: number; linted: LintedFile[] } | { first: number; error: string };

/** Most files per message: fewer round trips between threads, yet work still spreads evenly. */
const MAX_BATCH = 8;

/**
 * Lints every input (named as reports show it), on `threads` long-lived worker threads (each builds the rule set and
 * loads jieba once), or in this thread when one is enough. Results come back in the order of `files`,
 * whatever order the workers finish in. `onProgress` is called as files are done.
 */
export async function lintFiles(
  files: readonly LintInput[],
  job: LintJob,
  threads: number,
  onProgress: (done: number) => void,
): Promise<LintedFile[]> {
  if (threads <= 1 || files.length <= 1) {
    const linter = new FileLinter(job);
    const results: LintedFile[] = [];
    for (const file of files) {
      results.push(await linter.lintFile(file));
      onProgress(results.length);
    }
    return results;
  }
  const workers = Array.from(
    { length: Math.min(threads, files.length) },
    () => new Worker(new URL("./lint-worker.js", import.meta.url), { workerData: job }),
  );
  const results: LintedFile[] = new Array(files.length);
  // Small runs go file by file, so that every worker gets a share.
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.floor(files.length / (workers.length * 4))));
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker) => {
        if (next >= files.length) return;
        const batch: Batch = { first: next, files: files.slice(next, next + batchSize) };
        next += batch.files.length;
        worker.postMessage(batch);
      };
      for (const worker of workers) {
        worker.on("message", (reply: WorkerReply) => {
          if ("error" in reply) return reject(new Error(`${files[reply.first]!.file}…: ${reply.error}`));
          reply.linted.forEach((linted, offset) => (results[reply.first + offset] = linted));
          done += reply.linted.length;
          onProgress(done);
          if (done === files.length) resolve();
          else feed(worker);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (done < files.length) reject(new Error(`lint worker stopped with exit code ${code}`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
