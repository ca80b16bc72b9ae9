import { describe, expect, it } from "vitest";
import { lintSync, parseRules } from "../src/index.js";
import { makeBuiltinSnapshot } from "../src/rules/snapshot.js";
import { customerListsOf, occasionalListsOf, phraseListsOf } from "../src/rules/registry.js";
import { vitestRuleTester } from "./helpers/rules.js";
import { call, untimed, type TurnSpec } from "./helpers/transcripts.js";

const tester = vitestRuleTester();
const MISSING_TIMES = "通话记录缺少时间戳(start/end),无法判断此规则";

describe("position windows", () => {
  const timed = call(
    ["agent", "喂", 0, 2],
    ["customer", "喂,你好", 2, 4],
    ["agent", "喂,请讲", 40, 42],
    ["customer", "好的", 50, 55],
    ["agent", "喂,再见", 90, 100],
  );
  const forbidden = (within: string) =>
    `rules:\n  - { id: w, type: forbidden, phrases: [喂], message: m, within: ${within} }\n`;

  tester.run("first/last N turns count the speaker's turns", forbidden("{ first: 2 }"), {
    invalid: [
      {
        name: "first 2",
        transcript: timed,
        violations: [
          { ruleId: "w", turn: 0 },
          { ruleId: "w", turn: 2 },
        ],
      },
    ],
  });
  tester.run("first/last N turns count the speaker's turns", forbidden("{ last: 1 }"), {
    invalid: [{ name: "last 1", transcript: timed, violations: [{ ruleId: "w", turn: 4 }] }],
  });

  // An ASR transcript cuts one speaker's speech at its pauses: in a timed call, what the agent
  // says before the customer speaks is one turn for a window, however many segments it is in.
  const segmented = call(
    ["agent", "您好", 0, 1],
    ["agent", "中国移动", 1, 2],
    ["agent", "请问有什么可以帮您", 2, 4],
    ["customer", "查话费", 4, 6],
    ["agent", "您的余额是五十元", 7, 9],
    ["customer", "好的谢谢", 9, 10],
    ["agent", "感谢您的来电", 10, 12],
    ["agent", "再见", 12, 13],
  );
  const required = (phrase: string, within: string) =>
    `rules:\n  - { id: r, type: required, phrases: [${phrase}], message: m, within: ${within} }\n`;
  tester.run(
    "a window counts the segments one speaker says in a row as one turn",
    required("请问有什么可以帮您", "{ first: 1 }"),
    {
      valid: [{ name: "the offer in the third segment of the opening", transcript: segmented }],
      invalid: [
        // Untimed lines (a script, a chat log) are each a turn their author meant.
        { name: "untimed lines are turns", transcript: untimed(segmented), violations: [{ ruleId: "r", turn: 0 }] },
        {
          name: "said only after the customer spoke",
          transcript: call(["agent", "您好", 0, 1], ["customer", "喂", 1, 2], ["agent", "请问有什么可以帮您", 2, 4]),
          violations: [{ ruleId: "r", turn: 0 }],
        },
      ],
    },
  );
  tester.run(
    "a window counts the segments one speaker says in a row as one turn",
    required("感谢您的来电", "{ last: 1 }"),
    {
      valid: [{ name: "thanks in the second-last segment of the closing", transcript: segmented }],
    },
  );
  tester.run("a window counts the segments one speaker says in a row as one turn", forbidden("{ first: 1 }"), {
    invalid: [
      {
        name: "喂 in the second segment",
        transcript: call(
          ["agent", "您好", 0, 1],
          ["agent", "喂", 1, 2],
          ["customer", "喂", 2, 3],
          ["agent", "喂", 3, 4],
        ),
        violations: [{ ruleId: "w", turn: 1 }],
      },
    ],
  });

  tester.run("first/last N seconds are of the call, starting at time 0", forbidden("{ firstSeconds: 30 }"), {
    invalid: [{ name: "first 30 s", transcript: timed, violations: [{ ruleId: "w", turn: 0 }] }],
    // Without times the window cannot be placed: a notice, not a silent pass.
    valid: [
      { name: "a seconds window without times gives a notice", transcript: untimed(timed), notices: [MISSING_TIMES] },
      // A rule passed over for want of its phrases still says it could not place its window.
      {
        name: "the notice also where the phrase is not said",
        transcript: untimed(call(["agent", "您好", 0, 1], ["customer", "你好", 1, 2])),
        notices: [MISSING_TIMES],
      },
    ],
  });
  tester.run("first/last N seconds are of the call, starting at time 0", forbidden("{ lastSeconds: 15 }"), {
    invalid: [{ name: "last 15 s", transcript: timed, violations: [{ ruleId: "w", turn: 4 }] }],
  });

  // 40 s of a 100 s call is at 40 %; turn 2 of 5 is at 40 % too, turn 4 at 80 %.
  tester.run("a percentage range uses times when there are", forbidden("{ percent: [30, 50] }"), {
    invalid: [{ name: "30–50 % by time", transcript: timed, violations: [{ ruleId: "w", turn: 2 }] }],
  });
  tester.run("a percentage range uses turn positions otherwise", forbidden("{ percent: [80, 100] }"), {
    invalid: [{ name: "80–100 % by turn", transcript: untimed(timed), violations: [{ ruleId: "w", turn: 4 }] }],
  });

  tester.run(
    "required looks for its phrase in a seconds window",
    `rules:\n  - { id: g, type: required, phrases: [您好], message: m, within: { firstSeconds: 10 } }\n`,
    {
      invalid: [
        {
          name: "您好 only after 10 s",
          transcript: call(["agent", "请讲", 0, 2], ["agent", "您好", 20, 21]),
          violations: [{ ruleId: "g", turn: 0 }],
        },
      ],
      valid: [{ name: "您好 in the first 10 s", transcript: call(["agent", "您好", 0, 2]) }],
    },
  );
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

  tester.run("requires the reply within N turns of the speaker after the trigger", apology, {
    invalid: [
      {
        name: "the apology comes a turn too late",
        transcript: call(["customer", "你们太慢了"], ["agent", "请讲"], ["agent", "您说"], ["agent", "抱歉"]),
        violations: [
          {
            ruleId: "flow.apology",
            speaker: "agent",
            turn: 1,
            text: "请讲\n您说",
            detail: "“太慢”之后2 轮内未见应有的回应",
          },
        ],
      },
    ],
    valid: [
      {
        name: "the apology comes in time",
        transcript: call(
          ["customer", "你们太慢了"],
          ["customer", "我要投诉"],
          ["agent", "请讲"],
          ["agent", "非常抱歉"],
        ),
      },
    ],
  });

  // ASR cuts the agent's reply at its pauses: in a timed call, N turns are N runs of segments.
  const segmentedReply = call(
    ["customer", "你们太慢了", 0, 2],
    ["agent", "嗯", 3, 4],
    ["agent", "这个", 4, 5],
    ["agent", "非常抱歉给您带来不便", 5, 8],
  );
  tester.run("in a timed call, counts the segments the speaker says in a row as one turn", apology, {
    valid: [
      {
        name: "the apology in the third segment of the first reply",
        transcript: segmentedReply,
      },
      {
        name: "the apology in the second reply, after the customer spoke again",
        transcript: call(
          ["customer", "你们太慢了", 0, 2],
          ["agent", "嗯", 3, 4],
          ["agent", "您说", 4, 5],
          ["customer", "我等了三天", 5, 7],
          ["agent", "非常抱歉", 8, 9],
        ),
      },
    ],
    invalid: [
      {
        name: "the apology in the third reply",
        transcript: call(
          ["customer", "你们太慢了", 0, 2],
          ["agent", "嗯", 3, 4],
          ["customer", "喂", 4, 5],
          ["agent", "您说", 5, 6],
          ["agent", "我听着", 6, 7],
          ["customer", "我等了三天", 7, 9],
          ["agent", "非常抱歉", 10, 11],
        ),
        violations: [{ ruleId: "flow.apology", turn: 1, text: "嗯\n您说\n我听着" }],
      },
      {
        name: "untimed lines are turns",
        transcript: untimed(segmentedReply),
        violations: [{ ruleId: "flow.apology", turn: 1 }],
      },
    ],
  });

  // A hold ends a reply: the agent who comes back after 我查一下 您稍等 and a minute's silence
  // replies anew, as a QA reviewer counts replies.
  /** A complaint, the agent's two replies, and 非常抱歉 said `after` seconds after the second. */
  const apologyAfter = (after: number) =>
    call(
      ["customer", "你们太慢了", 0, 2],
      ["agent", "航班号多少", 3, 4],
      ["customer", "三幺零四", 5, 6],
      ["agent", "我查一下 您稍等", 7, 8],
      ["agent", "非常抱歉", 8 + after, 9 + after],
    );
  tester.run("in a timed call, a silence of 10 s or more ends the speaker's turn", apology, {
    invalid: [
      {
        name: "the apology only after the hold that ended the second reply",
        transcript: apologyAfter(52),
        violations: [{ ruleId: "flow.apology", turn: 1, text: "航班号多少\n我查一下 您稍等" }],
      },
    ],
    valid: [{ name: "a pause of a few seconds does not", transcript: apologyAfter(4) }],
  });

  tester.run("judges nothing when the speaker does not speak again after the trigger", apology, {
    valid: [
      {
        name: "the agent says nothing after the trigger",
        transcript: call(["agent", "您好"], ["customer", "我很不满意"]),
      },
    ],
    invalid: [
      {
        name: "the agent speaks without apology",
        transcript: call(["agent", "您好"], ["customer", "我很不满意"], ["agent", "好的"]),
        violations: [{ ruleId: "flow.apology", turn: 2 }],
      },
    ],
  });

  // Triggers are looked for only in turns whose window lacks a reply; a count still takes the whole call.
  tester.run(
    "a trigger that needs two complaints counts the answered one too",
    apology.replace("speaker: customer }", "speaker: customer, min: 2 }"),
    {
      invalid: [
        {
          name: "the first complaint answered, the second not",
          transcript: call(["customer", "我要投诉"], ["agent", "抱歉"], ["customer", "太慢了"], ["agent", "好的"]),
          violations: [{ ruleId: "flow.apology", turn: 3, detail: "“太慢”之后2 轮内未见应有的回应" }],
        },
      ],
      valid: [
        {
          name: "one complaint, unanswered",
          transcript: call(["customer", "太慢了"], ["agent", "好的"]),
        },
      ],
    },
  );

  const inSeconds = call(["customer", "太慢了", 0, 2], ["agent", "请讲", 3, 4], ["agent", "抱歉", 20, 21]);
  tester.run(
    "measures a window in seconds from the end of the trigger turn",
    apology.replace("{ turns: 2 }", "{ seconds: 10 }"),
    {
      invalid: [
        {
          name: "the apology 18 s after the trigger",
          transcript: inSeconds,
          violations: [{ ruleId: "flow.apology", turn: 1 }],
        },
      ],
      valid: [
        {
          name: "the apology 9 s after the trigger",
          transcript: call(["customer", "太慢了", 0, 2], ["agent", "抱歉", 11, 12]),
        },
        {
          name: "a seconds window without times gives a notice",
          transcript: untimed(inSeconds),
          notices: [MISSING_TIMES],
        },
      ],
    },
  );

  const thanksAfterHold = `rules:
  - id: flow.thanks-after-hold
    type: response
    trigger: { phrases: [请您稍等, 请稍等] }
    reply: { phrases: [感谢您的耐心等待, 让您久等了] }
    replyWithin: { turns: 1 }
    message: 等待后须致谢
`;
  tester.run("thanks after a hold: a reply by the same speaker", thanksAfterHold, {
    invalid: [
      { script: "坐席:请您稍等,我查一下\n坐席:查到了", violations: [{ ruleId: "flow.thanks-after-hold", turn: 1 }] },
    ],
    valid: ["坐席:请您稍等,我查一下\n客户:好\n坐席:让您久等了"],
  });

  tester.run("thanks after a hold: segments going on with the trigger's run are the trigger's turn", thanksAfterHold, {
    valid: [
      {
        name: "the agent comes back after a hold, no one having spoken: its next turn",
        transcript: call(["agent", "请您稍等", 0, 2], ["agent", "嗯", 60, 61], ["agent", "让您久等了", 61, 63]),
      },
      {
        name: "the agent comes back after the customer's 好",
        transcript: call(["agent", "请您稍等", 0, 2], ["customer", "好", 2, 3], ["agent", "让您久等了", 60, 62]),
      },
    ],
    invalid: [
      {
        name: "the thanks only in the agent's second turn after the hold",
        transcript: call(
          ["agent", "请您稍等", 0, 2],
          ["customer", "好", 2, 3],
          ["agent", "查到了", 60, 62],
          ["customer", "嗯", 62, 63],
          ["agent", "让您久等了", 63, 65],
        ),
        violations: [{ ruleId: "flow.thanks-after-hold", turn: 2 }],
      },
    ],
  });

  // 您稍等 answered at once (看到了…) announced no wait: only a silence after it makes it a hold.
  const holdWithSilence = thanksAfterHold.replace(
    "replyWithin: { turns: 1 }",
    "replyWithin: { turns: 2 }\n    silenceAfter: { seconds: 10 }",
  );
  /** 请稍等 said from 0 to 1 s, then the turns given. */
  const afterHold = (...turns: TurnSpec[]) => call(["agent", "请稍等", 0, 1], ...turns);
  tester.run("silenceAfter: only a trigger a silence follows needs the reply", holdWithSilence, {
    valid: [
      {
        name: "请稍等 and the agent goes on at once",
        transcript: afterHold(["agent", "看到了", 1.2, 4], ["customer", "几点来", 9, 11], ["agent", "今天", 12, 13]),
      },
      {
        name: "a pause shorter than the silence asked for",
        transcript: afterHold(["agent", "这期已经缴过了", 5.3, 8]),
      },
      {
        name: "a silence only after the agent's next reply is that reply's",
        transcript: afterHold(["customer", "好", 1, 2], ["agent", "查到了", 3, 4], ["customer", "嗯", 30, 31]),
      },
    ],
    invalid: [
      {
        name: "the silence right after the trigger",
        transcript: afterHold(["agent", "查到了", 40, 42]),
        violations: [{ ruleId: "flow.thanks-after-hold", turn: 1 }],
      },
      {
        name: "the silence after the rest of the trigger's run",
        transcript: afterHold(["agent", "我这边调一下详单", 1.2, 4], ["agent", "嗯 是这样", 50, 52]),
        violations: [{ ruleId: "flow.thanks-after-hold", turn: 1 }],
      },
      {
        name: "the silence after the customer's 好",
        transcript: afterHold(["customer", "好", 1.2, 2], ["agent", "查到了", 45, 47]),
        violations: [{ ruleId: "flow.thanks-after-hold", turn: 2 }],
      },
      {
        name: "without times every trigger counts",
        transcript: untimed(afterHold(["agent", "看到了", 1.2, 3])),
        violations: [{ ruleId: "flow.thanks-after-hold", turn: 1 }],
      },
    ],
  });

  // The customer complains again after the agent apologised: the grievance has had its apology.
  const apologyOnce = apology.replace("replyWithin: { turns: 2 }", "replyWithin: { turns: 2 }\n    replyOnce: true");
  tester.run("with replyOnce, a trigger after one that had its reply needs none", apologyOnce, {
    valid: [
      {
        name: "the second complaint after the apology",
        transcript: call(
          ["customer", "你们太慢了"],
          ["agent", "非常抱歉"],
          ["agent", "我帮您查一下"],
          ["customer", "我不满意"],
          ["agent", "有发过短信的"],
          ["customer", "好吧"],
          ["agent", "还有别的问题吗"],
        ),
      },
    ],
    invalid: [
      {
        name: "the first complaint unanswered, the second answered",
        transcript: call(
          ["customer", "你们太慢了"],
          ["agent", "您说"],
          ["agent", "嗯"],
          ["customer", "我不满意"],
          ["agent", "抱歉"],
        ),
        violations: [{ ruleId: "flow.apology", turn: 1 }],
      },
      {
        name: "an apology with no complaint before it answers none after it",
        transcript: call(["agent", "抱歉 刚才没听清"], ["customer", "我不满意"], ["agent", "您说"], ["agent", "嗯"]),
        violations: [{ ruleId: "flow.apology", turn: 2 }],
      },
    ],
  });

  tester.run(
    "with expect: absent, forbids the reply, reported once even after two triggers",
    `rules:
  - id: no-blame
    type: response
    trigger: { phrases: [投诉], speaker: customer }
    reply: { phrases: [随便你] }
    replyWithin: { turns: 1 }
    expect: absent
    message: 客户投诉时不能推诿
`,
    {
      invalid: [
        {
          script: "客户:我要投诉\n客户:我一定投诉\n坐席:随便你",
          violations: [{ ruleId: "no-blame", turn: 2, text: "随便你" }],
        },
      ],
    },
  );
});

