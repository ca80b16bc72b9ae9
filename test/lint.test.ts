import { describe, expect, it } from "vitest";
import { HuashuError, lint, lintSync, parseRules, type Transcript } from "../src/index.js";
import { fixtureRules } from "./helpers/rules.js";

const rules = fixtureRules("basic.yaml");

describe("lint", () => {
  it("reports a forbidden phrase with rule, location, matched text and standard wording", () => {
    const result = lintSync("坐席:您好\n客户:网断了\n坐席:这个我不知道。\n坐席:感谢您的来电,再见", { rules });
    expect(result.violations).toEqual([
      {
        ruleId: "taboo.dont-know",
        type: "forbidden",
        severity: "error",
        message: "不能对客户说“不知道”",
        suggestion: "很抱歉,请您稍等一下,我帮您核实。",
        speaker: "agent",
        turn: 2,
        line: 3,
        column: 7,
        endLine: 3,
        endColumn: 10,
        text: "不知道",
        region: "match",
        phrase: "不知道",
      },
    ]);
    expect(result).toMatchObject({ errorCount: 1, warningCount: 0, infoCount: 0 });
  });

  it("points a missing required phrase at the window it searched", () => {
    const result = lintSync("客户:在吗\n坐席:请讲\n坐席:好的\n坐席:拜拜", { rules });
    const greeting = result.violations.find((v) => v.ruleId === "flow.greeting");
    expect(greeting).toMatchObject({
      type: "required",
      turn: 1,
      line: 2,
      column: 4,
      endLine: 2,
      endColumn: 6,
      text: "请讲",
    });
    const closing = result.violations.find((v) => v.ruleId === "flow.closing");
    expect(closing).toMatchObject({ severity: "warning", turn: 3, line: 4, column: 4, endColumn: 6, text: "拜拜" });
  });

  it("quotes a window by its range and a 40-character excerpt, not the text of every turn in it", () => {
    const rules = parseRules(`rules:
  - { id: closing, type: required, phrases: [再见], speaker: agent, message: m }
`);
    const turns = [
      "请您稍等,我这边帮您查询一下您的宽带账户。",
      "查到了,您的宽带欠费停机了。",
      "😀您缴费以后大约半小时就会恢复。",
    ];
    const [closing] = lintSync(turns.map((text) => `坐席:${text}`).join("\n"), { rules }).violations;
    // The whole window: from the first turn's text to the end of the last.
    expect(closing).toMatchObject({
      region: "window",
      turn: 0,
      line: 1,
      column: 4,
      endLine: 3,
      endColumn: 4 + turns[2]!.length,
    });
    const joined = turns.join("\n");
    expect(closing!.text).toBe(`${joined.slice(0, 40)}…`);
    // Never half of a surrogate pair: the emoji at the cut is left out whole.
    const atEmoji = lintSync(`坐席:${"好".repeat(39)}😀再`, { rules }).violations[0]!.text;
    expect(atEmoji).toBe(`${"好".repeat(39)}…`);
    expect(lintSync("坐席:好的", { rules }).violations[0]!.text).toBe("好的");
  });

  it("looks for a required phrase only inside its window", () => {
    const late = lintSync("坐席:请讲\n坐席:您好\n坐席:再见", { rules });
    expect(late.violations.map((v) => v.ruleId)).toEqual(["flow.greeting"]);
  });

  it("judges no required phrase when the speaker never speaks", () => {
    expect(lintSync("客户:喂?有人吗", { rules }).violations).toEqual([]);
    expect(lintSync("", { rules }).violations).toEqual([]);
  });

  it("carries turn times in ms on violations of timed transcripts", () => {
    const transcript: Transcript = {
      id: "call-1",
      turns: [
        { speaker: "agent", text: "您好", start: 0, end: 900 },
        { speaker: "agent", text: "喂,说话", start: 1000, end: 2500 },
        { speaker: "agent", text: "再见", start: 3000, end: 3400 },
      ],
    };
    const result = lintSync(transcript, { rules });
    expect(result.id).toBe("call-1");
    expect(result.violations).toMatchObject([
      { ruleId: "taboo.wei", turn: 1, line: 2, column: 1, start: 1000, end: 2500 },
    ]);
  });

  it("locates matches in multi-line turn text", () => {
    const result = lintSync(
      { turns: [{ speaker: "agent", text: "您好\n我不知道\n再见", source: { line: 10, column: 3 } }] },
      { rules },
    );
    expect(result.violations).toMatchObject([
      { ruleId: "taboo.dont-know", line: 11, column: 2, endLine: 11, endColumn: 5 },
    ]);
  });

  it("gives the same result synchronously and asynchronously", async () => {
    const script = "喂,说话呀\n我不知道";
    expect(await lint(script, { rules })).toEqual(lintSync(script, { rules }));
  });

  it("gives each clean result an array of its own, though the checks share one empty result", () => {
    const clean = "坐席:您好\n客户:网断了\n坐席:感谢您的来电,再见";
    const first = lintSync(clean, { rules });
    const second = lintSync(clean, { rules });
    expect(first.violations).toEqual([]);
    first.violations.push(lintSync("坐席:这个我不知道。", { rules }).violations[0]!);
    expect(second.violations).toEqual([]);
    expect(lintSync(clean, { rules }).violations).toEqual([]);
  });

  it("rejects a malformed transcript with HuashuError naming the field", () => {
    const bad = { turns: [{ speaker: "robot", text: "喂" }] } as unknown as Transcript;
    expect(() => lintSync(bad, { rules })).toThrow(HuashuError);
    expect(() => lintSync(bad, { rules })).toThrow(/turns\.0\.speaker/);
  });
});

describe("positions in long turns", () => {
  it("locates thousands of matches in a long multi-line turn exactly, without rescanning the turn for each", () => {
    const line = "您好,这个我不知道。";
    const lines = Array.from({ length: 20_000 }, () => line);
    const result = lintSync(
      { turns: [{ speaker: "agent", text: lines.join("\n"), source: { line: 5, column: 3 } }] },
      { rules },
    );
    const dontKnow = result.violations.filter((v) => v.ruleId === "taboo.dont-know");
    expect(dontKnow).toHaveLength(20_000);
    expect(dontKnow[0]).toMatchObject({ line: 5, column: 9, endLine: 5, endColumn: 12 });
    expect(dontKnow[19_999]).toMatchObject({ line: 20_004, column: 7, endLine: 20_004, endColumn: 10 });
  });
});
