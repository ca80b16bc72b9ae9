import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtinRules, lintSync, type Violation } from "../src/index.js";
import { huashu } from "./helpers/cli.js";
import { readCorpus } from "./helpers/corpus.js";
import { fixtureRules } from "./helpers/rules.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const RULES = "fixtures/rules/stream.yaml";

type Line = Record<string, unknown> & { violations?: Violation[] };
const parseLines = (stdout: string): Line[] => stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Line);
const key = (violation: Violation) => JSON.stringify(violation, Object.keys(violation).sort());

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
    expect(lines[0]).toMatchObject({ callId: "a", violations: [expect.objectContaining({ ruleId: "f.plain", text: "喂", turn: 0 })] });
    expect(lines).toContainEqual({ error: expect.stringMatching(/不是有效的 JSON/), line: 3 });
    expect(lines).toContainEqual({ error: expect.stringMatching(/speaker/), line: 5 });
    expect(lines).toContainEqual({ error: expect.stringMatching(/zzz/), line: 9 });
    const whole = lintSync({ id: "whole", turns: [{ speaker: "agent", text: "不知道" }] }, { rules: fixtureRules("stream.yaml") });
    expect(whole.violations.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.id === "whole")).toEqual([
      { id: "whole", violations: whole.violations },
      { id: "whole", final: true, score: whole.score, passed: whole.passed, deductions: whole.deductions, notices: whole.notices },
    ]);
    // Call b's missing apology (2 agent turns after 投诉) comes with its second agent turn, before its end.
    const b = lines.filter((line) => line.callId === "b");
    expect(b.map((line) => (line.final ? "final" : line.violations!.map((v) => v.ruleId).join()))).toContain("p.turns");
    expect(b.at(-1)).toMatchObject({ callId: "b", final: true, score: expect.any(Number), passed: expect.any(Boolean) });
    expect(lines.filter((line) => line.final).map((line) => line.callId ?? line.id)).toEqual(["whole", "a", "b"]);
  });

  it("loses no line over the whole corpus streamed as events of 200 calls at a time, and agrees with lint", () => {
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
      for (const transcript of group) if (transcript.turns.length === longest) input.push(JSON.stringify({ callId: transcript.id, end: true }));
    }
    const run = huashu(["stream"], { input: input.join("\n") });
    expect(run.code).toBe(0);
    const lines = parseLines(run.stdout);
    expect(lines.filter((line) => line.error)).toEqual([]);
    const byCall = new Map<string, { violations: string[]; final?: Line }>();
    for (const line of lines) {
      const entry = byCall.get(line.callId as string) ?? { violations: [] };
      if (line.final) entry.final = line;
      else entry.violations.push(...line.violations!.map(key));
      byCall.set(line.callId as string, entry);
    }
    const rules = builtinRules();
    expect(byCall.size).toBe(new Set(corpus.map((t) => t.id)).size);
    for (const transcript of corpus) {
      const linted = lintSync(transcript, { rules });
      const streamed = byCall.get(transcript.id!)!;
      expect(streamed.violations.sort()).toEqual(linted.violations.map(key).sort());
      expect(streamed.final).toMatchObject({ score: linted.score, passed: linted.passed });
    }
  }, 60_000);

  it("on SIGTERM ends the open calls, writes their results marked interrupted, and exits 0", async () => {
    const child = spawn(process.execPath, [CLI, "stream", "--rules", RULES], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.stdin.write(`${JSON.stringify({ callId: "open", speaker: "agent", text: "喂" })}\n`);
    child.stdin.write(`${JSON.stringify({ callId: "other", speaker: "customer", text: "你好" })}\n`);
    const deadline = Date.now() + 20_000;
    while (!stdout.includes("f.plain") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const finals = parseLines(stdout).filter((line) => line.final);
    expect(finals.map((line) => line.callId).sort()).toEqual(["open", "other"]);
    for (const final of finals) expect(final).toMatchObject({ interrupted: true, score: expect.any(Number) });
  }, 30_000);
});