describe("order and proximity", () => {
  const order = `rules:
  - { id: o, type: order, first: { phrases: [您好] }, then: { phrases: [再见] }, message: 先问候后道别 }
`;
  tester.run("order: the first match of `then` must follow a match of `first`", order, {
    valid: ["您好\n再见", "请讲"],
    invalid: [
      { script: "再见\n您好", violations: [{ ruleId: "o", turn: 0, text: "再见" }] },
      { script: "请讲\n再见", violations: 1 },
    ],
  });
  // A `first` that does not hold (one 您好 where two are required) anchors nothing.
  tester.run(
    "order: a `first` that does not hold anchors nothing",
    order.replace("first: { phrases: [您好] }", "first: { phrases: [您好], min: 2 }"),
    {
      invalid: [{ script: "您好\n再见", violations: 1 }],
    },
  );

  tester.run(
    "near: two matches within N characters in one turn, punctuation not counted",
    `rules:
  - id: n
    type: condition
    mustNot: { near: [{ phrases: [保证] }, { phrases: [收益] }], chars: 4 }
    message: 不得承诺收益
`,
    {
      invalid: [{ script: "我保证,您的收益很高", violations: [{ text: "保证" }, { text: "收益" }] }],
      valid: ["我保证会在三个工作日内把收益说明寄给您", "我保证\n收益很高"],
    },
  );
  tester.run(
    "atLeast: N of the conditions matched in one turn, none of unlessTurn said in it",
    `rules:
  - id: complaint
    type: response
    trigger:
      atLeast: 2
      unlessTurn: [请问]
      of:
        - { phrases: ["{说好|不是说}"], speaker: customer, boundary: none }
        - { phrases: [又, 还没], speaker: customer, boundary: none }
        - { phrases: [没到, 没来], speaker: customer, boundary: none }
    reply: { phrases: [抱歉] }
    replyWithin: { turns: 1 }
    message: 客户抱怨后须致歉
`,
    {
      invalid: [
        { script: "客户:说好今天到的 又没到\n坐席:明天上午到", violations: 1 },
        // two words of one condition count once, a third condition's word makes two
        { script: "客户:又没来 还没来\n坐席:师傅下午到", violations: 1 },
      ],
      valid: [
        "客户:快递没到\n坐席:明天上午到",
        "客户:又是我 还没修好吗\n坐席:下午修好",
        // in one turn each, not together
        "客户:说好今天到的\n坐席:我查一下\n客户:又是这样\n坐席:明天上午到",
        "客户:请问说好今天到的 又没到是怎么回事\n坐席:明天上午到",
        "客户:说好今天到的 又没到\n坐席:抱歉 明天上午到",
      ],
    },
  );
});

