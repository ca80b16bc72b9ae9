import { describe, expect, it } from "vitest";
import { lintSync, parseRules, type LintResult, type Transcript } from "../src/index.js";
import { call, untimed } from "./helpers/transcripts.js";

/** Lints with the rules of a YAML text that holds one `rules:` list. */
function check(rulesYaml: string, transcript: Transcript | string): LintResult {
  return lintSync(transcript, { rules: parseRules(rulesYaml) });
}

const ids = (result: LintResult) => result.violations.map((v) => `${v.ruleId}@${v.turn}`);

describe("position windows", () => {
  const timed = call(
    ["agent", "喂", 0, 2],
    ["customer", "喂,你好", 2, 4],
    ["agent", "喂,请讲", 40, 42],
    ["customer", "好的", 50, 55],
    ["agent", "喂,再见", 90, 100],
  );
  const forbidden = (within: string) => `rules:\n  - { id: w, type: forbidden, phrases: [喂], message: m, within: ${within} }\n`;

  it("first/last N turns count the speaker's turns", () => {
    expect(ids(check(forbidden("{ first: 2 }"), timed))).toEqual(["w@0", "w@2"]);
    expect(ids(check(forbidden("{ last: 1 }"), timed))).toEqual(["w@4"]);
  });

  it("first/last N seconds are of the call, starting at time 0", () => {
    expect(ids(check(forbidden("{ firstSeconds: 30 }"), timed))).toEqual(["w@0"]);
    expect(ids(check(forbidden("{ lastSeconds: 15 }"), timed))).toEqual(["w@4"]);
  });

  it("a percentage range uses times when there are, turn positions otherwise", () => {
    // 40 s of a 100 s call is at 40 %; turn 2 of 5 is at 40 % too, turn 4 at 80 %.
    expect(ids(check(forbidden("{ percent: [30, 50] }"), timed))).toEqual(["w@2"]);
    expect(ids(check(forbidden("{ percent: [80, 100] }"), untimed(timed)))).toEqual(["w@4"]);
  });

  it("a seconds window on a transcript without times gives a notice, not a silent pass", () => {
    const result = check(forbidden("{ firstSeconds: 30 }"), untimed(timed));
    expect(result.violations).toEqual([]);
    expect(result.notices).toEqual([{ ruleId: "w", message: expect.stringContaining("缺少时间戳") }]);
  });

  it("required looks for its phrase in a seconds window", () => {
    const rules = `rules:\n  - { id: g, type: required, phrases: [您好], message: m, within: { firstSeconds: 10 } }\n`;
    expect(ids(check(rules, call(["agent", "请讲", 0, 2], ["agent", "您好", 20, 21])))).toEqual(["g@0"]);
    expect(ids(check(rules, call(["agent", "您好", 0, 2])))).toEqual([]);
  });
});

