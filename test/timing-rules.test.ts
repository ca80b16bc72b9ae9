import type { Transcript, ViolationExpectation } from "../src/index.js";
import { vitestRuleTester } from "./helpers/rules.js";
import { call, untimed } from "./helpers/transcripts.js";

const tester = vitestRuleTester();

/** Each timing rule, on its timed fixture and on the same call without times. */
const cases: Array<{ name: string; rules: string; transcript: Transcript; expected: ViolationExpectation[] }> = [
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

for (const { name, rules, transcript, expected } of cases) {
  tester.run(`timing rule: ${name}`, rules, {
    invalid: [{ name: "reports the violation on a timed transcript", transcript, violations: expected }],
    valid: [
      {
        name: "gives a notice, not a crash or a pass, without times",
        transcript: untimed(transcript),
        notices: ["通话记录缺少时间戳(start/end),无法判断此规则"],
      },
    ],
  });
}

const silence = `rules:\n  - { id: s, type: silence, maxSeconds: 10, hold: { phrases: [请您稍等] }, message: m }\n`;
const answeredHold = call(["agent", "请您稍等", 0, 1], ["customer", "好", 1, 2], ["agent", "久等了", 30, 31]);
tester.run("timing rules, edge cases: a silence after the agent's hold notice", silence, {
  valid: [{ name: "is excused even if the customer answered the notice", transcript: answeredHold }],
});
tester.run(
  "timing rules, edge cases: a silence without a hold list",
  silence.replace(", hold: { phrases: [请您稍等] }", ""),
  {
    invalid: [{ name: "is not excused by a hold notice", transcript: answeredHold, violations: 1 }],
  },
);

tester.run("timing rules, edge cases: silence", `rules:\n  - { id: s, type: silence, maxSeconds: 5, message: m }\n`, {
  valid: [
    {
      name: "does not count an overlap as silence",
      transcript: call(["agent", "您好", 0, 30], ["customer", "嗯", 10, 11], ["agent", "好的", 31, 32]),
    },
  ],
});

// 10 + 10 characters in 1 s + 3 s = 300/min: at the limit, not above it.
const rateCall = call(
  ["agent", "这个业务需要本人办理", 0, 1],
  ["customer", "啊", 1, 2],
  ["agent", "这个业务需要本人办理", 2, 5],
);
const rate = `rules:\n  - { id: r, type: speech-rate, max: 300, message: m }\n`;
tester.run("timing rules, edge cases: speech rate over the whole call by default, at the limit", rate, {
  valid: [{ name: "300/min is not above max 300", transcript: rateCall }],
});
tester.run(
  "timing rules, edge cases: speech rate over the whole call by default, above the limit",
  rate.replace("300", "299"),
  {
    invalid: [
      {
        name: "300/min is above max 299",
        transcript: rateCall,
        violations: [{ turn: 0, endLine: 3, detail: "语速 300 字/分钟过快" }],
      },
    ],
  },
);

tester.run(
  "timing rules, edge cases: nobody speaks",
  `rules:\n  - { id: f, type: first-response, maxSeconds: 1, message: m }\n  - { id: d, type: call-duration, minSeconds: 1, message: m }\n`,
  { valid: [{ name: "judges no first response nor duration, and gives no notice", transcript: { turns: [] } }] },
);
