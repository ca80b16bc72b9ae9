import { Worker } from "node:worker_threads";
import { FileLinter, type LintedFile, type LintInput, type LintJob, type LintSink } from "../project/lint-file.js";

/** Consecutive files sent to a worker at once, starting at file number `first`. */
export interface Batch {
  first: number;
  files: LintInput[];
}

/**
 * What a worker sends back: one transcript of a JSON Lines file (file number `index`) as it is
 * linted, the rest of a batch's files once they are done, or what went wrong.
 */
export type WorkerReply =
  { index: number; part: LintedFile } | { first: number; linted: LintedFile[] } | { first: number; error: string };

/** Most files per message: fewer round trips between threads, yet work still spreads evenly. */
const MAX_BATCH = 8;

/** Hands parts on to a sink in input order, holding only those of inputs whose turn has not come. */
class InOrder {
  private next = 0;
  private readonly held = new Map<number, { parts: LintedFile[]; done: boolean }>();

  constructor(private readonly sink: LintSink) {}

  add(index: number, part: LintedFile, last: boolean): void {
    if (index === this.next) {
      this.sink(index, part, last);
      if (last) this.advance();
      return;
    }
    const entry = this.held.get(index) ?? { parts: [], done: false };
    entry.parts.push(part);
    entry.done = last;
    this.held.set(index, entry);
  }

  private advance(): void {
    for (this.next++; ; this.next++) {
      const entry = this.held.get(this.next);
      if (!entry) return;
      this.held.delete(this.next);
      entry.parts.forEach((part, i) => this.sink(this.next, part, entry.done && i === entry.parts.length - 1));
      // The rest of its parts come straight through when they arrive.
      if (!entry.done) return;
    }
  }
}

/**
 * Lints every input (named as reports show it), on `threads` long-lived worker threads (each
 * builds the rule set and loads jieba once), or in this thread when one is enough. Outcomes go
 * to `sink` as they are ready, in the order of `files` whatever order the workers finish in.
 * `onProgress` is called as files are done.
 */
export async function lintFiles(
  files: readonly LintInput[],
  job: LintJob,
  threads: number,
  onProgress: (done: number) => void,
  sink: LintSink,
): Promise<void> {
  if (threads <= 1 || files.length <= 1) {
    const linter = new FileLinter(job);
    for (const [index, file] of files.entries()) {
      const rest = await linter.lintFile(file, (part) => sink(index, part, false));
      sink(index, rest, true);
      onProgress(index + 1);
    }
    return;
  }
  const workers = Array.from(
    { length: Math.min(threads, files.length) },
    () => new Worker(new URL("./lint-worker.js", import.meta.url), { workerData: job }),
  );
  const inOrder = new InOrder(sink);
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
        const take = (reply: WorkerReply) => {
          if ("part" in reply) return inOrder.add(reply.index, reply.part, false);
          if ("error" in reply) return reject(new Error(`${files[reply.first]!.file}…: ${reply.error}`));
          reply.linted.forEach((linted, offset) => inOrder.add(reply.first + offset, linted, true));
          done += reply.linted.length;
          onProgress(done);
          if (done === files.length) resolve();
          else feed(worker);
        };
        // What the sink throws (a report that cannot be written) ends the run like a worker's error.
        worker.on("message", (reply: WorkerReply) => {
          try {
            take(reply);
          } catch (error) {
            reject(error);
          }
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
}
