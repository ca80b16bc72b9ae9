import { describe, expect, it } from "vitest";
import { lintSync, parseScript } from "../src/index.js";
import { applyDirectives, findDirectives, maskDirectives, type DirectiveOptions } from "../src/suppress/directives.js";
import { fixtureRules } from "./helpers/rules.js";

const rules = fixtureRules("basic.yaml");
const QUIET: DirectiveOptions = {
  requireReason: false,
  reportUnused: "off",
  knownRuleIds: rules.rules.map((rule) => rule.id),
};

/** Lints a script the way the CLI does: comments found, blanked, then applied. */
function lintWithComments(text: string, syntax: "hash" | "html", options = QUIET) {
  const directives = findDirectives(text, syntax);
  // A whole call, so that comments also silence the rules that judge one (a missing greeting).
  const { violations } = lintSync({ ...parseScript(maskDirectives(text, directives)), wholeCall: true }, { rules });
  return applyDirectives(violations, directives, options);
}

const ids = (violations: Array<{ ruleId: string; line: number }>) => violations.map((v) => `${v.line} ${v.ruleId}`);

describe("suppression comments", () => {
  it("parses kind, rule ids (comma or space separated) and the reason after ' -- '", () => {
    expect(findDirectives("# huashu-disable-next-line taboo.wei, flow.greeting -- 反例\n坐席:喂", "hash")).toEqual([
      {
        kind: "disable-next-line",
        ruleIds: ["taboo.wei", "flow.greeting"],
        reason: "反例",
        line: 1,
        column: 1,
        endColumn: 58,
        text: "# huashu-disable-next-line taboo.wei, flow.greeting -- 反例",
      },
    ]);
    expect(findDirectives("  <!-- huashu-disable taboo.wei taboo.dont-know -->", "html")).toMatchObject([
      { kind: "disable", ruleIds: ["taboo.wei", "taboo.dont-know"], column: 3 },
    ]);
    expect(findDirectives("<!-- huashu-enable -->", "html")).toMatchObject([{ kind: "enable", ruleIds: [] }]);
  });

  it("ignores look-alikes: other syntaxes, trailing text, unknown kinds", () => {
    expect(findDirectives("<!-- huashu-disable -->", "hash")).toEqual([]);
    expect(findDirectives("# huashu-disable", "html")).toEqual([]);
    expect(findDirectives("坐席:喂 # huashu-disable-next-line", "hash")).toEqual([]);
    expect(findDirectives("# huashu-disabled", "hash")).toEqual([]);
    expect(findDirectives("<!-- huashu-disable --> 坐席:喂", "html")).toEqual([]);
  });

  it("blanks comments with spaces so the rest keeps its lines and columns and reasons are not linted", () => {
    const text = "# huashu-disable -- 客户说“不知道”\r\n坐席:您好\n";
    const masked = maskDirectives(text, findDirectives(text, "hash"));
    expect(masked).toBe(`${" ".repeat("# huashu-disable -- 客户说“不知道”".length)}\r\n坐席:您好\n`);
  });

  it("finds a comment on the first line after a byte-order mark, and keeps the mark", () => {
    const text = "\uFEFF# huashu-disable-next-line -- 反例\n坐席:喂,再见";
    const directives = findDirectives(text, "hash");
    expect(directives).toMatchObject([{ line: 1, column: 1 }]);
    expect(maskDirectives(text, directives)).toBe(`\uFEFF${" ".repeat(32)}\n坐席:喂,再见`);
    expect(lintWithComments(text, "hash").violations).toEqual([]);
  });

  it("disable-next-line silences the named rule on the next line only", () => {
    const text = "坐席:您好\n# huashu-disable-next-line taboo.wei -- 反例\n坐席:喂,我不知道\n坐席:喂\n坐席:再见";
    expect(ids(lintWithComments(text, "hash").violations)).toEqual(["3 taboo.dont-know", "4 taboo.wei"]);
  });

  it("a bare disable silences every rule until enable; enable RULE ends only blocks naming it", () => {
    const text = [
      "<!-- huashu-disable -->",
      "坐席:喂",
      "<!-- huashu-enable -->",
      "坐席:喂",
      "<!-- huashu-disable taboo.wei taboo.dont-know -->",
      "坐席:喂,不知道",
      "<!-- huashu-enable taboo.wei -->",
      "坐席:喂,不知道",
      "坐席:再见",
    ].join("\n");
    const { violations, suppressed } = lintWithComments(text, "html");
    // The first line's greeting window is silenced too (a required rule is reported at its first turn).
    expect(ids(violations)).toEqual(["4 taboo.wei", "8 taboo.wei"]);
    expect(suppressed).toBe(5);
  });

  it("reports comments that silence nothing, per named rule, at the configured severity", () => {
    const text =
      "坐席:您好\n# huashu-disable-next-line taboo.wei, taboo.dont-know -- 反例\n坐席:喂\n# huashu-disable\n坐席:再见";
    const { violations } = lintWithComments(text, "hash", { ...QUIET, reportUnused: "warning" });
    expect(violations.map((v) => [v.line, v.ruleId, v.severity, v.message])).toEqual([
      [2, "huashu/unused-disable", "warning", "规则 “taboo.dont-know” 在此没有问题,huashu-disable 注释中的它可以删除"],
      [4, "huashu/unused-disable", "warning", "huashu-disable 注释没有屏蔽任何问题,可以删除"],
    ]);
  });

  it("requires a reason when configured, still silencing the violation", () => {
    const text = "坐席:您好\n# huashu-disable-next-line taboo.wei\n坐席:喂,再见";
    const { violations } = lintWithComments(text, "hash", { ...QUIET, requireReason: true });
    expect(violations).toMatchObject([
      { ruleId: "huashu/disable-reason", type: "directive", severity: "error", line: 2, column: 1, endColumn: 37 },
    ]);
    expect(lintWithComments(text, "hash", QUIET).violations).toEqual([]);
  });

  it("reports a rule id no rule has as an error, in every kind of comment, even with unused reports off", () => {
    const text =
      "坐席:您好\n# huashu-disable-next-line taboo.wie, taboo.wei -- 反例\n坐席:喂\n# huashu-enable flow.closin\n坐席:再见";
    const { violations } = lintWithComments(text, "hash", { ...QUIET, reportUnused: "warning" });
    expect(violations.map((v) => [v.line, v.ruleId, v.type, v.severity])).toEqual([
      [2, "huashu/unknown-rule", "directive", "error"],
      [4, "huashu/unknown-rule", "directive", "error"],
    ]);
    expect(violations[0]!.message).toContain("“taboo.wie”");
    // The known id still silences its violation.
    expect(ids(lintWithComments(text, "hash").violations)).toEqual(["2 huashu/unknown-rule", "4 huashu/unknown-rule"]);
  });
});
