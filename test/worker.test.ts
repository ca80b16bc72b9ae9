import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRules, lintSync } from "../src/index.js";
import { startRedis, type TestRedis } from "./helpers/redis.js";
import {
  enqueue as enqueueTest,
  readResults as readTestResults,
  startWorker as startTestWorker,
  waitFor,
  workerCalls,
} from "./helpers/worker.js";

let redis: TestRedis;

const startWorker = (name: string, consumer: string, extra: string[] = []) =>
  startTestWorker(redis.url, name, consumer, extra);
const readResults = (name: string) => readTestResults(redis, name);
const enqueue = (name: string, payloads: string[]) => enqueueTest(redis, name, payloads);

describe("huashu worker (built CLI, real redis-server)", () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("lints every entry, writes results keyed by transcript id, answers malformed entries with an error, and stops on SIGTERM", async () => {
    const transcripts = workerCalls(60, "basic");
    await enqueue("basic", [
      ...transcripts.map((t) => JSON.stringify(t)),
      "{not json",
      JSON.stringify({ id: "bad-speaker", turns: [{ speaker: "robot", text: "喂" }] }),
    ]);
    await redis.client.xadd("basic:calls", "*", "other", "no transcript field");
    const worker = startWorker("basic", "w1");
    const results = await waitFor(
      async () => {
        const results = await readResults("basic");
        return results.length >= 63 ? results : undefined;
      },
      30_000,
      "63 results",
    );
    const rules = builtinRules();
    for (const transcript of transcripts) {
      const result = results.find((r) => r.id === transcript.id)!;
      const expected = lintSync(transcript, { rules });
      expect(result.result).toMatchObject({
        score: expected.score,
        passed: expected.passed,
        violations: expected.violations,
      });
    }
    expect(results.find((r) => r.id === "bad-speaker")!.result.error).toMatch(/speaker/);
    const errors = results.filter((r) => r.result.error !== undefined);
    expect(errors.map((r) => r.result.error)).toEqual([
      expect.stringMatching(/不是有效的 JSON/),
      expect.stringMatching(/speaker/),
      expect.stringMatching(/缺少 transcript/),
    ]);
    // Everything acknowledged (just after the results are written): nothing pending in the group.
    await waitFor(
      async () => ((await redis.client.xpending("basic:calls", "qa"))[0] === 0 ? true : undefined),
      10_000,
      "every entry to be acknowledged",
    );
    worker.process.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.stderr()).toContain("已停止");
    expect(await readResults("basic")).toHaveLength(63);
  }, 60_000);

  it("claims entries left pending by a consumer that died, once they have been idle long enough", async () => {
    const ghosts = workerCalls(5, "ghost");
    await enqueue(
      "claim",
      ghosts.map((t) => JSON.stringify(t)),
    );
    await redis.client.xgroup("CREATE", "claim:calls", "qa", "0", "MKSTREAM");
    // A consumer reads the entries and dies before writing any result.
    await redis.client.xreadgroup("GROUP", "qa", "ghost", "COUNT", 5, "STREAMS", "claim:calls", ">");
    const worker = startWorker("claim", "w1", ["--claim-idle-ms", "300"]);
    const results = await waitFor(
      async () => {
        const results = await readResults("claim");
        return results.length >= 5 ? results : undefined;
      },
      30_000,
      "the ghost's entries",
    );
    expect(results.map((r) => r.id).sort()).toEqual(ghosts.map((t) => t.id).sort());
    // The worker logs a claim once the claimed batch is acknowledged, just after its results.
    await waitFor(
      async () => (/认领并处理了 5 条/.test(worker.stderr()) ? true : undefined),
      10_000,
      "the claim to be logged",
    );
    worker.process.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 60_000);

  it("gives every one of 2,000 transcripts a result when one of two workers is SIGKILLed mid-batch", async () => {
    const transcripts = workerCalls(2000, "call");
    await redis.client.xgroup("CREATE", "kill:calls", "qa", "0", "MKSTREAM");
    const victim = startWorker("kill", "victim", ["--batch", "50", "--claim-idle-ms", "1000"]);
    await enqueue(
      "kill",
      transcripts.map((t) => JSON.stringify(t)),
    );
    const heldByVictim = async () => {
      const consumers = (await redis.client.xpending("kill:calls", "qa"))[3] as Array<[string, string]> | null;
      return Number(consumers?.find(([name]) => name === "victim")?.[1] ?? 0);
    };
    const workers = () => `victim: ${victim.stderr()}\nsurvivor: ${survivor.stderr()}`;
    // The survivor starts once the victim has a batch in hand, so the victim cannot be starved of entries.
    await waitFor(
      async () => ((await heldByVictim()) > 0 ? true : undefined),
      30_000,
      "the victim to read a batch",
      () => victim.stderr(),
    );
    const survivor = startWorker("kill", "survivor", ["--batch", "50", "--claim-idle-ms", "1000"]);
    // Kill the victim, once results are coming, while it holds entries it has not acknowledged. It is
    // frozen (SIGSTOP) before what it holds is read again, so an acknowledgement cannot race the kill.
    await waitFor(
      async () => {
        if ((await redis.client.xlen("kill:results")) === 0 || (await heldByVictim()) === 0) return undefined;
        victim.process.kill("SIGSTOP");
        // Let commands the victim sent just before it stopped reach redis.
        await new Promise((resolve) => setTimeout(resolve, 100));
        if ((await heldByVictim()) > 0) return true;
        victim.process.kill("SIGCONT");
        return undefined;
      },
      30_000,
      "the victim to hold pending entries",
      workers,
    );
    const orphaned = (
      (await redis.client.xpending("kill:calls", "qa", "-", "+", 1000, "victim")) as Array<[string, ...unknown[]]>
    ).map(([id]) => id);
    victim.process.kill("SIGKILL");
    await victim.exited;

    const results = await waitFor(
      async () => {
        const results = await readResults("kill");
        return new Set(results.map((r) => r.id)).size >= 2000 ? results : undefined;
      },
      45_000,
      "a result for every transcript",
    );
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(transcripts.map((t) => t.id)));
    for (const { result } of results) {
      expect(result.error).toBeUndefined();
      expect(typeof result.score).toBe("number");
      expect(Array.isArray(result.violations)).toBe(true);
    }

    // What the victim held was claimed: each of those entries has a result, and nothing stays pending.
    expect(orphaned.length).toBeGreaterThan(0);
    const answered = new Set(results.map((r) => r.entry));
    expect(orphaned.filter((id) => !answered.has(id))).toEqual([]);
    await waitFor(
      async () => ((await redis.client.xpending("kill:calls", "qa"))[0] === 0 ? true : undefined),
      10_000,
      "every entry to be acknowledged",
    );
    survivor.process.kill("SIGTERM");
    expect(await survivor.exited).toBe(0);
  }, 150_000);
});