describe("boolean composition and counts", () => {
  tester.run(
    "evaluates all / any / not at any depth",
    `rules:
  - id: verify
    type: condition
    must:
      any:
        - all: [{ phrases: [身份证] }, { phrases: [后四位] }]
        - not: { phrases: [办理, 修改], speaker: customer }
    message: 办理业务前须核实身份
`,
    {
      valid: ["客户:我想修改套餐\n坐席:请提供身份证后四位", "客户:随便问问\n坐席:好的"],
      // Reported at the evidence: the request to 修改 that made the `not` fail.
      invalid: [{ script: "客户:我想修改套餐\n坐席:好的", violations: [{ ruleId: "verify", turn: 0, text: "修改" }] }],
    },
  );

  tester.run(
    "counts: at most N times in a window",
    `rules:\n  - { id: c, type: condition, must: { phrases: [对不起], max: 2 }, message: 不要反复道歉 }\n`,
    {
      valid: ["对不起\n对不起"],
      invalid: [{ script: "对不起\n对不起\n对不起", violations: 1 }],
    },
  );
  tester.run(
    "counts: at least N times in a window",
    `rules:\n  - { id: c, type: condition, must: { phrases: [请问], min: 2, within: { first: 3 } }, message: m }\n`,
    {
      valid: ["请问\n好的\n请问"],
      invalid: [{ script: "请问\n好的\n好的\n请问", violations: 1 }],
    },
  );

  tester.run(
    "regex conditions run over the normalised text (no spaces or punctuation)",
    `rules:\n  - { id: phone, type: condition, mustNot: { regex: '1[3-9]\\d{9}' }, message: 不要念出完整手机号 }\n`,
    {
      invalid: [{ script: "您的号码是 138 1234 5678", violations: [{ text: "138 1234 5678" }] }],
      valid: ["您的号码尾号5678"],
    },
  );
});

