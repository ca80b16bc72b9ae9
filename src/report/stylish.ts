import type { Violation } from "../engine/violation.js";
import type { FileResult, Reporter } from "./types.js";

const SEVERITY_LABEL: Record<Violation["severity"], string> = { error: "错误", warning: "警告", info: "提示" };
const MAX_QUOTE = 40;
/** Rule types whose violations quote the turns examined rather than a matched phrase. */
const QUOTES_TURNS = new Set<Violation["type"]>(["required", "response", "silence", "interruption", "speech-rate", "first-response", "call-duration"]);

/** Quotes matched text on one line; a long window of a required phrase is shortened. */
function quote(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, " / ");
  return `“${oneLine.length > MAX_QUOTE ? `${oneLine.slice(0, MAX_QUOTE)}…` : oneLine}”`;
}

/** The file, and the transcript's id when it has one: a JSONL file holds many transcripts. */
function subject(result: FileResult): string {
  return result.id === undefined ? result.file : `${result.file}#${result.id}`;
}

/** `得分 70,不合格(一票否决: …)` */
function scoreLine(result: FileResult): string {
  const vetoes = result.deductions.filter((deduction) => deduction.autoFail).map((deduction) => deduction.ruleId);
  const verdict = result.passed ? "合格" : vetoes.length > 0 ? `不合格(一票否决: ${vetoes.join("、")})` : "不合格";
  return `${subject(result)}  得分 ${result.score},${verdict}`;
}

/**
 * For people at a terminal: one block per violation with `file:line:column` (clickable in
 * editors), severity, rule id and message, then the matched text and the standard wording;
 * per file, the rules that could not be judged and the score.
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
      const detail = v.detail ? `(${v.detail})` : "";
      lines.push(`${result.file}:${v.line}:${v.column}  ${SEVERITY_LABEL[v.severity]}  ${v.ruleId}  ${v.message}${detail}`);
      const found = QUOTES_TURNS.has(v.type) ? `检查范围: ${quote(v.text)}` : `原文: ${quote(v.text)}`;
      lines.push(`    ${found}${v.suggestion ? `  → 规范用语: ${v.suggestion}` : ""}`);
    }
    for (const notice of result.notices) lines.push(`${subject(result)}  未检查  ${notice.ruleId}  ${notice.message}`);
    lines.push(scoreLine(result));
  }
  const total = errors + warnings + infos;
  // A JSONL file gives one result per transcript; count files, not results.
  const files = `检查了 ${new Set(results.map((result) => result.file)).size} 个文件`;
  if (total === 0) return `${lines.join("\n")}\n✔ 未发现问题,${files}\n`;
  lines.push("", `✖ ${total} 个问题(${errors} 个错误,${warnings} 个警告,${infos} 个提示),${files}`);
  return `${lines.join("\n")}\n`;
};
