import { describe, expect, it } from "vitest";
import { huashu } from "./helpers/cli.js";
import { freePort, startRedis, type TestRedis } from "./helpers/redis.js";
import {
  enqueue,
  readResults,
  startWorker as startTestWorker,
  waitFor,
  workerCalls,
  type Worker,
} from "./helpers/worker.js";

/** A small rule file: these tests are about Redis, and the built-in packs take seconds to load on a busy machine. */
const startWorker = (url: string, name: string, consumer: string, extra: string[] = []) =>
  startTestWorker(url, name, consumer, ["--rules", "fixtures/rules/basic.yaml", ...extra]);
/** How long a worker may take to start on a busy machine. */
const START_MS = 120_000;
const payloads = (count: number, prefix: string) => workerCalls(count, prefix).map((call) => JSON.stringify(call));

/** Resolves to the exit code, or throws if the worker is still running after `timeoutMs`. */
async function exitWithin(worker: Worker, timeoutMs: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(
        () => reject(new Error(`still running after ${timeoutMs} ms:\n${worker.stderr()}`)),
        timeoutMs,
      )),
  );
  try {
    return await Promise.race([worker.exited, timeout]);
  } finally {
    clearTimeout(timer);
    worker.process.kill("SIGKILL");
  }
}

/** Waits until `name` has results for `count` distinct transcript ids whose id starts with `prefix`. */
async function resultsFor(
  redis: TestRedis,
  name: string,
  count: number,
  worker: Worker,
  prefix = "",
  timeoutMs = 60_000,
) {
  return waitFor(
    async () => {
      const results = (await readResults(redis, name)).filter((r) => r.id.startsWith(prefix));
      return new Set(results.map((r) => r.id)).size >= count ? results : undefined;
    },
    timeoutMs,
    `${count} results ${prefix} in ${name}`,
    worker.stderr,
  );
}

async function withRedis(test: (redis: TestRedis) => Promise<void>): Promise<void> {
  const redis = await startRedis();
  try {
    await test(redis);
  } finally {
    await redis.stop();
  }
}

