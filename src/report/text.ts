import { EXCERPT_LENGTH, type Violation } from "../engine/violation.js";
import type { RunSummary } from "./stream.js";
import type { FileResult } from "./types.js";

/** Severities as QA staff read them. */
export const SEVERITY_LABEL: Record<Violation["severity"], string> = { error: "错误", warning: "警告", info: "提示" };

/** Quotes text on one line, as long as a window's excerpt at most (a long match is shortened too). */
export function quote(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, " / ");
  return `“${oneLine.length > EXCERPT_LENGTH ? `${oneLine.slice(0, EXCERPT_LENGTH)}…` : oneLine}”`;
}

/** `原文: “…”` for a match, `检查范围: “…”` for the turns a rule examined (e.g. a missing phrase's window). */
export function foundText(v: Violation): string {
  return v.region === "match" ? `原文: ${quote(v.text)}` : `检查范围: ${quote(v.text)}`;
}

/** The message with what was measured, e.g. `静音过长(静音 12.5 秒)`. */
export function messageWithDetail(v: Violation): string {
  return v.detail ? `${v.message}(${v.detail})` : v.message;
}

/** The message, the matched text and the standard wording, on one line. */
export function describeViolation(v: Violation): string {
  return `${messageWithDetail(v)}  ${foundText(v)}${v.suggestion ? `  → 规范用语: ${v.suggestion}` : ""}`;
}

/** The file, and the transcript's id when it has one: a JSONL file holds many transcripts. */
export function subject(result: FileResult): string {
  return result.id === undefined ? result.file : `${result.file}#${result.id}`;
}

/**
 * `✖ 5 个问题(4 个错误,1 个警告,0 个提示),检查了 2 个文件` (with the number of calls when
 * files hold more than one each), or the all-clear — never when
 * inputs failed, nor when a call is 不合格 though none of its violations is listed (a baseline
 * knew them) — then how many known violations a baseline left out.
 */
export function summaryLine({
  errors,
  warnings,
  infos,
  total,
  files: fileCount,
  calls,
  baselined,
  failedInputs,
  failedCalls,
}: RunSummary): string {
  // A file of many calls (JSON Lines, an SCA upload) says how many: 检查了 1 个文件(36,810 通通话).
  const files = `检查了 ${fileCount} 个文件${calls > fileCount ? `(${calls.toLocaleString("en-US")} 通通话)` : ""}`;
  const failed = `${failedInputs} 个输入无法检查(见错误输出)`;
  const known = baselined > 0 ? `;基线中的 ${baselined} 个已知问题未列出` : "";
  if (total > 0) {
    return `✖ ${total} 个问题(${errors} 个错误,${warnings} 个警告,${infos} 个提示),${files}${failedInputs > 0 ? `;${failed}` : ""}${known}`;
  }
  if (failedInputs > 0) return `✖ ${failed};${fileCount > 0 ? `${files},其中未发现问题` : "没有检查任何文件"}${known}`;
  if (failedCalls > 0) return `⚠ 没有列出的问题,但 ${failedCalls} 通不合格,${files}${known}`;
  return `✔ 未发现问题,${files}${known}`;
}
