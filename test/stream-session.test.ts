import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  builtinRules,
  createSession,
  HuashuError,
  lintSync,
  parseRules,
  type Transcript,
  type Turn,
  type Violation,
} from "../src/index.js";
import { RuleSet } from "../src/rules/rule-set.js";
import { timedCallArbitrary } from "./helpers/arbitraries.js";
import { HAS_CORPUS, readCorpus } from "./helpers/corpus.js";
import { fixtureRules } from "./helpers/rules.js";
import { call } from "./helpers/transcripts.js";
import { propertyRuns } from "./helpers/property-runs.js";

/** Streams a transcript turn by turn; returns what each push reported and the end. */
function stream(transcript: Transcript, rules: RuleSet) {
  const session = createSession({ rules });
  const pushed = transcript.turns.map((turn) => session.push(turn));
  return { pushed, end: session.end(), session };
}

const key = (violation: Violation) => JSON.stringify(violation, Object.keys(violation).sort());
const sortedNotices = (notices: ReadonlyArray<{ ruleId: string; message: string }>) =>
  notices.map((n) => `${n.ruleId} ${n.message}`).sort();

/** Asserts that streaming reports exactly what lint reports: the same multiset of violations, notices and verdict. */
function expectStreamEqualsLint(transcript: Transcript, rules: RuleSet): number {
  const linted = lintSync(transcript, { rules });
  const { pushed, end } = stream(transcript, rules);
  const streamed = [...pushed.flat(), ...end.violations];
  expect(streamed.map(key).sort(), transcript.id).toEqual(linted.violations.map(key).sort());
  expect(sortedNotices(end.notices)).toEqual(sortedNotices(linted.notices));
  expect({ score: end.score, passed: end.passed, deductions: end.deductions }).toEqual({
    score: linted.score,
    passed: linted.passed,
    deductions: linted.deductions,
  });
  return pushed.flat().length;
}

const streamRules = fixtureRules("stream.yaml");

