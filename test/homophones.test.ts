import { describe, expect, it } from "vitest";
import { lintSync, parseRules, type RuleSet, type Transcript } from "../src/index.js";

const plain = parseRules(`
rules:
  - { id: complain, type: forbidden, phrases: [投诉, 不清楚], message: m }
`);
const optedIn = parseRules(`
rules:
  - { id: complain, type: forbidden, phrases: [投诉, 不清楚], homophones: true, message: m }
`);

function said(...texts: string[]): Transcript {
  return { turns: texts.map((text) => ({ speaker: "agent", text })) };
}

/** Rule, original text, line:column–endColumn and detail of each violation. */
function found(input: Transcript, ruleSet: RuleSet): string[] {
  return lintSync(input, { rules: ruleSet }).violations.map(
    (v) => `${v.text} ${v.line}:${v.column}-${v.endColumn} ${v.detail ?? "-"}`,
  );
}

describe("homophones", () => {
  it("match what sounds like a phrase, saying what was heard, only when opted in", () => {
    expect(found(said("您好,你要头诉就去吧"), optedIn)).toEqual(["头诉 1:6-8 听写为“头诉”(同音:投诉)"]);
    expect(found(said("您好,你要头诉就去吧"), plain)).toEqual([]);
    expect(found(said("这个我不清出"), optedIn)).toEqual(["不清出 1:4-7 听写为“不清出”(同音:不清楚)"]);
  });

  it("can be turned on for every rule by the rule set, and off by a rule", () => {
    expect(found(said("这个我不清出"), plain.withMatching({ homophones: true }))).toEqual([
      "不清出 1:4-7 听写为“不清出”(同音:不清楚)",
    ]);
    const optedOut = parseRules(
      "rules:\n  - { id: c, type: forbidden, phrases: [投诉], homophones: false, message: m }",
    );
    expect(found(said("你要头诉就去吧"), optedOut.withMatching({ homophones: true }))).toEqual([]);
  });

  it("report a phrase said as written once, without a detail", () => {
    expect(found(said("你去投诉吧"), optedIn)).toEqual(["投诉 1:3-5 -"]);
  });

  it("never match a one-character phrase: one syllable sounds like dozens of characters", () => {
    const wei = parseRules("rules:\n  - { id: w, type: forbidden, phrases: [喂], homophones: true, message: m }");
    expect(found(said("我为您查一下,喂"), wei)).toEqual(["喂 1:8-9 -"]);
  });

  it("sit on word boundaries like any phrase", () => {
    // tou su, but across the words 出头 and 速度.
    expect(found(said("出头速度"), optedIn)).toEqual([]);
  });

  it("keep exact positions through traditional characters and fillers", () => {
    expect(found(said("您要頭訴嗎"), optedIn)).toEqual(["頭訴 1:3-5 听写为“頭訴”(同音:投诉)"]);
    expect(found(said("我不,嗯,清出"), optedIn)).toEqual(["不,嗯,清出 1:2-8 听写为“不,嗯,清出”(同音:不清楚)"]);
  });

  it("leave customer turns alone", () => {
    const transcript: Transcript = { turns: [{ speaker: "customer", text: "我要头诉你们" }] };
    expect(found(transcript, optedIn)).toEqual([]);
  });
});
