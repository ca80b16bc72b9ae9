import type { Violation } from "../engine/violation.js";
import { batchReporter, type StreamingReporter } from "./stream.js";
import { foundText, messageWithDetail, SEVERITY_LABEL, subject, summaryLine } from "./text.js";
import type { FileResult } from "./types.js";

const SEVERITY_COLOUR: Record<Violation["severity"], number> = { error: 31, warning: 33, info: 36 };

/** `得分 70,不合格(一票否决: …)` */
function scoreLine(result: FileResult): string {
  const vetoes = result.deductions.filter((deduction) => deduction.autoFail).map((deduction) => deduction.ruleId);
  const verdict = result.passed ? "合格" : vetoes.length > 0 ? `不合格(一票否决: ${vetoes.join("、")})` : "不合格";
  return `${subject(result)}  得分 ${result.score},${verdict}`;
}

/** {@link stylish}, streamed: a result's lines as it comes, the summary at the end. */
export const stylishStream: StreamingReporter = (options = {}) => {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  let results = 0;
  return {
    start: () => "",
    result: (result) => {
      results++;
      const lines: string[] = [];
      for (const v of result.violations) {
        const severity = paint(SEVERITY_COLOUR[v.severity], SEVERITY_LABEL[v.severity]);
        lines.push(
          `${paint(1, `${result.file}:${v.line}:${v.column}`)}  ${severity}  ${paint(2, v.ruleId)}  ${messageWithDetail(v)}`,
        );
        lines.push(`    ${foundText(v)}${v.suggestion ? `  → 规范用语: ${paint(32, v.suggestion)}` : ""}`);
      }
      for (const notice of result.notices)
        lines.push(`${subject(result)}  未检查  ${notice.ruleId}  ${notice.message}`);
      lines.push(scoreLine(result));
      return `${lines.join("\n")}\n`;
    },
    end: (summary) => {
      const colour =
        summary.errors > 0 || summary.failedInputs > 0 ? 31 : summary.warnings > 0 || summary.failedCalls > 0 ? 33 : 32;
      // A blank line parts the problems from the summary; with no results at all, one comes first.
      return `${results === 0 ? "\n" : ""}${summary.total > 0 ? "\n" : ""}${paint(colour, summaryLine(summary))}\n`;
    },
  };
};

/**
 * For people at a terminal: one block per violation with `file:line:column` (clickable in
 * editors), severity, rule id and message, then the matched text and the standard wording;
 * per file, the rules that could not be judged and the score. Colours only when asked (the
 * CLI asks on a terminal without NO_COLOR).
 */
export const stylish = batchReporter(stylishStream);