describe("huashu worker when Redis fails (built CLI, real redis-server)", () => {
  it("refuses --results equal to --stream", () => {
    const run = huashu([
      "worker",
      "--redis",
      "redis://127.0.0.1:1",
      "--stream",
      "q",
      "--results",
      "q",
      "--group",
      "g",
      "--consumer",
      "c",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--results 不能与 --stream 相同/);
  });

  it("exits 2 with a clear message when Redis cannot be reached after the bounded reconnection attempts, and at once on SIGTERM", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const bounded = startWorker(url, "none", "w1", ["--reconnect-attempts", "2"]);
    const patient = startWorker(url, "none", "w2");
    // Once it tries to connect (its rules are loaded and SIGTERM handled), and long before it gives up (~13 s).
    await waitFor(() => (/ECONNREFUSED/.test(patient.stderr()) ? true : undefined), START_MS, "a refused connection");
    patient.process.kill("SIGTERM");
    expect(await exitWithin(patient, 10_000)).toBe(0);
    expect(await exitWithin(bounded, START_MS)).toBe(2);
    expect(bounded.stderr()).toMatch(/无法连接 Redis redis:\/\/127\.0\.0\.1:\d+\(已重试 2 次\): .*ECONNREFUSED/);
    for (const worker of [bounded, patient]) expect(worker.stderr()).not.toMatch(/内部错误|at /);
  }, 300_000);

  it(
    "exits 2 when Redis goes away for good, and promptly on SIGTERM while it is gone",
    () =>
      withRedis(async (redis) => {
        const bounded = startWorker(redis.url, "gone", "w1", ["--reconnect-attempts", "3"]);
        const patient = startWorker(redis.url, "gone", "w2");
        await waitFor(
          () => (/开始读取/.test(bounded.stderr()) && /开始读取/.test(patient.stderr()) ? true : undefined),
          START_MS,
          "the workers to start",
        );
        await redis.client.call("SHUTDOWN", "NOSAVE").catch(() => {});
        await waitFor(
          () => (/ECONNREFUSED/.test(patient.stderr()) ? true : undefined),
          20_000,
          "a refused reconnection",
        );
        patient.process.kill("SIGTERM");
        expect(await exitWithin(patient, 10_000)).toBe(0);
        expect(patient.stderr()).toMatch(/Redis 不可用,已停止/);
        expect(await exitWithin(bounded, START_MS)).toBe(2);
        expect(bounded.stderr()).toMatch(/无法连接 Redis .*已重试 3 次/);
        for (const worker of [bounded, patient]) expect(worker.stderr()).not.toMatch(/内部错误|at /);
      }),
    300_000,
  );

  it(
    "reconnects and goes on when its connections are killed again and again mid-batch (CLIENT KILL), giving every transcript a result",
    () =>
      withRedis(async (redis) => {
        const worker = startWorker(redis.url, "kill", "w1", [
          "--batch",
          "20",
          "--claim-idle-ms",
          "500",
          "--reconnect-attempts",
          "30",
        ]);
        await waitFor(() => (/开始读取/.test(worker.stderr()) ? true : undefined), START_MS, "the worker to start");
        let kills = 0;
        const killer = setInterval(() => {
          kills++;
          redis.client.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes").catch(() => {});
        }, 200);
        try {
          // Entries arrive in ten waves while the killer runs, so the kills land mid-batch however fast the worker is.
          for (let wave = 0; wave < 10; wave++) {
            await enqueue(redis, "kill", payloads(100, `kill-${wave}`));
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
          await resultsFor(redis, "kill", 1000, worker, "kill", 150_000);
        } finally {
          clearInterval(killer);
        }
        expect(kills).toBeGreaterThan(5);
        expect(worker.stderr()).not.toMatch(/内部错误/);
        worker.process.kill("SIGTERM");
        expect(await exitWithin(worker, 10_000)).toBe(0);
      }),
    300_000,
  );

  it(
    "stops with exit 0 when its connection is killed after SIGTERM, while it waits for its blocking read to return",
    () =>
      withRedis(async (redis) => {
        const worker = startWorker(redis.url, "late-kill", "w1", ["--block-ms", "3000", "--reconnect-attempts", "30"]);
        await waitFor(() => (/开始读取/.test(worker.stderr()) ? true : undefined), START_MS, "the worker to start");
        // Stopping, it waits for the read in hand; the connection is then killed under it, and the client
        // goes to reconnect: it must still end, not wait for ever with the read pending (exit 13).
        worker.process.kill("SIGTERM");
        await new Promise((resolve) => setTimeout(resolve, 300));
        await redis.client.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        expect(await exitWithin(worker, 15_000)).toBe(0);
        expect(worker.stderr()).not.toMatch(/内部错误/);
      }),
    300_000,
  );

  it(
    "creates the group again when the stream is deleted while it blocks (UNBLOCKED), flushed (FLUSHALL) or lost in a restart without persistence (NOGROUP)",
    () =>
      withRedis(async (redis) => {
        const worker = startWorker(redis.url, "lost", "w1", ["--reconnect-attempts", "30"]);
        await waitFor(() => (/开始读取/.test(worker.stderr()) ? true : undefined), START_MS, "the worker to start");
        const round = async (prefix: string) => {
          await enqueue(redis, "lost", payloads(3, prefix));
          await resultsFor(redis, "lost", 3, worker, prefix);
        };
        await round("first");
        await redis.client.del("lost:calls");
        await waitFor(
          () => (/已不存在\((UNBLOCKED|NOGROUP)\),重新创建/.test(worker.stderr()) ? true : undefined),
          10_000,
          "the group to be created again",
        );
        await round("after-del");
        await redis.client.flushall();
        await round("after-flush");
        await redis.client.call("SHUTDOWN", "NOSAVE").catch(() => {});
        await redis.restart();
        await round("after-restart").catch(async (error: Error) => {
          const state = {
            groups: await redis.client.call("XINFO", "GROUPS", "lost:calls").catch((e: Error) => e.message),
            calls: await redis.client.xlen("lost:calls"),
            results: await redis.client.xlen("lost:results"),
          };
          throw new Error(`${error.message}\n${JSON.stringify(state)}`);
        });
        expect(worker.stderr()).toMatch(/NOGROUP/);
        expect(worker.stderr()).not.toMatch(/内部错误/);
        worker.process.kill("SIGTERM");
        expect(await exitWithin(worker, 10_000)).toBe(0);
      }),
    300_000,
  );

  it(
    "exits 2 naming the key when a key holds another type (WRONGTYPE)",
    () =>
      withRedis(async (redis) => {
        const worker = startWorker(redis.url, "type", "w1");
        await waitFor(() => (/开始读取/.test(worker.stderr()) ? true : undefined), START_MS, "the worker to start");
        await redis.client.set("type:calls", "not a stream");
        expect(await exitWithin(worker, 10_000)).toBe(2);
        expect(worker.stderr()).toMatch(/WRONGTYPE.*--stream 的键 “type:calls” 是 string/);

        await redis.client.set("type2:results", "not a stream");
        const results = startWorker(redis.url, "type2", "w1");
        await enqueue(redis, "type2", payloads(2, "type2"));
        expect(await exitWithin(results, START_MS)).toBe(2);
        expect(results.stderr()).toMatch(/WRONGTYPE.*--results 的键 “type2:results” 是 string/);
        // Nothing was acknowledged without its result.
        expect((await redis.client.xpending("type2:calls", "qa"))[0]).toBe(2);
        for (const run of [worker, results]) expect(run.stderr()).not.toMatch(/内部错误/);
      }),
    300_000,
  );
});
