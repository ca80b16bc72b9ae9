import type { Violation } from "../engine/violation.js";
import { foundText, SEVERITY_LABEL, summaryLine, totals } from "./text.js";
import type { Reporter } from "./types.js";

const SEVERITY_COLOUR: Record<Violation["severity"], number> = { error: 31, warning: 33, info: 36 };

/**
 * For people at a terminal: one block per violation with `file:line:column` (clickable in
 * editors), severity, rule id and message, then the matched text and the standard wording.
 * Colours only when asked (the CLI asks on a TTY without NO_COLOR).
 */
export const stylish: Reporter = (results, options = {}) => {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const result of results) {
    for (const v of result.violations) {
      const severity = paint(SEVERITY_COLOUR[v.severity], SEVERITY_LABEL[v.severity]);
      lines.push(`${paint(1, `${result.file}:${v.line}:${v.column}`)}  ${severity}  ${paint(2, v.ruleId)}  ${v.message}`);
      lines.push(`    ${foundText(v)}${v.suggestion ? `  → 规范用语: ${paint(32, v.suggestion)}` : ""}`);
    }
  }
  const { errors, warnings } = totals(results);
  const summary = paint(errors > 0 ? 31 : warnings > 0 ? 33 : 32, summaryLine(results));
  return lines.length === 0 ? `${summary}\n` : `${lines.join("\n")}\n\n${summary}\n`;
};
