import { batchReporter, type StreamingReporter } from "./stream.js";
import { describeViolation } from "./text.js";
import { xml, XML_DECLARATION } from "./xml.js";

/** {@link checkstyle}, streamed: a `<file>` element per result. */
export const checkstyleStream: StreamingReporter = () => ({
  start: () => `${XML_DECLARATION}\n<checkstyle version="4.3">\n`,
  result: (result) => {
    const lines = [`  <file name="${xml(result.file)}">`];
    for (const v of result.violations) {
      lines.push(
        `    <error line="${v.line}" column="${v.column}" severity="${v.severity}" message="${xml(describeViolation(v))}" source="huashu.${xml(v.ruleId)}"/>`,
      );
    }
    lines.push("  </file>");
    return `${lines.join("\n")}\n`;
  },
  end: () => "</checkstyle>\n",
});

/** Checkstyle XML, read by Jenkins (Warnings NG), reviewdog and most CI servers. */
export const checkstyle = batchReporter(checkstyleStream);
