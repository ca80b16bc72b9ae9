import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintSync, parseRules } from "../src/index.js";
import { problems } from "./helpers/rules.js";
import { jsonResults } from "./helpers/results.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
/** Generous: each run takes well under a second; a backtracking engine needs minutes or more. */
const TIME_LIMIT_MS = 60_000;

const ruleFile = (regex: string) =>
  `rules:\n  - id: r\n    type: condition\n    message: m\n    mustNot: { regex: '${regex}' }\n`;

/** The patterns an attack used to hang lint, stream and worker, and text that makes a backtracking engine explode. */
const PATHOLOGICAL: ReadonlyArray<readonly [string, string]> = [
  ["(a|a)*b", "a".repeat(40)],
  ["a*a*a*a*a*a*b", "a".repeat(3000)],
  ["(\\w|\\d)+$", `${"1".repeat(5000)}好`],
  ["(a+)+$", `${"a".repeat(50)}好`],
];

describe("rule regexes run on RE2: linear time, whatever the pattern", () => {
  it.each(PATHOLOGICAL)("huashu lint with %s finishes in time and reports nothing false", (regex, text) => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-re2-"));
    writeFileSync(join(dir, "rules.yaml"), ruleFile(regex));
    writeFileSync(join(dir, "call.txt"), `坐席:${text}\n`);
    const run = spawnSync(process.execPath, [CLI, "lint", "call.txt", "-r", "rules.yaml", "--format", "json"], {
      cwd: dir,
      encoding: "utf8",
      timeout: TIME_LIMIT_MS,
    });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(jsonResults(run.stdout)[0]!.violations).toEqual([]);
  });

  it.each(PATHOLOGICAL)("huashu stream with %s answers the call in time", (regex, text) => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-re2-"));
    writeFileSync(join(dir, "rules.yaml"), ruleFile(regex));
    const input = `${JSON.stringify({ callId: "c", speaker: "agent", text })}\n${JSON.stringify({ callId: "c", end: true })}\n`;
    const run = spawnSync(process.execPath, [CLI, "stream", "-r", "rules.yaml"], {
      cwd: dir,
      encoding: "utf8",
      input,
      timeout: TIME_LIMIT_MS,
    });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"final":true');
  });

  it("still finds what the patterns match", () => {
    const rules = parseRules(ruleFile("(a|a)*b"));
    expect(lintSync(`坐席:${"a".repeat(40)}b`, { rules }).violations).toMatchObject([{ column: 4, endColumn: 45 }]);
  });

  it("reports spans in UTF-16 offsets on text with characters outside the BMP", () => {
    const rules = parseRules(ruleFile("[0-9]{4}"));
    const result = lintSync("坐席:𠮷😀您的尾号1234,𠮷好5678", { rules });
    expect(result.violations.map((v) => [v.text, v.column, v.endColumn])).toEqual([
      ["1234", 12, 16],
      ["5678", 20, 24],
    ]);
  });

  it("understands the JavaScript spellings \\uXXXX, \\u{…} and \\p{Script=Han}", () => {
    for (const regex of ["\\u4e0d\\u77e5\\u9053", "\\u{4e0d}知道", "\\p{Script=Han}知道"]) {
      const result = lintSync("坐席:我不知道", { rules: parseRules(ruleFile(regex)) });
      expect(result.violations.map((v) => v.text)).toEqual(["不知道"]);
    }
  });

  it.each([
    ["(a)\\1", "不支持反向引用"],
    ["(?<x>a)\\k<x>", "不支持反向引用"],
    ["您(?=好)", "不支持环视"],
    ["(?<!不)满意", "不支持环视"],
    ["您(?!好)", "不支持环视"],
    ["(a", "正则表达式无效"],
  ])("refuses %s at load, at the pattern's line and column, in Chinese", (regex, message) => {
    const [problem, ...rest] = problems(ruleFile(regex));
    expect(rest).toEqual([]);
    expect(problem).toMatch(new RegExp(`^5:23 rules\\[0\\]\\.mustNot\\.regex: ${message}`));
  });
});
