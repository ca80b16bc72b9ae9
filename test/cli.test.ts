import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { huashu } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";

const RULES = "fixtures/rules/basic.yaml";
const BAD = "fixtures/examples/bad-call.txt";
const GOOD = "fixtures/examples/good-call.txt";

describe("huashu lint (built CLI)", () => {
  it("prints file:line:col, severity, rule, message, matched text and standard wording; exits 1 on errors", () => {
    const run = huashu(["lint", BAD, "--rules", RULES]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("fixtures/examples/bad-call.txt:3:5  错误  taboo.dont-know  不能对客户说“不知道”");
    expect(run.stdout).toContain("原文: “不知道”  → 规范用语: 很抱歉,请您稍等一下,我帮您核实。");
    // A script is a fragment: its forbidden phrases, no missing greeting or goodbye.
    expect(run.stdout).toMatch(/✖ 3 个问题\(3 个错误,0 个警告,0 个提示\),检查了 1 个文件/);
    expect(run.stderr).toBe("");
  });

  it("shows the score of each file and the rules it could not judge", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-cli-"));
    const rules = join(dir, "rules.yaml");
    writeFileSync(
      rules,
      "rules:\n  - { id: flow.silence, type: silence, maxSeconds: 10, message: 静音过长 }\n  - { id: taboo.wei, type: forbidden, phrases: [喂], message: m }\n",
    );
    // A transcript without times gets a notice; a script never has times, so it gets none.
    const call = join(dir, "call.json");
    writeFileSync(call, JSON.stringify({ turns: [{ speaker: "agent", text: "喂,您好" }] }));
    const run = huashu(["lint", call, BAD, GOOD, "-r", rules]);
    expect(run.stdout).toContain(`${call}  未检查  flow.silence  通话记录缺少时间戳(start/end),无法判断此规则`);
    expect(run.stdout).toContain(`${call}  得分 90,合格`);
    expect(run.stdout).not.toContain(`${BAD}  未检查`);
    expect(run.stdout).toContain(`${GOOD}  得分 100,合格`);
    const json = jsonResults(huashu(["lint", call, "-r", rules, "--format", "json"]).stdout);
    expect(json[0]).toMatchObject({
      score: 90,
      passed: true,
      deductions: [{ ruleId: "taboo.wei", violations: 1, points: 10, autoFail: false }],
      notices: [{ ruleId: "flow.silence", message: expect.stringContaining("缺少时间戳") }],
    });
  });

  it("exits 0 on a clean script", () => {
    const run = huashu(["lint", GOOD, "-r", RULES]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("未发现问题");
  });

  it("exits 0 when only warnings are found", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-cli-"));
    const script = join(dir, "warn.txt");
    writeFileSync(script, "您好\n这个真没办法\n再见\n");
    const run = huashu(["lint", script, "-r", RULES]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("警告  courtesy.no-way");
  });

  it("writes { results: [{ file, violations }] } with --format json", () => {
    const run = huashu(["lint", BAD, GOOD, "-r", RULES, "--format", "json"]);
    const results = jsonResults(run.stdout);
    expect(results.map((r) => r.file)).toEqual([BAD, GOOD]);
    expect(results[0]!.violations).toContainEqual(
      expect.objectContaining({
        ruleId: "taboo.wei",
        line: 1,
        column: 4,
        endColumn: 5,
        text: "喂",
        suggestion: expect.any(String),
      }),
    );
    expect(results[1]!.violations).toEqual([]);
  });

  it("exits 2 naming file:line:col when the rule file is invalid", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-cli-"));
    const rules = join(dir, "rules.yaml");
    writeFileSync(rules, "rules:\n  - id: a\n    type: forbidden\n    phrases: []\n    message: m\n");
    const run = huashu(["lint", GOOD, "-r", rules]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${rules}:4:14 rules[0].phrases: 短语列表不能为空`);
    expect(run.stdout).toBe("");
  });

  it("goes on past an unreadable file, reports the others and exits 2", () => {
    const run = huashu(["lint", "missing.txt", BAD, "-r", RULES, "--format", "json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^missing\.txt 无法检查: 文件或文件夹不存在$/m);
    expect(jsonResults(run.stdout)).toHaveLength(1);
  });

  it.each([
    [["lint", GOOD, "-r", RULES, "--format", "xml"], "未知的输出格式 “xml”"],
    [["lint", GOOD, "-r", RULES, "--bogus"], "bogus"],
    [["frobnicate"], "未知命令 “frobnicate”"],
  ])("exits 2 on bad usage: %j", (args, message) => {
    const run = huashu(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("prints help and version", () => {
    expect(huashu(["--help"])).toMatchObject({ code: 0, stdout: expect.stringContaining("huashu <命令>") });
    expect(huashu(["lint", "--help"])).toMatchObject({ code: 0, stdout: expect.stringContaining("--rules") });
    expect(huashu(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