describe("contexts that take a condition's match back (unless)", () => {
  // 我不是要投诉 and 上次投诉的已经解决了 say 投诉 of no complaint; 我要投诉 is one.
  tester.run(
    "a trigger said inside an unless context is none",
    `rules:
  - id: apology
    type: response
    trigger:
      phrases: [投诉, 太慢]
      speaker: customer
      boundary: none
      unless: ["{不是要|不用|不想}投诉", "投诉的{事情}?{已经}?解决了", "[没] [打算] [投诉]"]
    reply: { phrases: [抱歉] }
    replyWithin: { turns: 1 }
    message: m
`,
    {
      valid: [
        "客户:我不是要投诉 就想问问进度\n坐席:好的 我查一下",
        "客户:上次投诉的已经解决了 这次想办个业务\n坐席:好的",
        "客户:我没打算投诉你们\n坐席:好的",
        "客户:你们太慢了\n坐席:抱歉",
      ],
      invalid: [
        { script: "客户:我要投诉\n坐席:好的", violations: [{ ruleId: "apology", turn: 1 }] },
        // The context covers a match within its clause only; the other matches of the turn still count.
        { script: "客户:我不是要投诉,但是你们太慢了\n坐席:好的", violations: 1 },
        { script: "客户:不是要投诉,投诉的人是我爸\n坐席:好的", violations: 1 },
      ],
    },
  );

  const saidWithFillers = `rules:
  - id: apology
    type: response
    trigger: { phrases: [投诉], speaker: customer, unless: ["{不是要|不用}投诉"] }
    reply: { phrases: [抱歉] }
    replyWithin: { turns: 1 }
    message: m
  - { id: dont-know, type: forbidden, phrases: [不知道], unless: [如果您不知道], message: m }
`;
  tester.run("look through fillers where the phrases do: in what was said", saidWithFillers, {
    valid: [
      { transcript: call(["customer", "我不是嗯要投诉 就想问问进度"], ["agent", "好的"]) },
      { transcript: call(["agent", "如果您嗯不知道卡号 报身份证也行"]) },
    ],
    invalid: [{ transcript: call(["customer", "我要嗯投诉"], ["agent", "好的"]), violations: [{ ruleId: "apology" }] }],
  });

  tester.run("…and across the pauses of speech without punctuation, not across a typed comma", saidWithFillers, {
    valid: [
      { transcript: call(["customer", "我不是 要投诉 就想问问进度"], ["agent", "好的"]) },
      { transcript: call(["agent", "如果您_不知道卡号 报身份证也行"]) },
    ],
    invalid: [{ transcript: call(["agent", "如果您,不知道卡号 报身份证也行"]), violations: [{ ruleId: "dont-know" }] }],
  });

  it("…not in a script, where the phrases do not either", () => {
    const found = lintSync("坐席:如果您嗯不知道卡号 报身份证也行", { rules: parseRules(saidWithFillers) }).violations;
    expect(found.map((violation) => [violation.ruleId, violation.text])).toEqual([["dont-know", "不知道"]]);
  });

  tester.run(
    "in any condition with phrases",
    `rules:\n  - { id: promise, type: condition, mustNot: { phrases: [保证], unless: [不保证] }, message: m }\n`,
    {
      valid: ["坐席:这个我们不保证"],
      invalid: [{ script: "坐席:我保证明天到", violations: [{ ruleId: "promise", text: "保证" }] }],
    },
  );

  tester.run(
    "in a required rule: a match inside one does not say the phrase",
    `rules:
  - id: thanks
    type: required
    phrases: ["{谢谢|感谢}{您}?"]
    unless: ["{谢谢|感谢}您的耐心等待"]
    within: { last: 2 }
    message: m
`,
    {
      valid: ["客户:好的\n坐席:感谢您的来电", "坐席:感谢您的耐心等待 查到了\n客户:好\n坐席:谢谢 再见"],
      invalid: [
        { script: "坐席:请稍等\n坐席:感谢您的耐心等待 查到了\n客户:好\n坐席:再见", violations: [{ ruleId: "thanks" }] },
      ],
    },
  );

  it("are worked out ahead of time in the packs' snapshot, as a forbidden rule's are", () => {
    const yamlText = `rules:
  - { id: r, type: response, trigger: { phrases: [投诉], unless: ["{不是要|不用}投诉"] }, reply: { phrases: [抱歉] }, replyWithin: { turns: 1 }, message: m }
  - { id: f, type: forbidden, phrases: [喂], unless: [喂养], message: m }
`;
    const { snapshot } = makeBuiltinSnapshot([{ name: "p", path: "p.yaml", yamlText }]);
    expect(new Map(snapshot.wordings).get("{不是要|不用}投诉")).toEqual(["不是要投诉", "不用投诉"]);
    expect(new Map(snapshot.wordings).get("喂养")).toEqual(["喂养"]);
  });
});

