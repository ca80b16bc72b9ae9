import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamLines, type StreamOptions } from "../src/cli/stream-command.js";
import {
  builtinRules,
  lintSync,
  MAX_TURN_LENGTH,
  type RuleSet,
  type Transcript,
  type Violation,
} from "../src/index.js";
import { timedCallArbitrary } from "./helpers/arbitraries.js";
import { huashu } from "./helpers/cli.js";
import { HAS_CORPUS, readCorpus } from "./helpers/corpus.js";
import { fixtureRules } from "./helpers/rules.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const RULES = "fixtures/rules/stream.yaml";

type Line = Record<string, unknown> & { violations?: Violation[] };
const parseLines = (stdout: string): Line[] =>
  stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
const key = (violation: Violation) => JSON.stringify(violation, Object.keys(violation).sort());
const jsonl = (events: readonly unknown[]) =>
  events.map((event) => (typeof event === "string" ? event : JSON.stringify(event))).join("\n");

/** Each call's streamed violations (as sorted keys) and final line. */
function byCall(lines: readonly Line[]): Map<string, { violations: string[]; final?: Line }> {
  const calls = new Map<string, { violations: string[]; final?: Line }>();
  for (const line of lines) {
    const entry = calls.get(line.callId as string) ?? { violations: [] };
    if (line.final) entry.final = line;
    else entry.violations.push(...line.violations!.map(key));
    calls.set(line.callId as string, entry);
  }
  return calls;
}

/** Asserts that every call streamed as `c<index>` got exactly what lint() reports for the whole call. */
function expectStreamedEqualsLint(lines: readonly Line[], calls: readonly Transcript[], rules: RuleSet): void {
  expect(lines.filter((line) => line.error)).toEqual([]);
  const streamed = byCall(lines);
  expect(streamed.size).toBe(calls.length);
  calls.forEach((transcript, index) => {
    const linted = lintSync(transcript, { rules });
    const call = streamed.get(`c${index}`)!;
    expect(call.violations.sort()).toEqual(linted.violations.map(key).sort());
    expect(call.final).toEqual({
      callId: `c${index}`,
      final: true,
      score: linted.score,
      passed: linted.passed,
      deductions: linted.deductions,
      notices: linted.notices,
    });
  });
}

/**
 * The events of calls `c0`, `c1`… interleaved as `picks` choose (round robin once they run
 * out): each call's turns in order, then its end event.
 */
function interleave(calls: readonly Transcript[], picks: readonly number[]): object[] {
  const queues: object[][] = calls.map((transcript, index) => [
    ...transcript.turns.map((turn) => ({ callId: `c${index}`, ...turn })),
    { callId: `c${index}`, end: true },
  ]);
  const events: object[] = [];
  for (let pick = 0; queues.some((queue) => queue.length > 0); pick++) {
    const open = queues.filter((queue) => queue.length > 0);
    events.push(open[(picks[pick] ?? pick) % open.length]!.shift()!);
  }
  return events;
}

/** Runs the stream command's core in-process on `input`, fed in chunks of `chunkBytes`. */
async function streamInProcess(
  input: string,
  options: Partial<StreamOptions> & { rules: RuleSet },
  chunkBytes = 65536,
): Promise<Line[]> {
  const bytes = Buffer.from(input);
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkBytes) }, (_, index) =>
    bytes.subarray(index * chunkBytes, (index + 1) * chunkBytes),
  );
  let output = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      output += chunk.toString();
      callback();
    },
  });
  await streamLines(Readable.from(chunks), sink, { maxOpenCalls: 10_000, idleTimeoutMs: Infinity, ...options });
  return parseLines(output);
}

const timedCalls = fc.array(
  timedCallArbitrary.filter((transcript) => transcript.turns.length > 0),
  { minLength: 1, maxLength: 6 },
);
const streamRules = fixtureRules("stream.yaml");

