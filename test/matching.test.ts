import { describe, expect, it } from "vitest";
import { lintSync, parseRules } from "../src/index.js";
import { fixtureRules } from "./helpers/rules.js";

const rules = fixtureRules("basic.yaml");

/** Matched texts of the forbidden rule `ruleId` in a one-line agent script. */
function hits(text: string, ruleId: string): string[] {
  return lintSync(text, { rules })
    .violations.filter((v) => v.ruleId === ruleId)
    .map((v) => v.text);
}

describe("word-boundary matching (design-notes §2)", () => {
  it.each([
    ["喂,说话呀", ["喂"]],
    ["喂 说话呀", ["喂"]],
    ["喂说话呀", ["喂"]],
    ["喂喂,听得到吗", ["喂喂"]],
    ["喂养宠物要细心", []],
    ["这是喂食器", []],
    ["宝宝该喂奶了", []],
  ])("喂 in %s → %j", (text, expected) => {
    expect(hits(text, "taboo.wei")).toEqual(expected);
  });

  it.each([
    ["我不知道", ["不知道"]],
    ["我 不 知 道", ["不 知 道"]],
    ["这个我不知道啊你问别人", ["不知道"]],
    ["不知不觉就到了", []],
    // jieba keeps 真不知道 as one idiom: the negation still starts a word.
    ["亲这个真不知道呢", ["不知道"]],
    ["我不清楚", ["我不清楚"]],
  ])("不知道 in %s → %j", (text, expected) => {
    expect(hits(text, "taboo.dont-know")).toEqual(expected);
  });

  it("ends a word before the final particles or 亲 that jieba glued onto it at a clause's end (不懂亲, 不补亲)", () => {
    const refusals = parseRules(`
rules:
  - { id: r, type: forbidden, phrases: [不懂, 不补, 不退], message: m }
`);
    const found = (text: string) => lintSync(`坐席:${text}`, { rules: refusals }).violations.map((v) => v.text);
    // jieba cuts 不懂亲 as 不 / 懂亲, 不补亲 as one token, 不退亲 as 不 / 退亲.
    expect(found("这个我也不懂亲")).toEqual(["不懂"]);
    expect(found("不补亲，您可以申请退款")).toEqual(["不补"]);
    expect(found("这个不退呢亲")).toEqual(["不退"]);
    // More than particles after it: the word goes on (退亲了 is one word, 懂亲子 not 懂).
    expect(found("不退亲了")).toEqual([]);
    expect(found("我不懂亲子关系")).toEqual(["不懂"]);
  });

  it("greets with 您好 but not with 您好像", () => {
    const greeting = (text: string) => lintSync(text, { rules }).violations.some((v) => v.ruleId === "flow.greeting");
    expect(greeting("您好,请问有什么可以帮您")).toBe(false);
    expect(greeting("您好请问有什么可以帮您")).toBe(false);
    expect(greeting("您好像没收到短信")).toBe(true);
  });

  it("matches full-width and ASCII input alike and reports the original text", () => {
    const viaFullWidth = lintSync("我不知道！", { rules }).violations.find((v) => v.ruleId === "taboo.dont-know");
    expect(viaFullWidth).toMatchObject({ text: "不知道", column: 2, endColumn: 5 });
    const spaced = lintSync("坐席：喂　说话呀", { rules }).violations.find((v) => v.ruleId === "taboo.wei");
    expect(spaced).toMatchObject({ text: "喂", line: 1, column: 4, endColumn: 5 });
  });

  it("spans punctuation inside a phrase and reports it as written", () => {
    expect(hits("有本事,就投诉我!", "taboo.dare-complain")).toEqual(["有本事,就投诉我"]);
  });

  it("with boundary: none matches plain substrings", () => {
    const loose = parseRules(`
rules:
  - { id: loose, type: forbidden, phrases: [喂], boundary: none, message: m }
  - { id: strict, type: forbidden, phrases: [喂], message: m }
`);
    const ids = lintSync("喂养", { rules: loose }).violations.map((v) => v.ruleId);
    expect(ids).toEqual(["loose"]);
  });

  it("does not fire inside an unless context, but fires elsewhere in the same turn", () => {
    expect(hits("如果您不知道密码,可以重置", "taboo.dont-know")).toEqual([]);
    expect(hits("如果您不知道密码,我也不知道", "taboo.dont-know")).toEqual(["不知道"]);
  });

  it("reports overlapping phrases of one rule once, the longer match winning", () => {
    const overlapping = parseRules(`
rules:
  - { id: r, type: forbidden, phrases: [不知道, 我不知道], message: m }
`);
    expect(lintSync("我不知道", { rules: overlapping }).violations.map((v) => v.text)).toEqual(["我不知道"]);
  });

  it("checks only the speaker a rule is for", () => {
    expect(hits("客户:喂,你们怎么回事", "taboo.wei")).toEqual([]);
    const anyone = parseRules(`
rules:
  - { id: any, type: forbidden, phrases: [喂], speaker: any, message: m }
  - { id: customer, type: forbidden, phrases: [喂], speaker: customer, message: m }
`);
    const ids = lintSync("客户:喂\n坐席:喂", { rules: anyone }).violations.map((v) => `${v.ruleId}@${v.line}`);
    expect(ids.sort()).toEqual(["any@1", "any@2", "customer@1"]);
  });
});
