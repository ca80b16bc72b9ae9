import { messageWithDetail, quote, SEVERITY_LABEL, summaryLine } from "./text.js";
import { summarise } from "./stream.js";
import type { Reporter } from "./types.js";

/** Rows past this are counted, not listed: a pull-request comment has a size limit. */
const MAX_ROWS = 200;

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " / ").replace(/\|/g, "\\|");
}

/** A pull-request comment: the summary, then a table of violations with the standard wording. */
export const markdown: Reporter = (results, options = {}) => {
  const lines = ["## huashu 话术检查", "", summaryLine(summarise(results, options.failedInputs))];
  const violations = results.flatMap((result) => result.violations.map((v) => ({ file: result.file, v })));
  if (violations.length > 0) {
    lines.push("", "| 位置 | 级别 | 规则 | 问题 | 原文 | 规范用语 |", "| --- | --- | --- | --- | --- | --- |");
    for (const { file, v } of violations.slice(0, MAX_ROWS)) {
      lines.push(
        `| ${cell(`${file}:${v.line}:${v.column}`)} | ${SEVERITY_LABEL[v.severity]} | \`${v.ruleId}\` | ${cell(messageWithDetail(v))} | ${cell(quote(v.text))} | ${cell(v.suggestion ?? "")} |`,
      );
    }
    if (violations.length > MAX_ROWS) lines.push("", `另有 ${violations.length - MAX_ROWS} 个问题未列出。`);
  }
  return `${lines.join("\n")}\n`;
};
