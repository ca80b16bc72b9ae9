import { describe, expect, it } from "vitest";
import { lintSync, parseRules, type LintResult, type Transcript } from "../src/index.js";
import { call, untimed } from "./helpers/transcripts.js";

function check(rulesYaml: string, transcript: Transcript): LintResult {
  return lintSync(transcript, { rules: parseRules(rulesYaml) });
}

/** Each timing rule, on its timed fixture and on the same call without times. */
const cases: Array<{ name: string; rules: string; transcript: Transcript; expected: Array<Record<string, unknown>> }> = [
  {
    name: "silence without a hold notice (静音)",
    rules: `rules:\n  - { id: silence, type: silence, maxSeconds: 10, hold: { phrases: [请您稍等, 请稍候] }, message: 长时间静音 }\n`,
    transcript: call(
      ["agent", "您好", 0, 2],
      ["customer", "查一下话费", 3, 5],
      ["agent", "请您稍等", 5, 6],
      ["agent", "感谢您的耐心等待,查到了", 40, 42],
      ["customer", "那怎么办", 43, 44],
      ["agent", "嗯……", 60, 61],
    ),
    expected: [{ ruleId: "silence", turn: 5, detail: "此前静音 16.0 秒", start: 60000 }],
  },
  {
    name: "interruption beyond the tolerance (抢话)",
    rules: `rules:\n  - { id: interrupt, type: interruption, toleranceSeconds: 0.5, message: 不要打断客户 }\n`,
    transcript: call(
      ["customer", "我想问一下那个套餐", 0, 4],
      ["agent", "您说", 3.8, 4.5],
      ["customer", "就是流量的问题,怎么", 5, 9],
      ["agent", "这个很简单", 7, 9],
    ),
    expected: [{ ruleId: "interrupt", turn: 3, detail: "对方尚未说完就开始说话,重叠 2.0 秒" }],
  },
  {
    name: "speech rate, characters per minute (语速)",
    rules: `rules:\n  - { id: rate, type: speech-rate, min: 120, max: 300, per: turn, message: 语速不当 }\n`,
    transcript: call(
      // 11 characters in 2.4 s = 275/min (allowed), 10 in 1 s = 600/min, 4 in 4 s = 60/min.
      ["agent", "您好,请问有什么可以帮您", 0, 2.4],
      ["agent", "这个业务需要本人办理", 3, 4],
      ["agent", "好的好的", 5, 9],
    ),
    expected: [
      { ruleId: "rate", turn: 1, detail: "语速 600 字/分钟过快" },
      { ruleId: "rate", turn: 2, detail: "语速 60 字/分钟过慢" },
    ],
  },
  {
    name: "first-response time (首次应答)",
    rules: `rules:\n  - { id: first, type: first-response, maxSeconds: 5, message: 接通后须及时应答 }\n`,
    transcript: call(["customer", "喂?", 1, 2], ["agent", "您好", 8, 9]),
    expected: [{ ruleId: "first", turn: 1, detail: "首次应答用时 8.0 秒" }],
  },
  {
    name: "call duration (通话时长)",
    rules: `rules:\n  - { id: long, type: call-duration, maxSeconds: 60, message: 通话过长 }\n`,
    transcript: call(["agent", "您好", 0, 2], ["customer", "再见", 70, 75]),
    expected: [{ ruleId: "long", turn: 0, endLine: 2, detail: "通话时长 75.0 秒过长" }],
  },
];

describe.each(cases)("timing rule: $name", ({ rules, transcript, expected }) => {
  it("reports the violation on a timed transcript", () => {
    const result = check(rules, transcript);
    expect(result.violations).toMatchObject(expected);
    expect(result.notices).toEqual([]);
  });

  it("gives a notice, not a crash or a pass, without times", () => {
    const result = check(rules, untimed(transcript));
    expect(result.violations).toEqual([]);
    expect(result.notices).toEqual([{ ruleId: String(expected[0]!.ruleId), message: "通话记录缺少时间戳(start/end),无法判断此规则" }]);
  });
});

describe("timing rules, edge cases", () => {
  it("excuses a silence after the agent's hold notice even if the customer answered it", () => {
    const rules = `rules:\n  - { id: s, type: silence, maxSeconds: 10, hold: { phrases: [请您稍等] }, message: m }\n`;
    const transcript = call(["agent", "请您稍等", 0, 1], ["customer", "好", 1, 2], ["agent", "久等了", 30, 31]);
    expect(check(rules, transcript).violations).toEqual([]);
    expect(check(rules.replace(", hold: { phrases: [请您稍等] }", ""), transcript).violations).toHaveLength(1);
  });

  it("does not count an overlap as silence", () => {
    const rules = `rules:\n  - { id: s, type: silence, maxSeconds: 5, message: m }\n`;
    const transcript = call(["agent", "您好", 0, 30], ["customer", "嗯", 10, 11], ["agent", "好的", 31, 32]);
    expect(check(rules, transcript).violations).toEqual([]);
  });

  it("measures speech rate over the whole call by default", () => {
    const rules = `rules:\n  - { id: r, type: speech-rate, max: 300, message: m }\n`;
    // 10 + 10 characters in 1 s + 3 s = 300/min: at the limit, not above it.
    const transcript = call(["agent", "这个业务需要本人办理", 0, 1], ["customer", "啊", 1, 2], ["agent", "这个业务需要本人办理", 2, 5]);
    expect(check(rules, transcript).violations).toEqual([]);
    expect(check(rules.replace("300", "299"), transcript).violations).toMatchObject([{ turn: 0, endLine: 3, detail: "语速 300 字/分钟过快" }]);
  });

  it("judges no first response nor duration when nobody speaks", () => {
    const rules = `rules:\n  - { id: f, type: first-response, maxSeconds: 1, message: m }\n  - { id: d, type: call-duration, minSeconds: 1, message: m }\n`;
    const result = check(rules, { turns: [] });
    expect(result.violations).toEqual([]);
    expect(result.notices).toEqual([]);
  });
});
