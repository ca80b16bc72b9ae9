import type { Violation } from "../engine/violation.js";
import { foundText, messageWithDetail, SEVERITY_LABEL, subject, summaryLine, totals } from "./text.js";
import type { FileResult, Reporter } from "./types.js";

const SEVERITY_COLOUR: Record<Violation["severity"], number> = { error: 31, warning: 33, info: 36 };

/** `得分 70,不合格(一票否决: …)` */
function scoreLine(result: FileResult): string {
  const vetoes = result.deductions.filter((deduction) => deduction.autoFail).map((deduction) => deduction.ruleId);
  const verdict = result.passed ? "合格" : vetoes.length > 0 ? `不合格(一票否决: ${vetoes.join("、")})` : "不合格";
  return `${subject(result)}  得分 ${result.score},${verdict}`;
}

/**
 * For people at a terminal: one block per violation with `file:line:column` (clickable in
 * editors), severity, rule id and message, then the matched text and the standard wording;
 * per file, the rules that could not be judged and the score. Colours only when asked (the
 * CLI asks on a terminal without NO_COLOR).
 */
export const stylish: Reporter = (results, options = {}) => {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const result of results) {
    for (const v of result.violations) {
      const severity = paint(SEVERITY_COLOUR[v.severity], SEVERITY_LABEL[v.severity]);
      lines.push(
        `${paint(1, `${result.file}:${v.line}:${v.column}`)}  ${severity}  ${paint(2, v.ruleId)}  ${messageWithDetail(v)}`,
      );
      lines.push(`    ${foundText(v)}${v.suggestion ? `  → 规范用语: ${paint(32, v.suggestion)}` : ""}`);
    }
    for (const notice of result.notices) lines.push(`${subject(result)}  未检查  ${notice.ruleId}  ${notice.message}`);
    lines.push(scoreLine(result));
  }
  const { errors, warnings, total } = totals(results);
  const failed = options.failedInputs ?? 0;
  const summary = paint(errors > 0 || failed > 0 ? 31 : warnings > 0 ? 33 : 32, summaryLine(results, failed));
  return total === 0 ? `${lines.join("\n")}\n${summary}\n` : `${lines.join("\n")}\n\n${summary}\n`;
};
