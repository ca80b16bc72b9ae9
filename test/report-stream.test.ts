import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reporters, RunTotals, streamingReporters, type FileResult, type ReportOptions } from "../src/report/index.js";
import { expandJsonReport, jsonObject, type JsonReport } from "../src/report/json.js";
import { parseSavedResults } from "../src/report/saved-results.js";
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
  it("is one line per transcript holding the object json gives for it, whole", () => {
    const lines = reporters.jsonl(results).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line))).toEqual(expandJsonReport(JSON.parse(snapshot("json")) as JsonReport));
    expect(streamed("jsonl", results, {}).join("")).toBe(reporters.jsonl(results));
    expect(reporters.jsonl([])).toBe("");
  });
});

describe("json", () => {
  const said = [
    ...results,
    result("more.txt", [
      violation({ speaker: "customer", line: 4, endLine: 5, endColumn: 2 }),
      // Same rule, another message (as a suppression comment's problems have): said in the violation.
      violation({ ruleId: "huashu/unknown-rule", type: "directive", message: "另一条", suggestion: undefined }),
      violation({ ruleId: "polite.please", severity: "warning", message: "请用“请”", suggestion: undefined }),
    ]),
  ];
  const report = () => JSON.parse(reporters.json(said, options)) as JsonReport;

  it("says each rule's message and suggestion once, and each notice once", () => {
    const { rules, notices, results: written } = report();
    expect(rules.map((rule) => rule.id)).toEqual(["taboo.wei", "polite.please", "huashu/unknown-rule"]);
    expect(notices).toEqual([{ ruleId: "silence.long", message: "没有时间信息,无法检查" }]);
    const violations = written.flatMap((r) => r.violations);
    expect(violations.filter((v) => "message" in v).map((v) => [v.ruleId, v.message])).toEqual([
      ["huashu/unknown-rule", "另一条"],
      ["polite.please", "请用“请”"],
    ]);
    expect(violations.filter((v) => "speaker" in v)).toEqual([
      expect.objectContaining({ speaker: "customer", line: 4, endLine: 5 }),
    ]);
    expect(violations.filter((v) => v.endLine === v.line)).toEqual([]);
    expect(violations[0]).not.toHaveProperty("endLine");
  });

  it("gives back every result whole: what jsonl writes for it", () => {
    expect(expandJsonReport(report())).toEqual(said.map(jsonObject));
  });

  it("is read back by huashu report as the array older versions wrote is", () => {
    const older = JSON.stringify(said.map(jsonObject));
    const fromReport = parseSavedResults(reporters.json(said, options), "r.json");
    expect(fromReport.problems).toEqual([]);
    expect(fromReport).toEqual(parseSavedResults(older, "r.json"));
    expect(fromReport.results.map((r) => r.violations.length)).toEqual(said.map((r) => r.violations.length));
  });

  it("refuses a report whose violation names a rule it does not list, saying so", () => {
    const broken = { ...report(), rules: [] };
    expect(parseSavedResults(JSON.stringify(broken), "r.json").problems).toEqual([
      { file: "r.json", message: "不是 huashu lint --format json 的结果: 规则 “taboo.wei” 不在报告的 rules 中" },
    ]);
  });
});