describe("a required phrase the other party answers with new business", () => {
  // 还有别的问题吗 answered with a new question is not the call's last question: the agent
  // answers it and should ask again; answered 没有了, or not at all, it closes the call.
  const rule = `rules:
  - id: else
    type: required
    phrases: [还有别的问题吗]
    unlessAnswered: ["{对了|还有个事}", "[] [吗] $"]
    within: { last: 3 }
    message: m
`;
  const closing = (answer: string) =>
    call(
      ["agent", "已经给您改好了", 0, 2],
      ["agent", "还有别的问题吗", 2, 3],
      ["customer", "哦", 4, 5],
      ["customer", answer, 5, 7],
      ["agent", "二十公斤", 8, 9],
      ["customer", "好", 9, 10],
      ["agent", "感谢您的来电 再见", 10, 12],
    );
  tester.run("unlessAnswered", rule, {
    valid: [
      { name: "answered 没有了", transcript: closing("没有了 谢谢") },
      {
        name: "the call ends on the question",
        transcript: call(["customer", "好的", 0, 1], ["agent", "还有别的问题吗", 1, 2]),
      },
      {
        name: "asked again after the new question",
        transcript: untimed(
          call(
            ["agent", "还有别的问题吗", 0, 1],
            ["customer", "对了 能选座吗", 1, 2],
            ["agent", "可以 还有别的问题吗", 2, 3],
          ),
        ),
      },
    ],
    invalid: [
      {
        name: "answered with 对了 in the customer's second segment",
        transcript: closing("对了 行李额是多少"),
        violations: [{ ruleId: "else" }],
      },
      { name: "answered with a question", transcript: closing("补卡是去哪都能补吗"), violations: [{ ruleId: "else" }] },
      { name: "untimed lines", transcript: untimed(closing("补卡是去哪都能补吗")), violations: [{ ruleId: "else" }] },
    ],
  });

  it("looks for the answers only in the turns that follow a match, with the customer's phrases", () => {
    const [required] = parseRules(rule).rules;
    expect(phraseListsOf(required!).flatMap((list) => list.phrases)).toEqual(["还有别的问题吗"]);
    expect(occasionalListsOf(required!).flatMap((list) => list.phrases)).toEqual(["{对了|还有个事}", "[] [吗] $"]);
  });

  it("is decided at the end of the call, when the answer is known", () => {
    const rules = parseRules(`rules:
  - { id: first, type: required, phrases: [您好], unlessAnswered: [什么], within: { first: 1 }, message: m }
`);
    expect(rules.decidability(rules.rules[0]!)).toBe("end-of-call");
  });
});

