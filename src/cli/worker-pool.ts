import { Worker } from "node:worker_threads";
import { FileLinter, type LintedFile, type LintJob } from "./lint-file.js";

/** A file to lint: where to read it and how to name it in reports. */
export interface FileTask {
  path: string;
  file: string;
}

/** What a worker sends back for one task. */
export type WorkerReply = { index: number; linted: LintedFile } | { index: number; error: string };

/**
 * Lints every task, on `threads` long-lived worker threads (each builds the rule set and
 * loads jieba once), or in this thread when one is enough. Results come back in task order,
 * whatever order the workers finish in. `onProgress` is called after each file.
 */
export async function lintFiles(tasks: readonly FileTask[], job: LintJob, threads: number, onProgress: (done: number) => void): Promise<LintedFile[]> {
  if (threads <= 1 || tasks.length <= 1) {
    const linter = new FileLinter(job);
    const results: LintedFile[] = [];
    for (const task of tasks) {
      results.push(await linter.lintFile(task.path, task.file));
      onProgress(results.length);
    }
    return results;
  }
  const workers = Array.from({ length: Math.min(threads, tasks.length) }, () => new Worker(new URL("./lint-worker.js", import.meta.url), { workerData: job }));
  const results: LintedFile[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker) => {
        if (next < tasks.length) {
          const index = next++;
          worker.postMessage({ index, task: tasks[index] });
        }
      };
      for (const worker of workers) {
        worker.on("message", (reply: WorkerReply) => {
          if ("error" in reply) return reject(new Error(`${tasks[reply.index]!.file}: ${reply.error}`));
          results[reply.index] = reply.linted;
          onProgress(++done);
          if (done === tasks.length) resolve();
          else feed(worker);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (done < tasks.length) reject(new Error(`lint worker stopped with exit code ${code}`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
