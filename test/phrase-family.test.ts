import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HuashuError, lintSync, parseRules } from "../src/index.js";
import {
  expandPhrase,
  MAX_PHRASE_DEPTH,
  MAX_PHRASE_EXPANDED_LENGTH,
  MAX_PHRASE_EXPANSIONS,
} from "../src/match/phrase-family.js";
import { huashu } from "./helpers/cli.js";

/** The one diagnostic of a rule file that fails to load. */
function loadError(yaml: string) {
  try {
    parseRules(yaml, "r.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(HuashuError);
    return (error as HuashuError).diagnostics[0]!;
  }
  return expect.unreachable("the rule file loaded");
}

const oneRule = (phrase: string) =>
  `rules:\n  - id: r\n    type: forbidden\n    phrases:\n      - "${phrase}"\n    message: m\n`;

describe("phrase families", () => {
  it("expands alternatives and optional parts, nested too, without duplicates", () => {
    expect(expandPhrase("{我|我们}?不{太}?清楚")).toEqual([
      "我不太清楚",
      "我不清楚",
      "我们不太清楚",
      "我们不清楚",
      "不太清楚",
      "不清楚",
    ]);
    expect(expandPhrase("{还{有|要}|需要}其他")).toEqual(["还有其他", "还要其他", "需要其他"]);
    expect(expandPhrase("{a|a}b")).toEqual(["ab"]);
  });

  it("keeps a plain phrase, question mark included, as its own only wording", () => {
    expect(expandPhrase("请问有什么可以帮助您?")).toEqual(["请问有什么可以帮助您?"]);
  });

  it.each([
    ["{我|我们不清楚", "没有对应的 “}”"],
    ["我|我们", "不在 {…} 之内"],
    ["{|我}不清楚", "空的选项"],
  ])("refuses %s", (phrase, message) => {
    expect(() => expandPhrase(phrase)).toThrow(message);
  });

  it("refuses a family larger than the bound before expanding it", () => {
    const huge = "{a|b|c|d|e|f|g|h|i|j}".repeat(4);
    expect(() => expandPhrase(huge)).toThrow(String(MAX_PHRASE_EXPANSIONS));
  });

  it("reports a bad family in a rule file at the phrase's line and column", () => {
    const yaml =
      'rules:\n  - id: r\n    type: forbidden\n    phrases:\n      - 喂\n      - "{a|b|c|d|e|f|g|h|i|j}{a|b|c|d|e|f|g|h|i|j}{a|b|c|d|e|f|g|h|i|j}{a|b|c|d|e|f|g|h|i|j}"\n    message: m\n';
    try {
      parseRules(yaml, "r.yaml");
      expect.unreachable("the rule file loaded");
    } catch (error) {
      expect(error).toBeInstanceOf(HuashuError);
      const [diagnostic] = (error as HuashuError).diagnostics;
      expect(diagnostic).toMatchObject({ file: "r.yaml", line: 6, column: 9 });
      expect(diagnostic!.message).toContain("rules[0].phrases[1]");
      expect(diagnostic!.message).toContain(`超过 ${MAX_PHRASE_EXPANSIONS} 种写法`);
    }
  });

  it("reads full-width braces, bars and question marks from a Chinese input method as the same syntax", () => {
    expect(expandPhrase("｛喂｜不知道｝")).toEqual(["喂", "不知道"]);
    expect(expandPhrase("｛我｜我们｝？不清楚")).toEqual(["我不清楚", "我们不清楚", "不清楚"]);
    const rules = parseRules(oneRule("｛喂｜不知道｝"));
    expect(lintSync("坐席:喂,我不知道", { rules }).violations.map((v) => v.text)).toEqual(["喂", "不知道"]);
    expect(() => expandPhrase("｛喂｜不知道")).toThrow("没有对应的");
  });

  it("refuses groups nested too deep at the phrase's line and column, without a stack overflow", () => {
    expect(expandPhrase(`${"{".repeat(MAX_PHRASE_DEPTH)}a${"}".repeat(MAX_PHRASE_DEPTH)}`)).toEqual(["a"]);
    const deep = `${"{".repeat(2000)}a${"}".repeat(2000)}`;
    const diagnostic = loadError(oneRule(deep));
    expect(diagnostic).toMatchObject({ file: "r.yaml", line: 5, column: 9 });
    expect(diagnostic.message).toContain(`嵌套超过 ${MAX_PHRASE_DEPTH} 层`);
    expect(diagnostic.message.length).toBeLessThan(200);
  });

  // Without the bound the first took 39 s and the second minutes and gigabytes to load.
  it("refuses wordings too long in all, without quoting the whole phrase", () => {
    // 1,999 alternatives of a 10-character phrase followed by 10,000 characters: 20 million in all.
    const alternatives = Array.from({ length: 1999 }, (_, i) => `选项${String(i).padStart(8, "0")}`);
    const long = `{${alternatives.join("|")}}${"长".repeat(10_000)}`;
    const huge = `{${alternatives.join("|")}}${"长".repeat(200_000 - 22_000)}`;
    for (const phrase of [long, huge, "长".repeat(200_000)]) {
      const diagnostic = loadError(oneRule(phrase));
      expect(diagnostic).toMatchObject({ file: "r.yaml", line: 5, column: 9 });
      expect(diagnostic.message).toContain(`${MAX_PHRASE_EXPANDED_LENGTH} 字`);
      expect(diagnostic.message.length).toBeLessThan(200);
    }
  });

  it("lint and test-rules refuse a phrase nested 2,000 deep with file:line:col and exit 2, no stack", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-family-"));
    try {
      const rules = join(dir, "deep.yaml");
      writeFileSync(rules, oneRule(`${"{".repeat(2000)}a${"}".repeat(2000)}`));
      writeFileSync(join(dir, "a.txt"), "坐席:您好\n");
      for (const args of [
        ["lint", "--rules", rules, join(dir, "a.txt")],
        ["test-rules", rules],
      ]) {
        const run = huashu(args, { timeoutMs: 60_000 });
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(`${rules}:5:9`);
        expect(run.stderr).not.toMatch(/RangeError|\n {4}at /);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("matches every wording on word boundaries, in unless lists too", () => {
    const rules = parseRules(
      'rules:\n  - id: r\n    type: forbidden\n    phrases: ["{我|这边}?不{太|是很}?清楚"]\n    unless: ["{如有|若有}不清楚"]\n    message: m\n',
    );
    const found = (text: string) => lintSync(`坐席:${text}`, { rules }).violations.map((v) => v.text);
    expect(found("这边不是很清楚")).toEqual(["这边不是很清楚"]);
    expect(found("如有不清楚的请联系我们")).toEqual([]);
    // 不 starts a word even inside jieba's 看不清楚 (the built-in not-clear rule excuses 看不清楚 by name).
    expect(found("看不清楚楚")).toEqual(["不清楚"]);
    expect(found("这边不清楚楚")).toEqual(["这边不清楚"]);
  });

  it("lets unlessTurn excuse every hit of a turn that also has an exception anywhere", () => {
    const rules = parseRules(
      'rules:\n  - id: r\n    type: forbidden\n    phrases: [不行的]\n    unlessTurn: ["{抱歉|对不起}"]\n    message: m\n',
    );
    expect(lintSync("坐席:不行的。", { rules }).violations).toHaveLength(1);
    expect(lintSync("坐席:不行的,非常抱歉。", { rules }).violations).toHaveLength(0);
    expect(lintSync("坐席:非常抱歉。\n坐席:不行的。", { rules }).violations).toHaveLength(1);
  });
});