describe("a required phrase that stands after one short follow-up", () => {
  // 还有别的问题吗 answered 哦对了 网上能办吗: the agent answers, the customer says 好 谢谢 and the call
  // ends with no closing of the agent's own (不客气): the question was the call's last one.
  const rule = `rules:
  - id: else
    type: required
    phrases: [还有别的问题吗]
    unlessAnswered: ["{对了|还有个事}"]
    afterFollowUp: ["{好的|嗯}", "{不客气|您客气了}{再见}?"]
    within: { last: 4 }
    message: m
`;
  const followUp = (question: string, ...end: TurnSpec[]) =>
    call(
      ["agent", "已经给您办好了", 0, 2],
      ["agent", "还有别的问题吗", 2, 3],
      ["customer", question, 4, 6],
      ["agent", "可以的", 7, 8],
      ["agent", "在app上就能办", 8, 9],
      ["customer", "好 谢谢", 10, 11],
      ...end,
    );
  tester.run("afterFollowUp", rule, {
    valid: [
      { name: "the call ends on the customer's thanks", transcript: followUp("哦对了 网上能办吗") },
      {
        name: "the agent answers the thanks",
        transcript: followUp("哦对了 网上能办吗", ["agent", "您客气了 再见", 12, 13]),
      },
      {
        name: "…in two segments",
        transcript: followUp("哦对了 网上能办吗", ["agent", "嗯", 12, 13], ["agent", "不客气", 13, 14]),
      },
      {
        name: "untimed lines",
        transcript: untimed(
          call(
            ["agent", "还有别的问题吗"],
            ["customer", "对了 能开发票吗"],
            ["agent", "能"],
            ["customer", "好"],
            ["agent", "不客气"],
          ),
        ),
      },
    ],
    invalid: [
      {
        name: "the agent closes anew",
        transcript: followUp("哦对了 网上能办吗", ["agent", "好的 感谢您的来电 再见", 12, 13]),
        violations: [{ ruleId: "else" }],
      },
      {
        name: "a follow-up too long to be one short question",
        transcript: followUp("哦对了 还有个事 我家宽带跟这个套餐是绑在一起的 改了会不会有影响"),
        violations: [{ ruleId: "else" }],
      },
      {
        name: "answered after a hold",
        transcript: call(
          ["agent", "还有别的问题吗", 0, 1],
          ["customer", "哦对了 网上能办吗", 2, 4],
          ["agent", "我查一下 您稍等", 5, 6],
          ["agent", "可以的", 30, 31],
          ["customer", "好", 32, 33],
        ),
        violations: [{ ruleId: "else" }],
      },
      {
        name: "a second question after the answer",
        transcript: followUp(
          "哦对了 网上能办吗",
          ["customer", "那营业厅几点关门啊 周末开不开", 12, 14],
          ["agent", "不客气", 15, 16],
        ),
        violations: [{ ruleId: "else" }],
      },
      {
        name: "untimed: the answer in two lines",
        transcript: untimed(
          call(
            ["agent", "还有别的问题吗"],
            ["customer", "对了 能开发票吗"],
            ["agent", "我查一下"],
            ["agent", "能"],
            ["customer", "好"],
          ),
        ),
        violations: [{ ruleId: "else" }],
      },
    ],
  });

  it("needs unlessAnswered", () => {
    expect(() =>
      parseRules(`rules:
  - { id: r, type: required, phrases: [还有别的吗], afterFollowUp: [不客气], within: { last: 3 }, message: m }
`),
    ).toThrow(/afterFollowUp 须与 unlessAnswered 一起使用/);
  });
});

describe("a required phrase declined first, then followed up", () => {
  // 还有别的问题吗 / 没有了 / 哦 对了 第二档多少钱 / 高五分钱 / 好 知道了 / 好的 感谢您的来电: the customer said no and came
  // back with one short question; the question was asked and answered, however the agent then closes.
  const rule = `rules:
  - id: else
    type: required
    phrases: [还有别的问题吗]
    unlessAnswered: ["{对了|还有个事}"]
    declinedFirst: ["{嗯|哦}?{没有了|没了}"]
    within: { last: 4 }
    message: m
`;
  const declined = (first: string, ...end: TurnSpec[]) =>
    call(
      ["agent", "还有别的问题吗", 0, 1],
      ["customer", first, 2, 3],
      ["customer", "哦 对了 第二档多少钱", 3.5, 5],
      ["agent", "比第一档高五分钱", 6, 7],
      ["customer", "好 知道了", 8, 9],
      ...end,
    );
  tester.run("declinedFirst", rule, {
    valid: [
      {
        name: "declined, then the agent closes anew",
        transcript: declined("没有了", ["agent", "好的 感谢您的来电", 10, 11]),
      },
      { name: "declined with a filler", transcript: declined("嗯 没有了", ["agent", "感谢您的来电 再见", 10, 11]) },
      {
        name: "declined in the same turn as the follow-up",
        transcript: untimed(
          call(
            ["agent", "还有别的问题吗"],
            ["customer", "没了 哦对了 能开发票吗"],
            ["agent", "能"],
            ["customer", "好"],
            ["agent", "感谢来电"],
          ),
        ),
      },
    ],
    invalid: [
      {
        name: "not declined: the follow-up alone, and the agent closes anew",
        transcript: untimed(
          call(
            ["agent", "还有别的问题吗"],
            ["customer", "对了 能开发票吗"],
            ["agent", "能"],
            ["customer", "好"],
            ["agent", "感谢来电"],
          ),
        ),
        violations: [{ ruleId: "else" }],
      },
      {
        name: "declined, but the follow-up too long to be one short question",
        transcript: untimed(
          call(
            ["agent", "还有别的问题吗"],
            ["customer", "没有了 哦对了 还有个事 我家宽带跟这个套餐是绑在一起的"],
            ["agent", "不影响"],
            ["customer", "好"],
            ["agent", "感谢来电"],
          ),
        ),
        violations: [{ ruleId: "else" }],
      },
      {
        name: "declined, and a second question after the answer",
        transcript: declined(
          "没有了",
          ["customer", "那营业厅几点关门啊 周末开不开", 10, 12],
          ["agent", "九点", 13, 14],
        ),
        violations: [{ ruleId: "else" }],
      },
    ],
  });

  it("needs unlessAnswered", () => {
    expect(() =>
      parseRules(`rules:
  - { id: r, type: required, phrases: [还有别的吗], declinedFirst: [没有了], within: { last: 3 }, message: m }
`),
    ).toThrow(/declinedFirst 须与 unlessAnswered 一起使用/);
  });
});

