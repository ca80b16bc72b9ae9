import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { huashu } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";

/** A folder with a script, rules whose ids are Object.prototype member names, and a config. */
function project(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-proto-"));
  writeFileSync(join(dir, "call.txt"), "坐席:喂,说话呀!\n坐席:我不知道。\n");
  writeFileSync(
    join(dir, "rules.yaml"),
    [
      "rules:",
      "  - { id: constructor, type: forbidden, phrases: [喂], message: 不说喂, severity: error }",
      "  - { id: toString, type: forbidden, phrases: [不知道], message: 不说不知道, severity: error }",
      "  - { id: hasOwnProperty, type: forbidden, phrases: [说话呀], message: 不催促, severity: info }",
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "huashu.config.yaml"), `rules: [rules.yaml]\n${config}`);
  return dir;
}

interface JsonResult {
  violations: Array<{ ruleId: string; severity: string }>;
  score: number;
}

function lintJson(dir: string): { code: number | null; result: JsonResult } {
  const run = huashu(["lint", "call.txt", "--format", "json"], { cwd: dir });
  return { code: run.code, result: jsonResults<JsonResult>(run.stdout)[0]! };
}

describe("rule ids named like Object.prototype members", () => {
  it("keep their own severity when the config overrides none of them", () => {
    const { code, result } = lintJson(project(""));
    expect(code).toBe(1);
    expect(result.violations.map((v) => [v.ruleId, v.severity]).sort()).toEqual([
      ["constructor", "error"],
      ["hasOwnProperty", "info"],
      ["toString", "error"],
    ]);
    expect(result.score).toBe(80);
  });

  it("take the config's severity overrides, `off` included, in score and exit code", () => {
    const { code, result } = lintJson(
      project("severity:\n  constructor: info\n  toString: 'off'\n  hasOwnProperty: warning\n"),
    );
    expect(code).toBe(0);
    expect(result.violations.map((v) => [v.ruleId, v.severity]).sort()).toEqual([
      ["constructor", "info"],
      ["hasOwnProperty", "warning"],
    ]);
    expect(result.score).toBe(97);
  });

  it("an override naming `__proto__` is reported as an unknown rule, not ignored", () => {
    const run = huashu(["lint", "call.txt"], { cwd: project("severity:\n  __proto__: warning\n") });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("没有 id 为 “__proto__” 的规则");
  });
});

describe("commands named like Object.prototype members", () => {
  it.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"])(
    "huashu %s is an unknown command (exit 2)",
    (command) => {
      const run = huashu([command]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`未知命令 “${command}”`);
      expect(run.stderr).not.toContain("内部错误");
    },
  );
});