describe("streaming session", () => {
  it.skipIf(!HAS_CORPUS)(
    "reports over the corpus exactly what lint reports, with the built-in packs and the bench rules",
    () => {
      let early = 0;
      for (const rules of [builtinRules(), fixtureRules("bench.yaml"), streamRules]) {
        for (const transcript of readCorpus()) early += expectStreamEqualsLint(transcript, rules);
      }
      // The property means something only if violations were reported during calls.
      expect(early).toBeGreaterThan(1000);
    },
  );

  it("reports exactly what lint reports on generated calls with times, for every rule type", () => {
    fc.assert(
      fc.property(timedCallArbitrary, (transcript) => {
        expectStreamEqualsLint(transcript, streamRules);
        expectStreamEqualsLint(transcript, builtinRules());
      }),
      { numRuns: propertyRuns(400) },
    );
  });

  // A counterexample the property above found: the answer that takes a match back came after the window.
  it("judges a required phrase that the other party's answer takes back as lint does, whatever its window", () => {
    const rules = (within: string) =>
      parseRules(
        `rules:\n  - { id: r.else, type: required, phrases: [还有别的吗], unlessAnswered: [还有个事], ${within}message: m }\n`,
      );
    const takenBack = call(["agent", "您好"], ["agent", "还有别的吗"], ["customer", "还有个事"], ["customer", "好的"]);
    const kept = call(["agent", "您好"], ["agent", "还有别的吗"], ["customer", "没有了"]);
    for (const within of ["within: { last: 1 }, ", "within: { first: 2 }, ", ""]) {
      expectStreamEqualsLint(takenBack, rules(within));
      expect(
        lintSync(takenBack, { rules: rules(within) }).violations.map((v) => v.ruleId),
        within,
      ).toEqual(["r.else"]);
      expectStreamEqualsLint(kept, rules(within));
      expect(lintSync(kept, { rules: rules(within) }).violations, within).toEqual([]);
    }
  });

  it("decides a required phrase over the speaker's first turns as lint does, once a turn arrives that does not go on the window", () => {
    const rules = (first: number) =>
      parseRules(
        `rules:\n  - { id: r.open, type: required, phrases: [银行], within: { first: ${first} }, message: m }\n`,
      );
    const reportedAt = (transcript: Transcript, first: number) =>
      stream(transcript, rules(first)).pushed.map((violations) => violations.map((v) => v.turn));
    const cases: Array<[Transcript, number, number[][]]> = [
      // untimed, every line is a turn: decided by the window's last turn
      [call(["agent", "您好"], ["customer", "喂"], ["agent", "平安银行"]), 1, [[0], [], []]],
      [call(["agent", "您好"], ["customer", "喂"], ["agent", "平安银行"]), 2, [[], [], []]],
      [call(["customer", "喂"], ["agent", "您好"], ["customer", "你好"], ["agent", "请讲"]), 2, [[], [], [], [1]]],
      // timed: the speaker's segments in a row are one turn; decided when a turn that does not go on it arrives
      [
        call(
          ["agent", "您好", 0, 1],
          ["agent", "平安银行", 1.2, 2],
          ["customer", "喂", 2.5, 3],
          ["agent", "请讲", 3.5, 4],
        ),
        1,
        [[], [], [], []],
      ],
      [
        call(
          ["agent", "您好", 0, 1],
          ["agent", "请讲", 1.2, 2],
          ["customer", "喂", 2.5, 3],
          ["agent", "平安银行", 3.5, 4],
        ),
        1,
        [[], [], [0], []],
      ],
      // …and after a hold the speaker speaks anew: that is the next turn
      [call(["agent", "您好", 0, 1], ["agent", "平安银行", 20, 21]), 1, [[], [0]]],
      [call(["agent", "您好", 0, 1], ["customer", "喂", 1.5, 2]), 1, [[], [0]]],
      [call(["agent", "您好", 0, 1], ["agent", "请讲", 1.2, 2]), 1, [[], []]],
    ];
    for (const [transcript, first, reported] of cases) {
      expectStreamEqualsLint(transcript, rules(first));
      expect(reportedAt(transcript, first), `${first}: ${transcript.turns.map((turn) => turn.text).join("/")}`).toEqual(
        reported,
      );
    }
  });

  it("judges a required phrase said after the other party's turn of no business as lint does", () => {
    const rules = parseRules(
      `rules:\n  - { id: r.offer, type: required, phrases: [您说], within: { first: 1 }, untilBusiness: ["{喂|听得到吗}"], message: m }\n`,
    );
    expect(rules.decidability(rules.rules[0]!)).toBe("per-turn");
    const cases: Transcript[] = [
      call(["agent", "您好"], ["customer", "喂 听得到吗"], ["agent", "听得到 您说"], ["customer", "我查话费"]),
      call(["agent", "您好"], ["customer", "喂 我查话费"], ["agent", "您说"]),
      call(["customer", "喂"], ["agent", "您好"], ["customer", "喂"], ["agent", "您说"]),
      call(["customer", "我查话费 我的号码是一三八"], ["agent", "您好"], ["customer", "喂"], ["agent", "您说"]),
      call(["customer", "喂", 0, 1], ["agent", "您好", 1.5, 2], ["customer", "喂", 2.5, 3], ["agent", "您说", 3.5, 4]),
      call(
        ["customer", "喂 喂 喂 喂 喂 喂 喂", 0, 1],
        ["customer", "喂 喂 喂 喂 喂 喂 喂", 1.2, 2],
        ["agent", "您好", 2.5, 3],
        ["customer", "喂", 3.5, 4],
        ["agent", "您说", 4.5, 5],
      ),
    ];
    for (const transcript of cases) expectStreamEqualsLint(transcript, rules);
  });

  it("judges a required phrase asked in the speaker's first answer as lint does, deciding once that answer is over", () => {
    const rules = parseRules(
      `rules:\n  - { id: r.offer, type: required, phrases: [您说], within: { first: 1 }, untilBusiness: ["{喂|听得到吗}"], whenAsked: [哪位], inFirstAnswer: [还有别的问题], message: m }\n`,
    );
    const cases: Transcript[] = [
      call(
        ["agent", "您好 电信"],
        ["customer", "查话费"],
        ["agent", "五十元"],
        ["agent", "还有别的问题吗"],
        ["customer", "没了"],
      ),
      call(
        ["agent", "您好 电信"],
        ["customer", "查话费"],
        ["agent", "五十元"],
        ["customer", "流量呢"],
        ["agent", "还有别的问题吗"],
      ),
      call(
        ["agent", "您好"],
        ["customer", "喂 听得到吗"],
        ["agent", "听得到"],
        ["customer", "查话费"],
        ["agent", "五十元 还有别的问题吗"],
        ["customer", "没了"],
      ),
      call(
        ["agent", "喂 您好"],
        ["customer", "哪位"],
        ["agent", "电信的"],
        ["customer", "哦 什么事"],
        ["agent", "您的套餐到期了 还有别的问题吗"],
      ),
      call(["customer", "查话费"], ["agent", "您稍等"], ["customer", "好"], ["agent", "五十元 还有别的问题吗"]),
      call(["agent", "您好 电信"], ["agent", "请问还有别的问题吗"]),
      call(
        ["agent", "您好 燃气公司", 0, 1],
        ["customer", "燃气表不走字了", 1.5, 3],
        ["agent", "您稍等", 3.5, 4.5],
        ["agent", "明天上午师傅上门 还有别的问题吗", 30, 32],
        ["customer", "没了", 32.5, 33],
        ["agent", "再见", 33.5, 34],
      ),
    ];
    for (const transcript of cases) expectStreamEqualsLint(transcript, rules);
  });

  it("judges a required phrase the other party asks for as lint does, deciding once the answer or the speaker's next turn closes", () => {
    const rules = parseRules(
      `rules:\n  - { id: r.who, type: required, phrases: [银行], within: { first: 1 }, whenAsked: [哪位], message: m }\n`,
    );
    expect(rules.decidability(rules.rules[0]!)).toBe("per-turn");
    const cases: Array<[Transcript, number[][]]> = [
      // untimed, every line is a turn. Named in the window: settled by it
      [call(["agent", "您好 平安银行"], ["customer", "哪位"], ["agent", "我姓李"]), [[], [], []]],
      // asked, and named in the answer: settled by the answer
      [
        call(["agent", "喂 您好"], ["customer", "喂 哪位"], ["agent", "我这边是平安银行的"], ["customer", "哦"]),
        [[], [], [], []],
      ],
      // asked, not named: reported with the answer
      [call(["agent", "喂 您好"], ["customer", "喂 哪位"], ["agent", "我姓李"], ["customer", "哦"]), [[], [], [0], []]],
      // a long answer asks nothing: reported as it comes
      [
        call(["agent", "喂 您好"], ["customer", "你好 我想问一下我这个账单哪位能帮我看看"], ["agent", "平安银行"]),
        [[], [0], []],
      ],
      // the speaker goes on unasked
      [call(["agent", "喂 您好"], ["customer", "喂"], ["agent", "平安银行"]), [[], [], [0]]],
    ];
    for (const [transcript, reported] of cases) {
      expectStreamEqualsLint(transcript, rules);
      expect(
        stream(transcript, rules).pushed.map((violations) => violations.map((v) => v.turn)),
        transcript.turns.map((turn) => turn.text).join("/"),
      ).toEqual(reported);
    }
    // Timed: the speaker's segments in a row are one turn, and the answer may come after a hold.
    const timed = (answer: string) =>
      call(
        ["agent", "喂 您好", 0, 1],
        ["customer", "哪位", 1.5, 2],
        ["agent", "我这边是", 2.5, 3],
        ["agent", answer, 3.2, 4],
        ["customer", "哦", 4.5, 5],
      );
    for (const [answer, reported] of [
      ["平安银行的", []],
      ["李经理", [0]],
    ] as const) {
      expectStreamEqualsLint(timed(answer), rules);
      expect(stream(timed(answer), rules).pushed.map((violations) => violations.map((v) => v.turn))).toEqual([
        [],
        [],
        [],
        [],
        reported,
      ]);
    }
    // …and not the turn the speaker said after a hold before the question.
    const afterHold = call(
      ["agent", "喂 您好", 0, 1],
      ["agent", "平安银行", 20, 21],
      ["customer", "哪位", 22, 23],
      ["agent", "我姓李", 24, 25],
    );
    expectStreamEqualsLint(afterHold, rules);
    expect(lintSync(afterHold, { rules }).violations.map((v) => v.turn)).toEqual([0]);
  });

  it("decides a response rule with silenceAfter or replyOnce as lint does, when the window closes", () => {
    const rules = parseRules(`rules:
  - { id: hold, type: response, trigger: { phrases: [请稍等, 稍等] }, reply: { phrases: [久等] }, replyWithin: { turns: 2 }, silenceAfter: { seconds: 10 }, message: m }
  - { id: once, type: response, trigger: { phrases: [太慢], speaker: customer }, reply: { phrases: [抱歉] }, replyWithin: { turns: 1 }, replyOnce: true, message: m }
`);
    expect(rules.rules.map((rule) => rules.decidability(rule))).toEqual(["per-turn", "per-turn"]);
    /** Turns of one second each, one after another; `A` the agent, `C` the customer. */
    const secondEach = (...lines: string[]) =>
      call(
        ...lines.map(
          (line, index) => [line[0] === "A" ? "agent" : "customer", line.slice(2), index, index + 1] as const,
        ),
      );
    const hold = secondEach("A 请稍等", "C 好", "A 查到了", "C 嗯", "A 是月租费", "C 哦");
    // …the silence: 查到了 and what follows it 40 s later.
    const held = {
      turns: hold.turns.map((turn, index) =>
        index < 2 ? turn : { ...turn, start: turn.start! + 40_000, end: turn.end! + 40_000 },
      ),
    };
    const calls = {
      "a silence after the customer's 好, no thanks": held,
      "稍等 and the agent going on at once": secondEach("A 稍等", "A 看到了", "C 好", "A 嗯", "C 行"),
      "a complaint said again after the apology": secondEach(
        "C 太慢了",
        "A 抱歉",
        "C 真是太慢了",
        "A 我催一下",
        "C 好",
      ),
      "the first complaint unanswered, the second answered": secondEach("C 太慢了", "A 您说", "C 还是太慢", "A 抱歉"),
    };
    const reported = Object.values(calls).map((transcript) => {
      expectStreamEqualsLint(transcript, rules);
      return stream(transcript, rules)
        .pushed.flat()
        .map((violation) => violation.ruleId);
    });
    // Reported during the call, when the window closed, not at its end.
    expect(reported).toEqual([["hold"], [], [], ["once"]]);
  });

  it("reports a forbidden phrase at once, a missing greeting when the window closes, a missing reply when its window expires", () => {
    const transcript = call(
      ["customer", "我要投诉", 0, 2],
      ["agent", "喂", 3, 4],
      ["customer", "太慢了", 4, 5],
      ["agent", "您说", 6, 7],
      ["agent", "我听着", 7, 8],
      ["customer", "嗯", 8, 9],
      ["agent", "好的", 9, 10],
      ["customer", "好", 10, 11],
    );
    const { pushed } = stream(transcript, streamRules);
    const ids = pushed.map((violations) => violations.map((v) => v.ruleId).sort());
    // turn 1: the first agent turn says 喂; it lacks 您好, but the agent might go on speaking:
    // the window of 1 closes when the customer speaks at turn 2.
    expect(ids[1]).toContain("f.plain");
    expect(ids[1]).not.toContain("r.first");
    expect(ids[2]).toContain("r.first");
    expect(ids[1]).not.toContain("p.turns");
    // The agent's 2nd turn after 投诉 is turns 3 and 4 (ASR segments said in a row): it might
    // go on, so the reply window (turns 1, 3, 4, no apology) closes when the customer speaks at
    // turn 5; the window after 太慢 (turns 3, 4 and 6) when the customer speaks at turn 7.
    const missingReplies = pushed.map((violations) =>
      violations.filter((v) => v.ruleId === "p.turns").map((v) => v.turn),
    );
    expect(missingReplies).toEqual([[], [], [], [], [], [1], [], [3]]);
  });

  it("keeps a bounded number of turns over a call of 100,000 turns when its rules decide per turn", () => {
    const perTurn = fixtureRules("stream.yaml");
    const perTurnOnly = perTurn.rules.filter((rule) => perTurn.decidability(rule) === "per-turn");
    expect(perTurnOnly.length).toBeGreaterThan(10);
    // flow's closing questions look at the speaker's last 4 turns and the other party's between them.
    for (const [ruleSet, bound] of [
      [builtinRules(["taboo", "courtesy"]), 8],
      [builtinRules(["taboo", "courtesy", "flow"]), 12],
      [
        subset(
          perTurn,
          perTurnOnly.map((rule) => rule.id),
        ),
        8,
      ],
    ] as const) {
      const session = createSession({ rules: ruleSet });
      let most = 0;
      let reported = 0;
      for (let index = 0; index < 100_000; index++) {
        const start = index * 3000;
        const speaker = index % 3 === 0 ? "customer" : "agent";
        const text = index % 7 === 0 ? "我要投诉,喂,稍等" : "好的,请问还有什么可以帮您";
        reported += session.push({ speaker, text, start, end: start + 2000 }).length;
        most = Math.max(most, session.bufferedTurns);
      }
      expect(session.turnCount).toBe(100_000);
      expect(most).toBeLessThanOrEqual(bound);
      expect(reported).toBeGreaterThan(5_000);
      session.end();
    }
  });

  it("keeps the whole call for a rule that needs it, and only then", () => {
    const session = createSession({ rules: subset(streamRules, ["r.all"]) });
    for (let index = 0; index < 50; index++) session.push({ speaker: "agent", text: "好的" });
    expect(session.bufferedTurns).toBe(50);
    expect(session.end().violations.map((v) => v.ruleId)).toEqual(["r.all"]);
  });

  it("refuses turns out of start order, a call mixing timed and untimed turns, and pushes after the end", () => {
    const session = createSession({ rules: streamRules });
    session.push({ speaker: "agent", text: "您好", start: 5000, end: 6000 });
    expect(() => session.push({ speaker: "agent", text: "好的", start: 4000, end: 7000 })).toThrow(/开始时间/);
    expect(() => session.push({ speaker: "agent", text: "好的" })).toThrow(/都带时间/);
    expect(() => session.push({ speaker: "robot", text: "好的" } as unknown as Turn)).toThrow(HuashuError);
    session.push({ speaker: "agent", text: "再见", start: 7000, end: 8000 });
    const end = session.end();
    expect(end.violations.every((v) => v.turn <= 1)).toBe(true);
    expect(() => session.push({ speaker: "agent", text: "好的" })).toThrow(/已结束/);
  });
});

/** A rule set of some rules of another, same scoring. */
function subset(ruleSet: RuleSet, ids: readonly string[]): RuleSet {
  return new RuleSet(
    ruleSet.rules.filter((rule) => ids.includes(rule.id)),
    new Map(),
    ruleSet.scoring,
  );
}