describe("a required phrase the other party asks for", () => {
  // The agent of an outbound call says 喂 您好, the customer asks 哪位, and the agent names the
  // company in its next turn: that turn answers, and is in the rule's first-turn window.
  const rule = `rules:
  - id: identify
    type: required
    phrases: [银行]
    within: { first: 1 }
    whenAsked: ["{哪位|你是谁}"]
    message: m
`;
  tester.run("whenAsked", rule, {
    valid: [
      {
        name: "named in the first turn",
        transcript: untimed(call(["agent", "您好 这里是平安银行", 0, 1], ["customer", "嗯", 1, 2])),
      },
      {
        name: "named in the turn that answers 哪位",
        transcript: call(
          ["agent", "喂 您好", 0, 1],
          ["agent", "请问是李先生吗", 1, 2],
          ["customer", "对", 2, 3],
          ["customer", "你哪位", 3, 4],
          ["agent", "我这边是平安银行的", 4, 6],
        ),
      },
      {
        name: "untimed lines",
        transcript: untimed(
          call(["agent", "喂 您好", 0, 1], ["customer", "喂 哪位", 1, 2], ["agent", "我这边是平安银行的", 2, 3]),
        ),
      },
    ],
    invalid: [
      {
        name: "named only after a turn nobody asked for",
        transcript: untimed(
          call(["agent", "喂 您好", 0, 1], ["customer", "喂", 1, 2], ["agent", "我这边是平安银行的", 2, 3]),
        ),
        violations: [{ ruleId: "identify" }],
      },
      {
        name: "asked, and not named in the answer either",
        transcript: untimed(
          call(
            ["agent", "喂 您好", 0, 1],
            ["customer", "喂 哪位", 1, 2],
            ["agent", "我姓李", 2, 3],
            ["agent", "平安银行的", 3, 4],
          ),
        ),
        violations: [{ ruleId: "identify" }],
      },
    ],
  });

  it("looks for the question only in the turns that follow the window, with the customer's phrases", () => {
    const [required] = parseRules(rule).rules;
    expect(phraseListsOf(required!).flatMap((list) => list.phrases)).toEqual(["银行"]);
    expect(occasionalListsOf(required!).flatMap((list) => list.phrases)).toEqual(["{哪位|你是谁}"]);
  });

  it("is decided per turn (once the answer or the speaker's next turn is over), and needs a first-turns window", () => {
    const rules = parseRules(rule);
    expect(rules.decidability(rules.rules[0]!)).toBe("per-turn");
    expect(() =>
      parseRules(`rules:
  - { id: r, type: required, phrases: [银行], whenAsked: [哪位], within: { last: 1 }, message: m }
`),
    ).toThrow(/whenAsked 须与 within: \{ first: N \} 一起使用/);
  });
});

describe("a required phrase said once the other party has said nothing of its business", () => {
  // The agent opens (您好), the customer checks the line (喂 听得到吗) or asks back the company (是电信吗),
  // and the agent's next turn (听得到 您说) still opens the call: it is in the first-turn window.
  const rule = `rules:
  - id: offer
    type: required
    phrases: [您说]
    within: { first: 1 }
    untilBusiness: ["{喂|你好|听得到吗}", "[是] [#n] [吗]"]
    message: m
`;
  tester.run("untilBusiness", rule, {
    valid: [
      {
        name: "said after a line check",
        transcript: untimed(call(["agent", "您好"], ["customer", "喂 喂 听得到吗"], ["agent", "听得到 您说"])),
      },
      {
        name: "said after the company asked back, a pattern with a phrase",
        transcript: untimed(call(["agent", "您好"], ["customer", "喂 你好 是电信吗"], ["agent", "是的 您说"])),
      },
      {
        name: "timed, the customer's 喂 said first and the line check in two segments",
        transcript: call(
          ["customer", "喂", 0, 0.5],
          ["agent", "您好", 1, 1.5],
          ["customer", "喂", 2, 2.3],
          ["customer", "听得到吗", 2.5, 3],
          ["agent", "听得到", 3.5, 4],
          ["agent", "您说", 4.2, 4.6],
        ),
      },
    ],
    invalid: [
      {
        name: "said after business, in the same turn as the 喂",
        transcript: untimed(call(["agent", "您好"], ["customer", "喂 我想查话费"], ["agent", "好的 您说"])),
        violations: [{ ruleId: "offer" }],
      },
      {
        name: "said after business, in a segment of its own after the 喂",
        transcript: untimed(call(["agent", "您好"], ["customer", "喂"], ["customer", "查话费"], ["agent", "您说"])),
        violations: [{ ruleId: "offer" }],
      },
      {
        name: "said after an acknowledgement, the business begun before the window",
        transcript: untimed(
          call(["customer", "我的快递到哪了"], ["agent", "在路上了"], ["customer", "喂"], ["agent", "您说"]),
        ),
        violations: [{ ruleId: "offer" }],
      },
      {
        name: "said in the speaker's third turn",
        transcript: untimed(
          call(["agent", "您好"], ["customer", "喂"], ["agent", "喂"], ["customer", "喂"], ["agent", "您说"]),
        ),
        violations: [{ ruleId: "offer" }],
      },
    ],
  });

  it("is looked for only in the turns that follow the window, and needs a first-turns window", () => {
    const [required] = parseRules(rule).rules;
    expect(occasionalListsOf(required!).flatMap((list) => list.phrases)).toEqual([
      "{喂|你好|听得到吗}",
      "[是] [#n] [吗]",
    ]);
    expect(() =>
      parseRules(`rules:
  - { id: r, type: required, phrases: [您说], untilBusiness: [喂], within: { last: 1 }, message: m }
`),
    ).toThrow(/untilBusiness 须与 within: \{ first: N \} 一起使用/);
  });
});

