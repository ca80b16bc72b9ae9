import type { Reporter } from "./types.js";
import { describeViolation } from "./text.js";
import { xml, XML_DECLARATION } from "./xml.js";

/** Checkstyle XML, read by Jenkins (Warnings NG), reviewdog and most CI servers. */
export const checkstyle: Reporter = (results) => {
  const lines = [XML_DECLARATION, '<checkstyle version="4.3">'];
  for (const result of results) {
    lines.push(`  <file name="${xml(result.file)}">`);
    for (const v of result.violations) {
      lines.push(
        `    <error line="${v.line}" column="${v.column}" severity="${v.severity}" message="${xml(describeViolation(v))}" source="huashu.${xml(v.ruleId)}"/>`,
      );
    }
    lines.push("  </file>");
  }
  lines.push("</checkstyle>");
  return `${lines.join("\n")}\n`;
};
