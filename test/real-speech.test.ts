import { describe, expect, it } from "vitest";
import { builtinRules, lintSync, parseRules } from "../src/index.js";
import { applyFixes } from "../src/fix/fix.js";

// The examples of the issue "Catch what agents really say": real agent turns, and how the
// built-in taboo, courtesy and flow packs must judge them.
const rules = builtinRules(["taboo", "courtesy"]);
const agent = (text: string) => lintSync(`坐席:${text}`, { rules });
const ruleIds = (text: string) => [...new Set(agent(text).violations.map((v) => v.ruleId))];

describe("paraphrases of the standards' forbidden wording", () => {
  it.each([
    ["小妹也办不到呢", "taboo.cant-help"],
    ["这个妹子不了解", "taboo.not-clear"],
    ["这个具体不清楚的", "taboo.not-clear"],
    ["这边也不是很清楚", "taboo.not-clear"],
    ["我这边是没办法修改价格的哦", "taboo.refusal"],
    ["是不可以改的", "taboo.refusal"],
    ["今天真的送不到呢", "taboo.refusal"],
    ["要您自己查看的哦", "taboo.search-yourself"],
    ["自己调整呀！", "taboo.search-yourself"],
    ["百度下就有了", "taboo.search-yourself"],
    ["建议您下次不要选错地址哦", "taboo.lecture"],
  ])("flags %s (%s)", (text, ruleId) => {
    expect(ruleIds(text)).toContain(ruleId);
  });

  it("reports the phrase family that matched, as written in the rule", () => {
    const [violation] = agent("这边也不是很清楚").violations;
    expect(violation).toMatchObject({ ruleId: "taboo.not-clear", text: "不是很清楚", column: 7 });
    expect(violation!.phrase).toMatch(/^不\{/);
  });
});

describe("what must stay clean", () => {
  it.each([
    "您刚才说“我不知道密码”,我们帮您重置。",
    "同事对您说了“不归我管”,我们向您道歉。",
    "这个电话客户说打错了。",
    "我们帮你去安排维修师傅。",
    "不可以的哈,您搜索x5sl的手机壳购买哦。",
    "您之前的手机号码是多少呢?",
  ])("flags nothing in %s but a 你 that courtesy.nin reports", (text) => {
    expect(agent(text).violations.filter((v) => v.ruleId !== "courtesy.nin")).toEqual([]);
  });

  it("counts what the agent says after telling the customer 我跟您说: 您 is spoken to there, not quoted", () => {
    expect(ruleIds("嗯那个先生我跟您说啊这个事情呢不归我们管你去找物业吧")).toContain("taboo.not-my-business");
    expect(ruleIds("我给您说这个我不知道")).toContain("taboo.dont-know");
    expect(ruleIds("我和他讲过了这个不归我管")).toContain("taboo.not-my-business");
    // Still reported speech when 您 or a third party is the one speaking.
    expect(ruleIds("您说不知道密码,我们帮您重置")).not.toContain("taboo.dont-know");
    expect(ruleIds("同事说不归我管,我们向您道歉")).not.toContain("taboo.not-my-business");
  });

  it("still counts a forbidden phrase outside the quotation marks", () => {
    expect(ruleIds("我也不知道,您说的“密码”是什么")).toContain("taboo.dont-know");
  });

  it("lets a rule opt back in to quoted speech", () => {
    const yaml = (quoted: boolean) =>
      `rules:\n  - { id: q, type: forbidden, phrases: [不知道], quoted: ${quoted}, message: m }\n`;
    const quote = "坐席:您刚才说“我不知道密码”";
    expect(lintSync(quote, { rules: parseRules(yaml(true)) }).violations).toHaveLength(1);
    expect(lintSync(quote, { rules: parseRules(yaml(false)) }).violations).toHaveLength(0);
  });
});

describe("repetitions", () => {
  it("reports 喂喂喂 once", () => {
    const wei = agent("喂喂喂,听得到吗?").violations.filter((v) => v.ruleId === "taboo.wei");
    expect(wei).toHaveLength(1);
    expect(wei[0]!.text).toBe("喂喂喂");
  });

  it("deducts once per turn however often a rule is broken in it", () => {
    const stutter = lintSync("坐席:你你看你看", { rules: builtinRules(["courtesy"]) });
    const once = lintSync("坐席:你看", { rules: builtinRules(["courtesy"]) });
    expect(stutter.violations.length).toBeGreaterThan(1);
    expect(stutter.deductions).toEqual(once.deductions.map((d) => ({ ...d, violations: stutter.violations.length })));
  });
});

describe("courtesy.nin and its fix", () => {
  it("flags 你家, a single jieba token, and fixes it to 您家", () => {
    const text = "坐席:你家来客人了,你可以让他们连副AP。\n";
    const { violations } = lintSync(text, { rules: builtinRules(["courtesy"]) });
    expect(violations.map((v) => v.text)).toEqual(["你家", "你"]);
    expect(applyFixes(text, violations).text).toBe("坐席:您家来客人了,您可以让他们连副AP。\n");
  });

  it("fixes a stutter hit by hit, keeping what is between", () => {
    const text = "坐席:你,你看一下\n";
    const { violations } = lintSync(text, { rules: builtinRules(["courtesy"]) });
    expect(violations).toHaveLength(1);
    expect(applyFixes(text, violations).text).toBe("坐席:您,您看一下\n");
  });
});

describe("required phrases as families", () => {
  it("accepts a closing question worded differently from the list", () => {
    const flow = builtinRules(["flow"]);
    const call =
      "坐席:您好,客服中心,请问有什么可以帮您?\n客户:谢谢你。\n坐席:不客气,请问还有其他可以帮助您的吗?\n坐席:感谢您的来电,再见!";
    expect(lintSync(call, { rules: flow }).violations.map((v) => v.ruleId)).not.toContain("flow.closing.anything-else");
  });
});

describe("red lines and voice rules", () => {
  it("fails a call that dares the customer to complain, whatever else it scored", () => {
    const result = lintSync("坐席:有本事你就投诉我!", { rules });
    expect(result).toMatchObject({ score: 0, passed: false });
  });

  it("deducts points for speech far too fast", () => {
    const voice = builtinRules(["voice"]);
    const fast = { turns: [{ speaker: "agent" as const, text: "您".repeat(500), start: 0, end: 60_000 }] };
    expect(lintSync(fast, { rules: voice }).score).toBeLessThan(100);
  });
});
