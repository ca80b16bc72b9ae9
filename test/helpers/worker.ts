import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LintResult, Transcript } from "../../src/index.js";
import type { TestRedis } from "./redis.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/**
 * The worker tests' own calls (fixtures/worker/calls.jsonl: twelve, clean and with violations),
 * so that Redis is tested on a bare clone too, without ../shared.
 */
const CALLS: readonly Transcript[] = readFileSync(
  fileURLToPath(new URL("../../fixtures/worker/calls.jsonl", import.meta.url)),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Transcript);

/** `count` of those calls, over again as needed, with the ids `${prefix}-0`, `${prefix}-1`… */
export function workerCalls(count: number, prefix: string): Transcript[] {
  return Array.from({ length: count }, (_, index) => ({ ...CALLS[index % CALLS.length]!, id: `${prefix}-${index}` }));
}

export interface Worker {
  process: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the built CLI's worker on `url`; keys are prefixed by `name`. */
export function startWorker(url: string, name: string, consumer: string, extra: string[] = []): Worker {
  const child = spawn(
    CLI,
    [
      "worker",
      "--redis",
      url,
      "--stream",
      `${name}:calls`,
      "--results",
      `${name}:results`,
      "--group",
      "qa",
      "--consumer",
      consumer,
      "--block-ms",
      "200",
      ...extra,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { process: child, stderr: () => stderr, exited };
}

export interface Result {
  id: string;
  entry: string;
  result: Partial<LintResult> & { error?: string };
}

export async function readResults(redis: TestRedis, name: string): Promise<Result[]> {
  const entries = await redis.client.xrange(`${name}:results`, "-", "+");
  return entries.map(([, fields]) => {
    const record = Object.fromEntries(
      fields.flatMap((value, index) => (index % 2 === 0 ? [[value, fields[index + 1]]] : [])),
    );
    return { id: record.id!, entry: record.entry!, result: JSON.parse(record.result!) };
  });
}

/** Polls `probe` every 20 ms until it gives a value; throws after `timeoutMs`, saying `what` (and `context()`). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
  context?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function enqueue(redis: TestRedis, name: string, payloads: string[]): Promise<void> {
  const pipeline = redis.client.pipeline();
  for (const payload of payloads) pipeline.xadd(`${name}:calls`, "*", "transcript", payload);
  await pipeline.exec();
}
