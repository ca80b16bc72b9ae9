import type { Violation } from "../engine/violation.js";
import { batchReporter, type StreamingReporter } from "./stream.js";
import { describeViolation, subject } from "./text.js";
import { xml, XML_DECLARATION } from "./xml.js";

/**
 * {@link junit}, streamed: a test suite per result. The `<testsuites>` header carries the run's
 * totals, so its `start()` comes after the results.
 */
export const junitStream: StreamingReporter = (options = {}) => {
  const ruleIds = (options.rules ?? []).map((rule) => rule.id);
  let tests = 0;
  let failures = 0;
  return {
    startNeedsResults: true,
    start: () => `${XML_DECLARATION}\n<testsuites name="huashu" tests="${tests}" failures="${failures}" errors="0">\n`,
    result: (result) => {
      const byRule = new Map<string, Violation[]>(ruleIds.map((id) => [id, []]));
      for (const v of result.violations) {
        const list = byRule.get(v.ruleId);
        if (list) list.push(v);
        else byRule.set(v.ruleId, [v]);
      }
      const failed = [...byRule.values()].filter((list) => list.length > 0).length;
      tests += byRule.size;
      failures += failed;
      const name = xml(subject(result));
      const lines = [`  <testsuite name="${name}" tests="${byRule.size}" failures="${failed}" errors="0" skipped="0">`];
      for (const [ruleId, violations] of byRule) {
        const open = `    <testcase name="${xml(ruleId)}" classname="${name}"`;
        if (violations.length === 0) {
          lines.push(`${open}/>`);
          continue;
        }
        const first = violations[0]!;
        const details = violations
          .map((v) => `${result.file}:${v.line}:${v.column} ${describeViolation(v)}`)
          .join("\n");
        lines.push(
          `${open}>`,
          `      <failure message="${xml(first.message)}" type="${first.severity}">${xml(details)}</failure>`,
          "    </testcase>",
        );
      }
      lines.push("  </testsuite>");
      return `${lines.join("\n")}\n`;
    },
    end: () => "</testsuites>\n",
  };
};

/**
 * JUnit XML: one test suite per file, one test case per rule (every rule of the run when
 * known, so clean rules show as passed), failing with all of that rule's violations.
 */
export const junit = batchReporter(junitStream);