describe("response rules", () => {
  const apology = `rules:
  - id: flow.apology
    type: response
    trigger: { phrases: [投诉, 太慢, 不满意], speaker: customer }
    reply: { phrases: [抱歉, 对不起] }
    replyWithin: { turns: 2 }
    message: 客户抱怨后须致歉
`;

  it("requires the reply within N turns of the speaker after the trigger", () => {
    const late = call(["customer", "你们太慢了"], ["agent", "请讲"], ["agent", "您说"], ["agent", "抱歉"]);
    expect(check(apology, late).violations).toMatchObject([
      { ruleId: "flow.apology", speaker: "agent", turn: 1, text: "请讲\n您说", detail: "“太慢”之后2 轮内未见应有的回应" },
    ]);
    const inTime = call(["customer", "你们太慢了"], ["customer", "我要投诉"], ["agent", "请讲"], ["agent", "非常抱歉"]);
    expect(check(apology, inTime).violations).toEqual([]);
  });

  it("judges nothing when the speaker does not speak again after the trigger", () => {
    expect(check(apology, call(["agent", "您好"], ["customer", "我很不满意"])).violations).toEqual([]);
    expect(ids(check(apology, call(["agent", "您好"], ["customer", "我很不满意"], ["agent", "好的"])))).toEqual(["flow.apology@2"]);
  });

  it("measures a window in seconds from the end of the trigger turn", () => {
    const rules = apology.replace("{ turns: 2 }", "{ seconds: 10 }");
    const transcript = call(["customer", "太慢了", 0, 2], ["agent", "请讲", 3, 4], ["agent", "抱歉", 20, 21]);
    expect(ids(check(rules, transcript))).toEqual(["flow.apology@1"]);
    expect(ids(check(rules, call(["customer", "太慢了", 0, 2], ["agent", "抱歉", 11, 12])))).toEqual([]);
    expect(check(rules, untimed(transcript)).notices).toHaveLength(1);
  });

  it("thanks after a hold: a reply by the same speaker", () => {
    const rules = `rules:
  - id: flow.thanks-after-hold
    type: response
    trigger: { phrases: [请您稍等, 请稍等] }
    reply: { phrases: [感谢您的耐心等待, 让您久等了] }
    replyWithin: { turns: 1 }
    message: 等待后须致谢
`;
    expect(ids(check(rules, "坐席:请您稍等,我查一下\n坐席:查到了"))).toEqual(["flow.thanks-after-hold@1"]);
    expect(ids(check(rules, "坐席:请您稍等,我查一下\n客户:好\n坐席:让您久等了"))).toEqual([]);
  });

  it("with expect: absent, forbids the reply, reported once even after two triggers", () => {
    const rules = `rules:
  - id: no-blame
    type: response
    trigger: { phrases: [投诉], speaker: customer }
    reply: { phrases: [随便你] }
    replyWithin: { turns: 1 }
    expect: absent
    message: 客户投诉时不能推诿
`;
    const result = check(rules, "客户:我要投诉\n客户:我一定投诉\n坐席:随便你");
    expect(result.violations).toMatchObject([{ ruleId: "no-blame", turn: 2, text: "随便你" }]);
  });
});

describe("order and proximity", () => {
  it("order: the first match of `then` must follow a match of `first`", () => {
    const rules = `rules:
  - { id: o, type: order, first: { phrases: [您好] }, then: { phrases: [再见] }, message: 先问候后道别 }
`;
    expect(check(rules, "您好\n再见").violations).toEqual([]);
    expect(check(rules, "再见\n您好").violations).toMatchObject([{ ruleId: "o", turn: 0, text: "再见" }]);
    expect(check(rules, "请讲\n再见").violations).toHaveLength(1);
    expect(check(rules, "请讲").violations).toEqual([]);
    // A `first` that does not hold (one 您好 where two are required) anchors nothing.
    expect(check(rules.replace("first: { phrases: [您好] }", "first: { phrases: [您好], min: 2 }"), "您好\n再见").violations).toHaveLength(1);
  });

  it("near: two matches within N characters in one turn, punctuation not counted", () => {
    const rules = `rules:
  - id: n
    type: condition
    mustNot: { near: [{ phrases: [保证] }, { phrases: [收益] }], chars: 4 }
    message: 不得承诺收益
`;
    expect(check(rules, "我保证,您的收益很高").violations.map((v) => v.text)).toEqual(["保证", "收益"]);
    expect(check(rules, "我保证会在三个工作日内把收益说明寄给您").violations).toEqual([]);
    expect(check(rules, "我保证\n收益很高").violations).toEqual([]);
  });
});

