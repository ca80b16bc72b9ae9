// `huashu worker` throughput against a local redis-server: transcripts/s for 1 and 2 workers.
// Prints one JSON line, or {"skipped": reason} when redis-server is not installed.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { BENCH_RULES, readCorpus } from "./corpus.mjs";

if (spawnSync("redis-server", ["--version"]).error) {
  console.log(JSON.stringify({ skipped: "redis-server is not on PATH (apt-get install -y redis-server)" }));
  process.exit(0);
}

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const corpus = readCorpus();
const ROUNDS = 3;

const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = server.address().port;
await new Promise((resolve) => server.close(resolve));
const dir = mkdtempSync(join(tmpdir(), "huashu-bench-redis-"));
const redisServer = spawn(
  "redis-server",
  ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
  { stdio: "ignore" },
);
const url = `redis://127.0.0.1:${port}`;
const client = new Redis(url, { maxRetriesPerRequest: null });
client.on("error", () => {}); // refused while the server starts; ioredis retries
await client.ping();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function enqueue(key, transcripts) {
  const pipeline = client.pipeline();
  for (const transcript of transcripts) pipeline.xadd(key, "*", "transcript", JSON.stringify(transcript));
  await pipeline.exec();
}
async function waitForResults(key, count) {
  while ((await client.xlen(key)) < count) await sleep(5);
}

/** Transcripts per second with `workers` worker processes, dictionary loading excluded. */
async function measure(workers) {
  const calls = `bench${workers}:calls`;
  const results = `bench${workers}:results`;
  const children = Array.from({ length: workers }, (_, index) =>
    spawn(
      CLI,
      [
        "worker",
        "--redis",
        url,
        "--stream",
        calls,
        "--results",
        results,
        "--group",
        "bench",
        "--consumer",
        `w${index}`,
        "--rules",
        BENCH_RULES,
        "--batch",
        "20",
        "--block-ms",
        "100",
      ],
      {
        stdio: "ignore",
      },
    ),
  );
  // Warm-up: enough small batches that every worker loads its dictionary before the clock starts.
  const warmUp = corpus.slice(0, 200 * workers);
  await enqueue(calls, warmUp);
  await waitForResults(results, warmUp.length);
  const batch = Array.from({ length: ROUNDS }, () => corpus).flat();
  const start = performance.now();
  await enqueue(calls, batch);
  await waitForResults(results, warmUp.length + batch.length);
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(
    children.map((child) => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")))),
  );
  return { workers, transcripts: batch.length, transcriptsPerSecond: batch.length / seconds };
}

const one = await measure(1);
const two = await measure(2);
client.disconnect();
redisServer.kill("SIGTERM");
await new Promise((resolve) => redisServer.once("exit", resolve));
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ one, two }));
