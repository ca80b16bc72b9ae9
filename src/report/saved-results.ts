import { lazy, z } from "../util/zod.js";
import type { Diagnostic } from "../errors.js";
import { MAX_SCORE } from "../rules/scoring.js";
import { transcriptSchema } from "../transcript/validate.js";
import { expandJsonReport, type JsonReport } from "./json.js";
import type { FileResult } from "./types.js";
import { pushAll } from "../util/array.js";
import { chineseZodErrors, jsonErrorInChinese } from "../util/chinese-errors.js";

/** A violation as JSON reports (and the lint cache) hold it; results saved by older versions lack some fields. */
export const violationSchema = lazy(() =>
  z.looseObject({
    ruleId: z.string(),
    type: z.string(),
    severity: z.enum(["error", "warning", "info"]),
    message: z.string(),
    suggestion: z.string().optional(),
    detail: z.string().optional(),
    speaker: z.enum(["agent", "customer", "other"]).default("agent"),
    turn: z.int(),
    line: z.int(),
    column: z.int(),
    endLine: z.int(),
    endColumn: z.int(),
    text: z.string(),
    // Results saved before violations said what their text is: a window when the rule examined turns.
    region: z.enum(["match", "window", "timing"]).default("match"),
    start: z.number().optional(),
    end: z.number().optional(),
    phrase: z.string().optional(),
    fix: z.looseObject({ text: z.string() }).optional(),
  }),
);
const noticeSchema = lazy(() => z.looseObject({ ruleId: z.string(), message: z.string() }));
const deductionSchema = lazy(() =>
  z.looseObject({
    ruleId: z.string(),
    violations: z.int(),
    points: z.number(),
    autoFail: z.boolean(),
  }),
);
const verdictFields = lazy(() => ({
  score: z
    .number(`分数须在 0 到 ${MAX_SCORE} 之间`)
    .min(0, `分数须在 0 到 ${MAX_SCORE} 之间`)
    .max(MAX_SCORE, `分数须在 0 到 ${MAX_SCORE} 之间`),
  passed: z.boolean(),
  notices: z.array(noticeSchema).default([]),
  deductions: z.array(deductionSchema).default([]),
  agentId: z.string().optional(),
}));

/** One result of `lint --format json` (or a worker's `result`), optionally with its turns. */
export const resultSchema = lazy(() =>
  z.looseObject({
    file: z.string().optional(),
    id: z.string().optional(),
    violations: z.array(violationSchema),
    ...verdictFields,
    turns: transcriptSchema.shape.turns.optional(),
  }),
);
/**
 * `lint --format json` as written since rules and notices are said once in it ({@link JsonReport}):
 * as much as {@link expandJsonReport} needs; its results are checked once expanded.
 */
const jsonReportSchema = lazy(() =>
  z.looseObject({
    results: z.array(
      z.looseObject({
        violations: z.array(z.looseObject({ ruleId: z.string(), line: z.int() })),
        notices: z.array(z.int().nonnegative()),
        deductions: z.array(z.looseObject({})),
      }),
    ),
    rules: z.array(z.looseObject({ id: z.string() })),
    notices: z.array(noticeSchema),
  }),
);
/** `huashu stream` lines: violations as they become final, then the verdict. */
const streamViolationsSchema = lazy(() =>
  z.looseObject({
    id: z.string().optional(),
    callId: z.string().optional(),
    violations: z.array(violationSchema),
  }),
);
const streamFinalSchema = lazy(() =>
  z.looseObject({
    id: z.string().optional(),
    callId: z.string().optional(),
    final: z.literal(true),
    ...verdictFields,
  }),
);
/** A `huashu worker` results-stream entry: `result` is JSON text as the worker writes it, or already parsed. */
const workerEntrySchema = lazy(() =>
  z.looseObject({ id: z.string(), result: z.union([z.string(), z.looseObject({})]) }),
);

type Violations = z.infer<typeof violationSchema>[];

/** What {@link parseSavedResults} read: the results, the lines it could not use, and what it skipped. */
export interface SavedResults {
  results: FileResult[];
  /** Lines that are no result, each with its line number. */
  problems: Diagnostic[];
  /** Results that were errors rather than verdicts (a stream's or worker's input it could not read). */
  errorEntries: number;
}