describe("boolean composition and counts", () => {
  const composed = `rules:
  - id: verify
    type: condition
    must:
      any:
        - all: [{ phrases: [身份证] }, { phrases: [后四位] }]
        - not: { phrases: [办理, 修改], speaker: customer }
    message: 办理业务前须核实身份
`;

  it("evaluates all / any / not at any depth", () => {
    expect(check(composed, "客户:我想修改套餐\n坐席:请提供身份证后四位").violations).toEqual([]);
    expect(check(composed, "客户:随便问问\n坐席:好的").violations).toEqual([]);
    // Reported at the evidence: the request to 修改 that made the `not` fail.
    expect(check(composed, "客户:我想修改套餐\n坐席:好的").violations).toMatchObject([{ ruleId: "verify", turn: 0, text: "修改" }]);
  });

  it("counts: at least and at most N times in a window", () => {
    const atMost = `rules:\n  - { id: c, type: condition, must: { phrases: [对不起], max: 2 }, message: 不要反复道歉 }\n`;
    expect(check(atMost, "对不起\n对不起").violations).toEqual([]);
    expect(check(atMost, "对不起\n对不起\n对不起").violations).toHaveLength(1);
    const atLeast = `rules:\n  - { id: c, type: condition, must: { phrases: [请问], min: 2, within: { first: 3 } }, message: m }\n`;
    expect(check(atLeast, "请问\n好的\n请问").violations).toEqual([]);
    expect(check(atLeast, "请问\n好的\n好的\n请问").violations).toHaveLength(1);
  });

  it("regex conditions run over the normalised text (no spaces or punctuation)", () => {
    const rules = `rules:\n  - { id: phone, type: condition, mustNot: { regex: '1[3-9]\\d{9}' }, message: 不要念出完整手机号 }\n`;
    expect(check(rules, "您的号码是 138 1234 5678").violations).toMatchObject([{ text: "138 1234 5678" }]);
    expect(check(rules, "您的号码尾号5678").violations).toEqual([]);
  });
});

describe("decidability", () => {
  const rules = parseRules(`rules:
  - { id: f, type: forbidden, phrases: [喂], message: m }
  - { id: f-last, type: forbidden, phrases: [喂], message: m, within: { last: 2 } }
  - { id: r-first, type: required, phrases: [您好], message: m, within: { first: 1 } }
  - { id: r-all, type: required, phrases: [再见], message: m }
  - { id: resp, type: response, trigger: { phrases: [投诉] }, reply: { phrases: [抱歉] }, replyWithin: { turns: 2 }, message: m }
  - { id: must, type: condition, must: { phrases: [您好] }, message: m }
  - { id: must-not, type: condition, mustNot: { all: [{ phrases: [a] }, { phrases: [b] }] }, message: m }
  - { id: must-not-neg, type: condition, mustNot: { not: { phrases: [a] } }, message: m }
  - { id: silence, type: silence, maxSeconds: 10, message: m }
  - { id: rate, type: speech-rate, max: 300, message: m }
  - { id: rate-turn, type: speech-rate, max: 300, per: turn, message: m }
  - { id: duration, type: call-duration, maxSeconds: 600, message: m }
  - { id: resp-all, type: response, trigger: { all: [{ phrases: [投诉] }, { phrases: [太慢] }] }, reply: { phrases: [抱歉] }, replyWithin: { turns: 2 }, message: m }
  - { id: resp-near, type: response, trigger: { near: [{ phrases: [太] }, { phrases: [慢] }], chars: 2 }, reply: { phrases: [抱歉] }, replyWithin: { turns: 2 }, message: m }
  - { id: order-twice, type: order, first: { phrases: [您好] }, then: { phrases: [再见], min: 2 }, message: m }
`);

  it("says per rule whether it can be decided as turns arrive", () => {
    expect(Object.fromEntries(rules.rules.map((rule) => [rule.id, rules.decidability(rule)]))).toEqual({
      f: "per-turn",
      "f-last": "end-of-call",
      "r-first": "per-turn",
      "r-all": "end-of-call",
      resp: "per-turn",
      must: "end-of-call",
      // Matches of \`all\` and of \`min\` > 1 count only once later turns complete them.
      "must-not": "end-of-call",
      "must-not-neg": "end-of-call",
      silence: "per-turn",
      rate: "end-of-call",
      "rate-turn": "per-turn",
      duration: "end-of-call",
      "resp-all": "end-of-call",
      "resp-near": "per-turn",
      "order-twice": "end-of-call",
    });
  });
});
