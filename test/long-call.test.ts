import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { jsonResults } from "./helpers/results.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
/** Makes the CLI print the CPU time it used, in µs, as its last line of stderr. */
const REPORT_CPU = `data:text/javascript,process.on("exit", () => { const { user, system } = process.cpuUsage(); process.stderr.write("cpu " + (user + system)); })`;
/**
 * The budget is CPU time, not wall time, so that a machine shared with other work does not
 * fail the test: ~10 s of CPU now, minutes with the quadratic checks.
 */
const CPU_BUDGET_SECONDS = 60;

/** Every rule whose check used to cost O(turns²) on a long call; none is violated by the call below. */
const RULES = `rules:
  - { id: resp.turns, type: response, speaker: agent, trigger: { phrases: [投诉], speaker: customer }, reply: { phrases: [抱歉] }, replyWithin: { turns: 2 }, message: m }
  - { id: resp.seconds, type: response, speaker: agent, trigger: { phrases: [投诉], speaker: customer }, reply: { phrases: [抱歉] }, replyWithin: { seconds: 30 }, message: m }
  - { id: resp.absent, type: response, speaker: agent, trigger: { phrases: [投诉], speaker: customer }, reply: { phrases: [随便] }, replyWithin: { turns: 3 }, expect: absent, message: m }
  - { id: near, type: condition, speaker: agent, must: { near: [{ phrases: [收益] }, { regex: '\\d+' }], chars: 0 }, message: m }
  - { id: interrupt, type: interruption, speaker: agent, message: m }
  - { id: silence, type: silence, maxSeconds: 5, hold: { phrases: [请您稍等] }, message: m }
`;

/** Complaints each answered at once, then a long monologue, with a few turns dense with `near` matches. */
function longCall(turns: number): string {
  const call = [];
  for (let i = 0; i < turns; i++) {
    const speaker = i < turns / 2 && i % 2 === 1 ? "customer" : "agent";
    let text = speaker === "customer" ? "我要投诉" : "非常抱歉";
    if (i % 1000 === 0) text = "收益7".repeat(5000);
    call.push({ speaker, text, start: i * 1000, end: i * 1000 + 900 });
  }
  return JSON.stringify({ turns: call });
}

describe("a long call costs time linear in its turns", () => {
  // 100,000 turns (8 MB): seconds of CPU now; the quadratic checks took minutes.
  it("huashu lint checks a 100,000-turn call against every formerly quadratic rule within a CPU-time budget", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-long-"));
    writeFileSync(join(dir, "rules.yaml"), RULES);
    writeFileSync(join(dir, "call.json"), longCall(100_000));
    const run = spawnSync(
      process.execPath,
      ["--import", REPORT_CPU, CLI, "lint", "call.json", "-r", "rules.yaml", "--format", "json"],
      {
        cwd: dir,
        encoding: "utf8",
        timeout: 600_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(run.signal).toBeNull();
    const [, cpuMicroseconds] = /^cpu (\d+)$/.exec(run.stderr) ?? [];
    expect(Number(cpuMicroseconds) / 1e6).toBeLessThan(CPU_BUDGET_SECONDS);
    expect(run.status).toBe(0);
    expect(jsonResults(run.stdout)[0]!.violations).toEqual([]);
  }, 650_000);
});
