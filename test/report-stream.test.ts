import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reporters, RunTotals, streamingReporters, type FileResult, type ReportOptions } from "../src/report/index.js";
import type { Rule } from "../src/rules/registry.js";
import { result, violation } from "./helpers/results.js";

/** Several files, one of them JSON Lines with several transcripts; a clean one; a rule only seen in results. */
const results: FileResult[] = [
  result("a.txt", [violation(), violation({ line: 3, severity: "warning", ruleId: "polite.please" })], {
    score: 80,
    passed: false,
    deductions: [{ ruleId: "taboo.wei", violations: 1, points: 20, autoFail: true }],
  }),
  result("calls.jsonl", [violation({ line: 2 }), violation({ line: 2, column: 9 })], { id: "c1", agentId: "7" }),
  result("calls.jsonl", [], { id: "c2", notices: [{ ruleId: "silence.long", message: "没有时间信息,无法检查" }] }),
  result(
    "calls.jsonl",
    [violation({ ruleId: "huashu/unknown-rule", type: "directive", severity: "warning", suggestion: undefined })],
    {
      id: "c3",
      baselined: 2,
    },
  ),
  result("clean.md", []),
];

const rules = [
  {
    id: "taboo.wei",
    message: "不能用“喂”",
    suggestion: "您好",
    severity: "error",
    source: "规范 3.1",
    tags: ["opening"],
  },
  { id: "polite.please", message: "请用“请”", severity: "warning", link: "https://example.com/please" },
  { id: "silence.long", message: "静音过长", severity: "info" },
] as unknown as Rule[];

const options: ReportOptions = { rules, failedInputs: 1 };
const STREAMED = ["json", "stylish", "sarif", "junit", "checkstyle", "github"] as const;

/** The chunks a streaming format gives for `results`, in the order the CLI writes them. */
function streamed(
  format: keyof typeof streamingReporters,
  all: readonly FileResult[],
  options: ReportOptions,
): string[] {
  const stream = streamingReporters[format]!(options);
  const totals = new RunTotals();
  const chunks = stream.startNeedsResults ? [] : [stream.start()];
  const body = all.map((result) => {
    totals.add(result);
    return stream.result(result);
  });
  if (stream.startNeedsResults) chunks.push(stream.start());
  return [...chunks, ...body, stream.end(totals.summary(options.failedInputs))];
}

const snapshot = (name: string) => readFileSync(new URL(`data/report-stream/${name}.txt`, import.meta.url), "utf8");

describe("streaming reporters", () => {
  for (const format of STREAMED) {
    it(`${format}: the batch report of several files and transcripts is the report huashu wrote before streaming`, async () => {
      await expect(reporters[format](results, options)).toMatchFileSnapshot(`data/report-stream/${format}.txt`);
    });
    it(`${format}: the batch report of no results is the one huashu wrote before streaming`, async () => {
      await expect(reporters[format]([], {})).toMatchFileSnapshot(`data/report-stream/${format}-empty.txt`);
    });
    it(`${format}: streamed result by result, the report is the same text`, () => {
      expect(streamed(format, results, options).join("")).toBe(snapshot(format));
      expect(streamed(format, [], {}).join("")).toBe(snapshot(`${format}-empty`));
    });
  }
});

describe("jsonl", () => {
  it("is one line per transcript holding the object json gives for it", () => {
    const lines = reporters.jsonl(results).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line))).toEqual(JSON.parse(snapshot("json")));
    expect(streamed("jsonl", results, {}).join("")).toBe(reporters.jsonl(results));
    expect(reporters.jsonl([])).toBe("");
  });
});
