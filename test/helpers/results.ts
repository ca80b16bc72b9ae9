import type { Violation } from "../../src/index.js";
import type { FileResult } from "../../src/report/index.js";
import { expandJsonReport, type JsonReport, type JsonResult } from "../../src/report/json.js";

/** A 喂 violation at 1:4, with any field replaced. */
export function violation(overrides: Partial<Violation> = {}): Violation {
  return {
    ruleId: "taboo.wei",
    type: "forbidden",
    severity: "error",
    message: "不能用“喂”",
    suggestion: "您好",
    speaker: "agent",
    turn: 0,
    line: 1,
    column: 4,
    endLine: 1,
    endColumn: 5,
    text: "喂",
    region: "match",
    ...overrides,
  };
}

/** A passing result of `file` with these violations, counted by severity, with any field replaced. */
export function result(file: string, violations: Violation[], extra: Partial<FileResult> = {}): FileResult {
  const count = (severity: Violation["severity"]) => violations.filter((v) => v.severity === severity).length;
  return {
    file,
    violations,
    errorCount: count("error"),
    warningCount: count("warning"),
    infoCount: count("info"),
    notices: [],
    score: 100,
    passed: true,
    deductions: [],
    ...extra,
  };
}

/** The results of a `huashu lint --format json` report, each whole (its rules' and notices' fields filled in). */
export function jsonResults<Result = JsonResult>(report: string): Result[] {
  return expandJsonReport(JSON.parse(report) as JsonReport) as unknown as Result[];
}