/** Spawns the built CLI's stream command; stdout and stderr are collected. */
function spawnStream(args: string[] = []) {
  const child = spawn(CLI, ["stream", "--rules", RULES, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const waitFor = async (pattern: RegExp, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output.stdout)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in ${output.stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, output, exited, waitFor };
}

/** Resolves once process `pid` has jieba's dictionary open: it is loading jieba. */
async function untilLoadingJieba(pid: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  const opened = (fd: string) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return ""; // closed since the listing
    }
  };
  while (!readdirSync(`/proc/${pid}/fd`).some((fd) => opened(fd).endsWith("jieba.dict.utf8"))) {
    if (Date.now() > deadline) throw new Error("huashu stream never opened jieba's dictionary");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe("huashu stream: timed calls and the turn/end protocol", () => {
  it("reports for timed calls streamed as interleaved events, in chunks of any size, exactly what lint reports for each whole call", async () => {
    await fc.assert(
      fc.asyncProperty(
        timedCalls,
        fc.array(fc.nat()),
        fc.integer({ min: 1, max: 4096 }),
        async (calls, picks, chunkBytes) => {
          const input = jsonl(interleave(calls, picks));
          for (const rules of [streamRules, builtinRules()])
            expectStreamedEqualsLint(await streamInProcess(input, { rules }, chunkBytes), calls, rules);
        },
      ),
      { numRuns: 100 },
    );
  }, 300_000);

  it("judges 40 timed calls streamed through the built CLI as lint judges each whole call", () => {
    const [calls] = fc.sample(
      fc.array(
        timedCallArbitrary.filter((transcript) => transcript.turns.length > 2),
        { minLength: 40, maxLength: 40 },
      ),
      { numRuns: 1, seed: 11 },
    );
    const [picks] = fc.sample(fc.array(fc.nat(), { minLength: 2000, maxLength: 2000 }), { numRuns: 1, seed: 11 });
    const run = huashu(["stream", "--rules", RULES], { input: jsonl(interleave(calls!, picks!)) });
    expect(run.code).toBe(0);
    const lines = parseLines(run.stdout);
    // Timing rules did judge: no call was left with "缺少时间戳" notices.
    expect(
      lines.flatMap((line) => line.violations ?? []).filter((violation) => violation.ruleId.startsWith("t.")).length,
    ).toBeGreaterThan(20);
    expectStreamedEqualsLint(lines, calls!, streamRules);
  }, 120_000);

  it("answers an event that is neither a turn (with text) nor exactly {callId, end: true} with an error line naming it", () => {
    const events = [
      { callId: "a", speaker: "agent", text: "您好", start: 0, end: 1200 },
      { callId: "a", end: 1200 },
      { callId: "a", speaker: "agent", end: true },
      { callId: "a", speaker: "agent", text: "再见", start: 1500, end: true },
      { callId: "a" },
      { callId: "a", end: "true" },
      { callId: "a", end: true },
    ];
    const run = huashu(["stream", "--rules", RULES], { input: jsonl(events) });
    expect(run.code).toBe(0);
    const lines = parseLines(run.stdout);
    expect(lines.filter((line) => line.error).map((line) => line.line)).toEqual([2, 3, 4, 5, 6]);
    expect(lines.find((line) => line.line === 2)!.error).toMatch(/text/);
    expect(lines.find((line) => line.line === 4)!.error).toMatch(/end/);
    // The call is ended by line 7 alone, with its one turn.
    expect(lines.filter((line) => line.final)).toEqual([expect.objectContaining({ callId: "a", final: true })]);
    expect(lines.at(-1)!.interrupted).toBeUndefined();
  }, 120_000);
});

describe("huashu stream: limits, signals and pipes", () => {
  it("answers a line over 32 MiB and turns over 20,000 characters with error lines and goes on", () => {
    const long = "好".repeat(MAX_TURN_LENGTH + 1);
    const input = [
      JSON.stringify({ callId: "a", speaker: "agent", text: `喂${"x".repeat(40 * 1024 * 1024)}` }),
      JSON.stringify({ callId: "a", speaker: "agent", text: long }),
      JSON.stringify({
        id: "whole",
        turns: [
          { speaker: "agent", text: "您好" },
          { speaker: "agent", text: long },
        ],
      }),
      JSON.stringify({ callId: "a", speaker: "agent", text: "好".repeat(MAX_TURN_LENGTH) }),
      JSON.stringify({ callId: "a", speaker: "agent", text: "喂" }),
      JSON.stringify({ callId: "a", end: true }),
    ].join("\n");
    const run = huashu(["stream", "--rules", RULES], { input });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = parseLines(run.stdout);
    expect(lines.filter((line) => line.error)).toEqual([
      { error: expect.stringMatching(/行过长.*32 MiB/), line: 1 },
      { error: expect.stringMatching(/单句过长\(20001 个字符,上限 20000\)/), line: 2 },
      { error: expect.stringMatching(/第 2 轮: 单句过长/), line: 3 },
    ]);
    // The 20,000-character turn and the 喂 after it are the call's turns 0 and 1.
    expect(
      lines
        .filter((line) => line.callId === "a" && line.violations)
        .flatMap((line) => line.violations!)
        .find((v) => v.ruleId === "f.plain"),
    ).toMatchObject({ turn: 1 });
    expect(lines.at(-1)).toMatchObject({ callId: "a", final: true });
  }, 120_000);

  it("on SIGINT, as on SIGTERM, ends the open calls, writes their results marked interrupted by a signal, and exits 0", async () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const stream = spawnStream();
      stream.child.stdin.write(`${JSON.stringify({ callId: "open", speaker: "agent", text: "喂" })}\n`);
      stream.child.stdin.write(`${JSON.stringify({ callId: "other", speaker: "customer", text: "你好" })}\n`);
      await stream.waitFor(/f\.plain/);
      stream.child.kill(signal);
      expect(await stream.exited).toBe(0);
      const finals = parseLines(stream.output.stdout).filter((line) => line.final);
      expect(finals.map((line) => line.callId).sort()).toEqual(["open", "other"]);
      for (const final of finals)
        expect(final).toMatchObject({ interrupted: true, reason: "signal", score: expect.any(Number) });
    }
  }, 120_000);

  it("on a signal while the rules and jieba still load, finalises the calls already written to its input", async () => {
    // `--rules` of a file with phrases: the stream loads jieba once it has handled its first
    // line (or while handling it, if it needs word boundaries).
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const stream = spawnStream();
      stream.child.stdin.write(`${JSON.stringify({ callId: "first", speaker: "agent", text: "喂" })}\n`);
      stream.child.stdin.write(`${JSON.stringify({ callId: "second", speaker: "customer", text: "你好" })}\n`);
      // Sent while jieba's dictionary is being read (/proc says so), not at a guessed moment.
      await untilLoadingJieba(stream.child.pid!);
      stream.child.kill(signal);
      expect(await stream.exited).toBe(0);
      const finals = parseLines(stream.output.stdout).filter((line) => line.final);
      expect(finals.map((line) => line.callId).sort()).toEqual(["first", "second"]);
      for (const final of finals) expect(final).toMatchObject({ interrupted: true, reason: "signal" });
      expect(stream.output.stderr).toBe("");
    }
  }, 120_000);

  it("answers a first call that needs no word boundaries before it loads jieba, and loads it while waiting for the next", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-stream-"));
    const probe = join(dir, "jieba-probe.cjs");
    // Says on stderr, as jieba is required, whether anything had been written to stdout before.
    writeFileSync(
      probe,
      `const Module = require("node:module");
let answered = false;
const write = process.stdout.write;
process.stdout.write = function (...args) { answered = true; return write.apply(this, args); };
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "nodejieba") process.stderr.write("JIEBA " + (answered ? "after" : "before") + " the first answer\\n");
  return load.call(this, request, ...rest);
};
`,
    );
    const child = spawn(CLI, ["stream", "--rules", RULES], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
    });
    const output = { stdout: "", stderr: "" };
    child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const until = async (test: () => boolean, what: string) => {
      for (const deadline = Date.now() + 90_000; !test(); await new Promise((resolve) => setTimeout(resolve, 20)))
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    };
    child.stdin.write(`${JSON.stringify({ id: "plain", turns: [{ speaker: "agent", text: "明白。" }] })}\n`);
    await until(() => /"final":true/.test(output.stdout), "the first answer");
    // No other line is sent: jieba is loaded in the lull, ready for the calls to come.
    await until(() => /JIEBA/.test(output.stderr), "jieba to load");
    expect(output.stderr).toBe("JIEBA after the first answer\n");
    child.stdin.end(`${JSON.stringify({ id: "wei", turns: [{ speaker: "agent", text: "喂,您好。" }] })}\n`);
    expect(await exited).toBe(0);
    expect(parseLines(output.stdout).find((line) => line.id === "wei" && line.violations)?.violations).toContainEqual(
      expect.objectContaining({ ruleId: "f.plain", text: "喂" }),
    );
  }, 120_000);

  it("with --max-open-calls 2 ends the call idle longest to open a third, and answers its late events with an error", () => {
    const events = [
      { callId: "a", speaker: "agent", text: "您好" },
      { callId: "b", speaker: "agent", text: "您好" },
      { callId: "a", speaker: "agent", text: "请问" },
      { callId: "c", speaker: "agent", text: "您好" },
      { callId: "b", speaker: "agent", text: "再见" },
      { callId: "a", end: true },
      { callId: "c", end: true },
    ];
    const run = huashu(["stream", "--rules", RULES, "--max-open-calls", "2"], { input: jsonl(events) });
    expect(run.code).toBe(0);
    const lines = parseLines(run.stdout);
    expect(
      lines.filter((line) => line.final).map(({ callId, interrupted, reason }) => ({ callId, interrupted, reason })),
    ).toEqual([
      { callId: "b", interrupted: true, reason: "max-open-calls" },
      { callId: "a", interrupted: undefined, reason: undefined },
      { callId: "c", interrupted: undefined, reason: undefined },
    ]);
    expect(lines.filter((line) => line.error)).toEqual([
      { error: expect.stringMatching(/“b” 已被结束\(max-open-calls\)/), line: 5 },
    ]);
    expect(huashu(["stream", "--max-open-calls", "0"]).code).toBe(2);
  }, 120_000);

  it("with --idle-timeout 1 ends a call a second after its last event, while the input stays open", async () => {
    const stream = spawnStream(["--idle-timeout", "1"]);
    stream.child.stdin.write(`${JSON.stringify({ callId: "quiet", speaker: "agent", text: "您好" })}\n`);
    const started = Date.now();
    await stream.waitFor(/"final":true/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(parseLines(stream.output.stdout).find((line) => line.final)).toMatchObject({
      callId: "quiet",
      interrupted: true,
      reason: "idle-timeout",
    });
    stream.child.stdin.end();
    expect(await stream.exited).toBe(0);
    expect(huashu(["stream", "--idle-timeout", "soon"]).code).toBe(2);
  }, 120_000);

  it("ends quietly when its reader goes away, and says so with exit 2 when stdout cannot be written", async () => {
    const stream = spawnStream();
    const turn = `${JSON.stringify({ callId: "a", speaker: "agent", text: "喂" })}\n`;
    stream.child.stdout.once("data", () => stream.child.stdout.destroy());
    // The command stops reading once its output is gone, so the rest of the input meets a closed pipe.
    stream.child.stdin.on("error", () => {});
    // Enough output to fill the pipe long after the reader is gone.
    stream.child.stdin.end(turn.repeat(20_000));
    expect(await stream.exited).toBe(0);
    expect(stream.output.stderr).toBe("");

    const full = spawn(CLI, ["stream", "--rules", RULES], {
      stdio: ["pipe", openSync("/dev/full", "w"), "pipe"],
    });
    let stderr = "";
    full.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    full.stdin!.end(turn);
    expect(await new Promise((resolve) => full.once("exit", resolve))).toBe(2);
    expect(stderr).toMatch(/^huashu: 无法写入标准输出: 磁盘空间不足\n/);
    expect(stderr).not.toMatch(/at |Unhandled/);
  }, 120_000);
});

