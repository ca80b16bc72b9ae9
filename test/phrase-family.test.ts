import { describe, expect, it } from "vitest";
import { HuashuError, lintSync, parseRules } from "../src/index.js";
import { expandPhrase, MAX_PHRASE_EXPANSIONS } from "../src/match/phrase-family.js";

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

  it("matches every wording on word boundaries, in unless lists too", () => {
    const rules = parseRules(
      'rules:\n  - id: r\n    type: forbidden\n    phrases: ["{我|这边}?不{太|是很}?清楚"]\n    unless: ["{如有|若有}不清楚"]\n    message: m\n',
    );
    const found = (text: string) => lintSync(`坐席:${text}`, { rules }).violations.map((v) => v.text);
    expect(found("这边不是很清楚")).toEqual(["这边不是很清楚"]);
    expect(found("如有不清楚的请联系我们")).toEqual([]);
    expect(found("看不清楚楚")).toEqual([]);
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
