import type { Violation } from "../engine/violation.js";
import { describeViolation, subject } from "./text.js";
import type { Reporter } from "./types.js";
import { xml, XML_DECLARATION } from "./xml.js";

/**
 * JUnit XML: one test suite per file, one test case per rule (every rule of the run when
 * known, so clean rules show as passed), failing with all of that rule's violations.
 */
export const junit: Reporter = (results, options = {}) => {
  const ruleIds = (options.rules ?? []).map((rule) => rule.id);
  const suites: string[] = [];
  let tests = 0;
  for (const result of results) {
    const byRule = new Map<string, Violation[]>(ruleIds.map((id) => [id, []]));
    for (const v of result.violations) {
      const list = byRule.get(v.ruleId);
      if (list) list.push(v);
      else byRule.set(v.ruleId, [v]);
    }
    const failures = [...byRule.values()].filter((list) => list.length > 0).length;
    tests += byRule.size;
    const name = xml(subject(result));
    suites.push(`  <testsuite name="${name}" tests="${byRule.size}" failures="${failures}" errors="0" skipped="0">`);
    for (const [ruleId, violations] of byRule) {
      const open = `    <testcase name="${xml(ruleId)}" classname="${name}"`;
      if (violations.length === 0) {
        suites.push(`${open}/>`);
        continue;
      }
      const first = violations[0]!;
      const details = violations.map((v) => `${result.file}:${v.line}:${v.column} ${describeViolation(v)}`).join("\n");
      suites.push(
        `${open}>`,
        `      <failure message="${xml(first.message)}" type="${first.severity}">${xml(details)}</failure>`,
        "    </testcase>",
      );
    }
    suites.push("  </testsuite>");
  }
  const failures = results.reduce((sum, result) => sum + new Set(result.violations.map((v) => v.ruleId)).size, 0);
  const header = `<testsuites name="huashu" tests="${tests}" failures="${failures}" errors="0">`;
  return `${[XML_DECLARATION, header, ...suites, "</testsuites>"].join("\n")}\n`;
};
