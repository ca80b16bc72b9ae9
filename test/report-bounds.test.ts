import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HuashuError, parseRules } from "../src/index.js";
import { reportData } from "../src/report/html/data.js";
import type { FileResult } from "../src/report/types.js";
import { MAX_SCORE } from "../src/rules/scoring.js";
import { huashu } from "./helpers/cli.js";

// The HTML report at the scale of a call centre's month and with scores it cannot chart: no
// array that grows with the data is spread into a call's arguments (the stack overflows past
// ~125,000 of them), and scores and scoring settings are bounded where they are read.

/** A clean call of `seconds` with score `score`. */
function call(index: number, score: number, seconds = 60): FileResult {
  return {
    file: `calls/${index}.json`,
    violations: [],
    errorCount: 0,
    warningCount: 0,
    infoCount: 0,
    notices: [],
    score,
    passed: score >= 60,
    deductions: [],
    turns: [{ speaker: "agent", text: "您好", start: 0, end: seconds * 1000 }],
  };
}

describe("the HTML report of 200,000 calls", () => {
  it("is computed: scores, bands and call lengths over every call", () => {
    const calls = Array.from({ length: 200_000 }, (_, index) => call(index, index % 101, 30 + (index % 90)));
    const { summary } = reportData(calls);
    expect(summary.calls).toBe(200_000);
    expect(summary.histogram.reduce((sum, band) => sum + band.calls, 0)).toBe(200_000);
    expect(summary.durations).toMatchObject({ calls: 200_000, shortest: 30_000, longest: 119_000 });
  });

  it("is written by huashu report from one results file", { timeout: 240_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-report-scale-"));
    const calls = Array.from({ length: 130_000 }, (_, index) => call(index, 90));
    writeFileSync(join(dir, "results.json"), JSON.stringify(calls));
    const run = huashu(["report", "results.json", "-o", "report.html"], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("scores a report cannot chart", () => {
  it.each([-5, 1e8, 1e300])("a saved score of %s is a problem naming the result, not a crash", (score) => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-report-score-"));
    writeFileSync(join(dir, "results.json"), JSON.stringify([call(0, 90), call(1, score)]));
    const run = huashu(["report", "results.json", "-o", "report.html"], { cwd: dir, timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `results.json 不是 huashu lint --format json 的结果: 1.score: 分数须在 0 到 ${MAX_SCORE} 之间\n`,
    );
  });

  it.each([
    ["base: 1000000000", "2:9 scoring.base: 基础分不能超过 10000"],
    ["base: 1e300", "2:9 scoring.base: 基础分不能超过 10000"],
    ["pass: 100000000", "2:9 scoring.pass: 分数不能超过 10000"],
    ["defaults: { error: 1e8 }", "2:22 scoring.defaults.error: 分数不能超过 10000"],
  ])("scoring %s in a rule file is a load error at its place", (setting, problem) => {
    let error: unknown;
    try {
      parseRules(`scoring:\n  ${setting}\nrules: []\n`);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(HuashuError);
    const [diagnostic] = (error as HuashuError).diagnostics;
    expect(`${diagnostic!.line}:${diagnostic!.column} ${diagnostic!.message}`).toBe(problem);
  });
});
