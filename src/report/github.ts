import type { Violation } from "../engine/violation.js";
import { batchReporter, type StreamingReporter } from "./stream.js";
import { describeViolation } from "./text.js";

const COMMAND: Record<Violation["severity"], string> = { error: "error", warning: "warning", info: "notice" };

/** Escapes a workflow command's message. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value, where `:` and `,` are separators too. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** {@link github}, streamed: a result's commands as it comes. */
export const githubStream: StreamingReporter = () => ({
  start: () => "",
  result: (result) =>
    result.violations
      .map((v) => {
        const properties = [
          `file=${escapeProperty(result.file)}`,
          `line=${v.line}`,
          `col=${v.column}`,
          `endLine=${v.endLine}`,
          `endColumn=${v.endColumn}`,
          `title=${escapeProperty(`huashu ${v.ruleId}`)}`,
        ];
        return `::${COMMAND[v.severity]} ${properties.join(",")}::${escapeData(describeViolation(v))}\n`;
      })
      .join(""),
  end: () => "",
});

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::…`
 * (`::warning` for warnings, `::notice` for info), shown as annotations on the pull request.
 */
export const github = batchReporter(githubStream);
