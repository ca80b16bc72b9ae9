import type { Violation } from "../engine/violation.js";
import type { Reporter } from "./types.js";

const SEVERITY_LABEL: Record<Violation["severity"], string> = { error: "错误", warning: "警告", info: "提示" };
const MAX_QUOTE = 40;

/** Quotes matched text on one line; a long window of a required phrase is shortened. */
function quote(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, " / ");
  return `“${oneLine.length > MAX_QUOTE ? `${oneLine.slice(0, MAX_QUOTE)}…` : oneLine}”`;
}

/**
 * For people at a terminal: one block per violation with `file:line:column` (clickable in
 * editors), severity, rule id and message, then the matched text and the standard wording.
 */
export const stylish: Reporter = (results) => {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const result of results) {
    errors += result.errorCount;
    warnings += result.warningCount;
    infos += result.infoCount;
    for (const v of result.violations) {
      lines.push(`${result.file}:${v.line}:${v.column}  ${SEVERITY_LABEL[v.severity]}  ${v.ruleId}  ${v.message}`);
      const found = v.type === "required" ? `检查范围: ${quote(v.text)}` : `原文: ${quote(v.text)}`;
      lines.push(`    ${found}${v.suggestion ? `  → 规范用语: ${v.suggestion}` : ""}`);
    }
  }
  const total = errors + warnings + infos;
  // A JSONL file gives one result per transcript; count files, not results.
  const files = `检查了 ${new Set(results.map((result) => result.file)).size} 个文件`;
  if (total === 0) return `${lines.join("\n")}✔ 未发现问题,${files}\n`;
  lines.push("", `✖ ${total} 个问题(${errors} 个错误,${warnings} 个警告,${infos} 个提示),${files}`);
  return `${lines.join("\n")}\n`;
};