describe("huashu stream (built CLI)", () => {
  it("answers interleaved turn events as results become final, whole transcripts at once, and malformed lines with an error line", () => {
    const events = [
      { callId: "a", speaker: "agent", text: "喂,您好" },
      { callId: "b", speaker: "customer", text: "我要投诉" },
      "{not json",
      { callId: "b", speaker: "agent", text: "好的" },
      { callId: "a", speaker: "robot", text: "x" },
      { id: "whole", turns: [{ speaker: "agent", text: "不知道" }] },
      { callId: "b", speaker: "agent", text: "您说" },
      { callId: "a", end: true },
      { callId: "zzz", end: true },
      { callId: "b", end: true },
    ];
    const input = events.map((event) => (typeof event === "string" ? event : JSON.stringify(event))).join("\n");
    const run = huashu(["stream", "--rules", RULES], { input });
    expect(run.code).toBe(0);
    const lines = parseLines(run.stdout);
    // Call a's 喂 is reported by its first turn's line, before anything of call b.
    expect(lines[0]).toMatchObject({
      callId: "a",
      violations: [expect.objectContaining({ ruleId: "f.plain", text: "喂", turn: 0 })],
    });
    expect(lines).toContainEqual({ error: expect.stringMatching(/不是有效的 JSON/), line: 3 });
    expect(lines).toContainEqual({ error: expect.stringMatching(/speaker/), line: 5 });
    expect(lines).toContainEqual({ error: expect.stringMatching(/zzz/), line: 9 });
    const whole = lintSync(
      { id: "whole", turns: [{ speaker: "agent", text: "不知道" }] },
      { rules: fixtureRules("stream.yaml") },
    );
    expect(whole.violations.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.id === "whole")).toEqual([
      { id: "whole", violations: whole.violations },
      {
        id: "whole",
        final: true,
        score: whole.score,
        passed: whole.passed,
        deductions: whole.deductions,
        notices: whole.notices,
      },
    ]);
    // Call b's missing apology (2 agent turns after 投诉) comes with its second agent turn, before its end.
    const b = lines.filter((line) => line.callId === "b");
    expect(b.map((line) => (line.final ? "final" : line.violations!.map((v) => v.ruleId).join()))).toContain("p.turns");
    expect(b.at(-1)).toMatchObject({
      callId: "b",
      final: true,
      score: expect.any(Number),
      passed: expect.any(Boolean),
    });
    expect(lines.filter((line) => line.final).map((line) => line.callId ?? line.id)).toEqual(["whole", "a", "b"]);
  });

  it.skipIf(!HAS_CORPUS)(
    "loses no line over the whole corpus streamed as events of 200 calls at a time, and agrees with lint",
    () => {
      const corpus = readCorpus();
      const input: string[] = [];
      for (let from = 0; from < corpus.length; from += 200) {
        const group = corpus.slice(from, from + 200);
        const longest = Math.max(...group.map((t) => t.turns.length));
        for (let turn = 0; turn < longest; turn++) {
          for (const transcript of group) {
            const current = transcript.turns[turn];
            if (current) input.push(JSON.stringify({ callId: transcript.id, ...current }));
            else if (turn === transcript.turns.length) input.push(JSON.stringify({ callId: transcript.id, end: true }));
          }
        }
        for (const transcript of group)
          if (transcript.turns.length === longest) input.push(JSON.stringify({ callId: transcript.id, end: true }));
      }
      const run = huashu(["stream"], { input: input.join("\n") });
      expect(run.code).toBe(0);
      const lines = parseLines(run.stdout);
      expect(lines.filter((line) => line.error)).toEqual([]);
      const streamedCalls = byCall(lines);
      const rules = builtinRules();
      expect(streamedCalls.size).toBe(new Set(corpus.map((t) => t.id)).size);
      for (const transcript of corpus) {
        const linted = lintSync(transcript, { rules });
        const streamed = streamedCalls.get(transcript.id!)!;
        expect(streamed.violations.sort()).toEqual(linted.violations.map(key).sort());
        expect(streamed.final).toMatchObject({ score: linted.score, passed: linted.passed });
      }
    },
    60_000,
  );
});
