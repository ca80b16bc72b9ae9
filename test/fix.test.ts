import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HuashuError, lintSync, parseRules, parseScript } from "../src/index.js";
import { applyFixes, fixDiff } from "../src/fix/fix.js";
import { huashu } from "./helpers/cli.js";

const rules = parseRules(`rules:
  - { id: wei, type: forbidden, phrases: [喂], message: m, replacement: 您好 }
  - { id: dk, type: forbidden, phrases: [不知道, 我不清楚], message: m, replacement: 需要核实 }
  - { id: noway, type: forbidden, phrases: [没办法], message: m }
  - { id: hi, type: required, phrases: [您好], within: { first: 1 }, message: m }
`);

function fix(text: string) {
  return applyFixes(text, lintSync(parseScript(text), { rules }).violations);
}

describe("fix", () => {
  it("replaces every matched phrase that has a replacement, keeping prefixes, other text and line breaks", () => {
    const text = "坐席：喂,喂,我 不 知 道\r\n客户:喂\r\n坐席:没办法,我不清楚\r\n";
    // 喂,喂 is one stretch and so one violation, whose fix replaces both hits and keeps the comma.
    expect(fix(text)).toEqual({ text: "坐席：您好,您好,我 需要核实\r\n客户:喂\r\n坐席:没办法,需要核实\r\n", fixed: 3 });
  });

  it("does not count a byte-order mark as part of line 1", () => {
    expect(fix("\uFEFF坐席:喂\n").text).toBe("\uFEFF坐席:您好\n");
  });

  it("is idempotent: a fixed text has nothing left to fix", () => {
    const once = fix("坐席:喂,我不知道\n").text;
    expect(fix(once)).toEqual({ text: once, fixed: 0 });
  });

  it("sees a phrase through invisible characters, reports its exact place, and fixes it once", () => {
    for (const invisible of [
      "\uFE0F",
      "\u{E0100}",
      "\u034F",
      "\u180B",
      "\u3164",
      "\uFFA0",
      "\u115F",
      "\u17B4",
      "\u0301",
    ]) {
      const text = `坐席:您好,我不${invisible}知道\n`;
      const [violation] = lintSync(parseScript(text), { rules }).violations.filter((v) => v.ruleId === "dk");
      expect(violation?.text, [...invisible].map((c) => c.codePointAt(0)!.toString(16)).join()).toBe(
        `不${invisible}知道`,
      );
      expect(violation?.column).toBe(text.indexOf("不") + 1);
      const once = fix(text).text;
      expect(once).toBe("坐席:您好,我需要核实\n");
      expect(fix(once)).toEqual({ text: once, fixed: 0 });
    }
  });

  it("replaces a map's key in every form the matcher sees as it: 妳 as 你", () => {
    const nin = parseRules(
      `rules:\n  - { id: nin, type: forbidden, phrases: [你], message: m, replacement: { 你: 您 } }\n`,
    );
    const text = "坐席:请妳稍等,请你稍等\n";
    expect(applyFixes(text, lintSync(parseScript(text), { rules: nin }).violations)).toEqual({
      text: "坐席:请您稍等,请您稍等\n",
      fixed: 2,
    });
  });

  it("huashu lint --fix leaves a file alone, and says why, when two rules' replacements undo each other", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-fix-cycle-"));
    try {
      writeFileSync(
        join(dir, "rules.yaml"),
        "rules:\n  - { id: a, type: forbidden, phrases: [喂], message: m, replacement: 哈喽 }\n" +
          "  - { id: b, type: forbidden, phrases: [哈喽], message: m, replacement: 喂 }\n",
      );
      writeFileSync(join(dir, "call.txt"), "坐席:喂\n");
      const run = huashu(["lint", "--fix", "-r", "rules.yaml", "call.txt"], { cwd: dir });
      expect(readFileSync(join(dir, "call.txt"), "utf8")).toBe("坐席:喂\n");
      expect(run.stderr).toContain("call.txt 警告: 规则的 replacement 互相抵消(循环替换),未自动修复");
      expect(run.stderr).not.toContain("已修复");
      expect(run.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("diffs with three lines of context, merging hunks whose context overlaps", () => {
    expect(fixDiff("a.txt", "x\n坐席:喂\ny\n", "x\n坐席:您好\ny\n")).toBe(
      "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n x\n-坐席:喂\n+坐席:您好\n y\n",
    );
    const lines = (changed: number[]) =>
      Array.from({ length: 20 }, (_, i) => (changed.includes(i) ? `新${i}` : `行${i}`)).join("\n") + "\n";
    const hunks = (changed: number[]) =>
      fixDiff("a.txt", lines([]), lines(changed))
        .split("\n")
        .filter((l) => l.startsWith("@@"));
    expect(hunks([5, 11])).toEqual(["@@ -3,13 +3,13 @@"]);
    expect(hunks([5, 12])).toEqual(["@@ -3,7 +3,7 @@", "@@ -10,7 +10,7 @@"]);
    expect(hunks([0, 19])).toEqual(["@@ -1,4 +1,4 @@", "@@ -17,4 +17,4 @@"]);
    expect(fixDiff("a.txt", "x\n", "x\n")).toBe("");
  });

  it("keeps carriage returns in their lines and marks a last line without a line break", () => {
    expect(fixDiff("a.txt", "x\r\n喂", "x\r\n您好")).toBe(
      "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n x\r\n-喂\n\\ No newline at end of file\n+您好\n\\ No newline at end of file\n",
    );
  });

  it("rejects a replacement that says a forbidden phrase of its rule, or spans lines", () => {
    const bad = (replacement: string) => () =>
      parseRules(
        `rules:\n  - { id: a, type: forbidden, phrases: [不知道], message: m, replacement: "${replacement}" }\n`,
      );
    expect(bad("我也不 知道")).toThrow(HuashuError);
    expect(bad("我也不 知道")).toThrow("rules[0].replacement: replacement 不能包含本规则禁用的短语");
    expect(bad("请稍等\\n我查一下")).toThrow("replacement 不能换行");
    expect(bad("")).not.toThrow();
  });
});