function fromParts(
  file: string,
  id: string | undefined,
  violations: Violations,
  verdict: z.infer<z.ZodObject<typeof verdictFields>>,
  turns?: FileResult["turns"],
): FileResult {
  const count = (severity: string) => violations.filter((v) => v.severity === severity).length;
  return {
    file,
    ...(id !== undefined && { id }),
    ...(verdict.agentId !== undefined && { agentId: verdict.agentId }),
    violations: violations as FileResult["violations"],
    errorCount: count("error"),
    warningCount: count("warning"),
    infoCount: count("info"),
    notices: verdict.notices,
    score: verdict.score,
    passed: verdict.passed,
    deductions: verdict.deductions,
    ...(turns !== undefined && { turns }),
  };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.map(String).join(".") || "(根)"}: ${issue.message}`;
}

/**
 * Reads saved results back, to report them without linting again: the JSON document of
 * `lint --format json` (or the array older versions wrote), or JSON lines of `huashu stream` output, of `huashu worker` result
 * entries (`{ id, entry, result }`), or of `lint` result objects. Pure; `file` names the
 * results and is the `file` of results that do not name their own. Bad lines are listed in
 * `problems`, the good ones still read.
 */
export function parseSavedResults(text: string, file: string): SavedResults {
  const trimmed = text.trim();
  if (trimmed === "") return { results: [], problems: [{ file, message: "文件为空,没有结果" }], errorEntries: 0 };
  // A JSON report is one document: an array (before rules were said once in it) or `{"results": …}`.
  if (trimmed.startsWith("[") || /^\{\s*"results"\s*:/.test(trimmed)) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      return {
        results: [],
        problems: [{ file, message: `不是有效的 JSON: ${jsonErrorInChinese(error)}` }],
        errorEntries: 0,
      };
    }
    const refused = (message: string): SavedResults => ({
      results: [],
      problems: [{ file, message: `不是 huashu lint --format json 的结果: ${message}` }],
      errorEntries: 0,
    });
    let expanded: unknown = data;
    if (!Array.isArray(data)) {
      const report = jsonReportSchema.safeParse(data, { error: chineseZodErrors });
      if (!report.success) return refused(describeIssue(report.error));
      try {
        expanded = expandJsonReport(report.data as unknown as JsonReport);
      } catch (error) {
        return refused((error as Error).message);
      }
    }
    const parsed = z.array(resultSchema).safeParse(expanded, { error: chineseZodErrors });
    if (!parsed.success) return refused(describeIssue(parsed.error));
    return {
      results: parsed.data.map((r) => fromParts(r.file ?? file, r.id, r.violations, r, r.turns)),
      problems: [],
      errorEntries: 0,
    };
  }
  const results: FileResult[] = [];
  const problems: Diagnostic[] = [];
  let errorEntries = 0;
  /** Stream violations of calls whose final line has not come yet. */
  const pending = new Map<string, Violations>();
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const problem = (message: string) => problems.push({ file, line: index + 1, message });
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      return problem(`不是有效的 JSON: ${jsonErrorInChinese(error)}`);
    }
    if (typeof record !== "object" || record === null || Array.isArray(record))
      return problem("每行须是一个 JSON 对象");
    if ("error" in record && !("violations" in record)) {
      errorEntries++;
      return;
    }
    if ("result" in record) {
      const entry = workerEntrySchema.safeParse(record, { error: chineseZodErrors });
      if (!entry.success) return problem(`不是 huashu worker 的结果条目: ${describeIssue(entry.error)}`);
      let value: unknown = entry.data.result;
      if (typeof value === "string") {
        try {
          value = JSON.parse(value);
        } catch (error) {
          return problem(`result 不是有效的 JSON: ${jsonErrorInChinese(error)}`);
        }
      }
      if (typeof value === "object" && value !== null && "error" in value) {
        errorEntries++;
        return;
      }
      const result = resultSchema.safeParse(value, { error: chineseZodErrors });
      if (!result.success) return problem(`result 不是 huashu 的检查结果: ${describeIssue(result.error)}`);
      results.push(
        fromParts(
          result.data.file ?? file,
          result.data.id ?? entry.data.id,
          result.data.violations,
          result.data,
          result.data.turns,
        ),
      );
      return;
    }
    if ("final" in record) {
      const final = streamFinalSchema.safeParse(record, { error: chineseZodErrors });
      if (!final.success) return problem(`不是 huashu stream 的结果行: ${describeIssue(final.error)}`);
      const id = final.data.id ?? final.data.callId;
      const key = id ?? "";
      results.push(fromParts(file, id, pending.get(key) ?? [], final.data));
      pending.delete(key);
      return;
    }
    if ("score" in record) {
      const result = resultSchema.safeParse(record, { error: chineseZodErrors });
      if (!result.success) return problem(`不是 huashu 的检查结果: ${describeIssue(result.error)}`);
      results.push(
        fromParts(result.data.file ?? file, result.data.id, result.data.violations, result.data, result.data.turns),
      );
      return;
    }
    const partial = streamViolationsSchema.safeParse(record, { error: chineseZodErrors });
    if (!partial.success) return problem(`不是 huashu 的结果: ${describeIssue(partial.error)}`);
    const key = partial.data.id ?? partial.data.callId ?? "";
    const earlier = pending.get(key);
    if (earlier) pushAll(earlier, partial.data.violations);
    else pending.set(key, partial.data.violations);
  });
  for (const key of pending.keys())
    problems.push({ file, message: `通话 “${key}” 有违规行但没有 final 行(结果不完整),未列入报告` });
  return { results, problems, errorEntries };
}