describe("a required phrase asked in the speaker's answer to the other party's first business", () => {
  // The agent opens (您好 歌华有线), the customer asks its first question, and the agent's answer ends
  // 您还有别的问题吗: it offered help, after the first answer (issue #28).
  const rule = `rules:
  - id: offer
    type: required
    phrases: [有什么可以帮您]
    within: { first: 1 }
    untilBusiness: ["{喂|听得到吗}"]
    inFirstAnswer: ["还有{别的|其他}{问题|需要}"]
    message: m
`;
  tester.run("inFirstAnswer", rule, {
    valid: [
      {
        name: "asked at the end of the first answer",
        transcript: untimed(
          call(
            ["agent", "您好 歌华有线"],
            ["customer", "4K盒子怎么办理"],
            ["agent", "您可以到营业厅办理"],
            ["agent", "您还有别的问题吗"],
          ),
        ),
      },
      {
        name: "timed, answered after a hold and asked after it",
        transcript: call(
          ["agent", "您好 燃气公司", 0, 1],
          ["customer", "我家燃气表不走字了", 1.5, 3],
          ["agent", "您稍等 我查一下", 3.5, 4.5],
          ["agent", "已经给您派单了 明天上午师傅上门", 30, 32],
          ["agent", "请问还有其他需要吗", 32.5, 33.5],
          ["customer", "没了", 34, 34.5],
        ),
      },
      {
        name: "asked in the first answer after a line check brought the agent's next turn in",
        transcript: untimed(
          call(
            ["agent", "您好"],
            ["customer", "喂 听得到吗"],
            ["agent", "听得到"],
            ["customer", "我要报修"],
            ["agent", "好的 已经登记了 还有别的问题吗"],
          ),
        ),
      },
      {
        name: "after the customer's 喂 before the opening",
        transcript: untimed(
          call(["customer", "喂"], ["agent", "您好 电信"], ["customer", "查话费"], ["agent", "五十元 还有别的需要吗"]),
        ),
      },
    ],
    invalid: [
      {
        name: "asked only after a second question",
        transcript: untimed(
          call(
            ["agent", "您好 电信"],
            ["customer", "查话费"],
            ["agent", "余额五十元"],
            ["customer", "那流量呢"],
            ["agent", "还剩两个G 还有别的问题吗"],
          ),
        ),
        violations: [{ ruleId: "offer" }],
      },
      {
        name: "asked by the customer",
        transcript: untimed(call(["agent", "您好 电信"], ["customer", "查话费 还有别的问题"], ["agent", "余额五十元"])),
        violations: [{ ruleId: "offer" }],
      },
      {
        name: "asked in the speaker's first turn after the other party's business: that turn is the first answer, and the window",
        transcript: untimed(
          call(
            ["customer", "帮我申请售后"],
            ["agent", "您稍等"],
            ["customer", "好"],
            ["agent", "已提交 还有别的问题吗"],
          ),
        ),
        violations: [{ ruleId: "offer" }],
      },
    ],
  });

  it("is looked for only in the turns of the answer, and needs a first-turns window", () => {
    const [required] = parseRules(rule).rules;
    expect(occasionalListsOf(required!).flatMap((list) => list.phrases)).toContain("还有{别的|其他}{问题|需要}");
    expect(phraseListsOf(required!).flatMap((list) => list.phrases)).not.toContain("还有{别的|其他}{问题|需要}");
    expect(() =>
      parseRules(`rules:
  - { id: r, type: required, phrases: [您说], inFirstAnswer: [还有别的问题], within: { last: 1 }, message: m }
`),
    ).toThrow(/inFirstAnswer 须与 within: \{ first: N \} 一起使用/);
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
  - { id: resp-at-least, type: response, trigger: { atLeast: 2, of: [{ phrases: [太] }, { phrases: [慢] }] }, reply: { phrases: [抱歉] }, replyWithin: { turns: 2 }, message: m }
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
      "resp-at-least": "per-turn",
      "order-twice": "end-of-call",
    });
  });
});

describe("lists said by the customer", () => {
  const rules = `rules:
  - { id: c.forbidden, type: forbidden, speaker: customer, phrases: [投诉], message: m }
  - id: c.condition
    type: condition
    mustNot: { any: [{ phrases: [退款], speaker: customer }, { phrases: [随便] }] }
    message: m
  - { id: c.response, type: response, trigger: { phrases: [太慢], speaker: customer }, reply: { phrases: [抱歉] }, replyWithin: { turns: 1 }, message: m }
`;

  it("are kept out of the automaton the agent's turns are scanned with, and that of occasional lists, in one of their own", () => {
    const set = parseRules(rules);
    const [forbidden, condition, response] = set.rules;
    const saidByCustomer = [forbidden!, condition!, response!].flatMap(customerListsOf);
    expect(customerListsOf(forbidden!)).toEqual([forbidden]);
    expect(saidByCustomer.map((list) => list.phrases)).toEqual([["投诉"], ["退款"], ["太慢"]]);
    for (const list of saidByCustomer) {
      expect(set.phrases.ownerId(list)).toBeUndefined();
      expect(set.occasionalPhrases.ownerId(list)).toBeUndefined();
      expect(set.customerPhrases.ownerId(list)).toBeDefined();
    }
    expect(phraseListsOf(condition!).map((list) => list.phrases)).toEqual([["随便"]]);
    expect(phraseListsOf(response!).map((list) => list.phrases)).toEqual([["抱歉"]]);
  });

  tester.run("are matched in the customer's turns as any list is", rules, {
    invalid: [
      {
        script: "客户:我要投诉\n坐席:好的\n客户:给我退款\n客户:太慢了\n坐席:随便",
        violations: [
          { ruleId: "c.forbidden", turn: 0 },
          { ruleId: "c.condition", turn: 2 },
          { ruleId: "c.condition", turn: 4 },
          { ruleId: "c.response", turn: 4 },
        ],
      },
    ],
    valid: ["客户:我来问问\n坐席:好的"],
  });
});
