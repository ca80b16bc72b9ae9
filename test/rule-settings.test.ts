import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintSync, loadRules, parseRules } from "../src/index.js";
import { regexProblem } from "../src/rules/regex.js";
import { problems } from "./helpers/rules.js";

const rule = (body: string) => `rules:\n  - id: r\n    message: m\n${body}`;

describe("impossible rule settings are load errors at the offending node", () => {
  it.each([
    [
      "a window of zero turns",
      rule("    type: forbidden\n    phrases: [喂]\n    within: { first: 0 }\n"),
      "6:22 rules[0].within.first: 轮数必须是正整数",
    ],
    [
      "a percentage range from 80 to 20",
      rule("    type: forbidden\n    phrases: [喂]\n    within: { percent: [80, 20] }\n"),
      "6:24 rules[0].within.percent: 百分比范围须从小到大,如 [0, 20]",
    ],
    [
      "a percentage above 100",
      rule("    type: forbidden\n    phrases: [喂]\n    within: { percent: [0, 120] }\n"),
      "6:28 rules[0].within.percent[1]: 百分比须在 0 到 100 之间",
    ],
    [
      "a response window of 0 turns",
      rule(
        "    type: response\n    trigger: { phrases: [投诉] }\n    reply: { phrases: [抱歉] }\n    replyWithin: { turns: 0 }\n",
      ),
      "7:27 rules[0].replyWithin.turns: 轮数必须是正整数",
    ],
    [
      "a count with min above max",
      rule("    type: condition\n    must: { phrases: [您好], min: 3, max: 1 }\n"),
      "5:41 rules[0].must.max: max (1) 不能小于 min (3)",
    ],
    [
      "a condition of two kinds at once",
      rule("    type: condition\n    must:\n      all:\n        - { phrases: [您好], regex: 'a' }\n"),
      "7:35 rules[0].must.all[0].regex: 一个条件只能有 phrases、regex、all、any、not、near、atLeast 之一,这里同时有 phrases 和 regex",
    ],
    [
      "a condition of no kind",
      rule("    type: condition\n    mustNot: { speaker: agent }\n"),
      "5:14 rules[0].mustNot: 条件须包含 phrases、regex、all、any、not、near、atLeast 之一",
    ],
    [
      "a window on a composite",
      rule("    type: condition\n    must: { any: [{ phrases: [a] }], within: { first: 1 } }\n"),
      "5:46 rules[0].must.within: within 只能用于 phrases 或 regex 条件",
    ],
    [
      "unless on a condition that is no phrase list",
      rule("    type: condition\n    mustNot: { regex: 'a', unless: [b] }\n"),
      "5:36 rules[0].mustNot.unless: unless 只能用于 phrases 条件",
    ],
    [
      "near without chars",
      rule("    type: condition\n    mustNot: { near: [{ phrases: [a] }, { phrases: [b] }] }\n"),
      "5:14 rules[0].mustNot: near 条件须给出 chars(两处匹配之间最多相隔的字数)",
    ],
    [
      "atLeast without the conditions it counts",
      rule("    type: condition\n    mustNot: { atLeast: 2 }\n"),
      "5:14 rules[0].mustNot: atLeast 条件须给出 of(在同一轮中计数的条件)",
    ],
    [
      "atLeast above the number of its conditions",
      rule("    type: condition\n    mustNot: { atLeast: 3, of: [{ phrases: [a] }, { phrases: [b] }] }\n"),
      "5:25 rules[0].mustNot.atLeast: atLeast (3) 不能大于 of 的条件数 (2)",
    ],
    [
      "a condition of atLeast that is not judged turn by turn",
      rule("    type: condition\n    mustNot: { atLeast: 2, of: [{ phrases: [a] }, { all: [{ phrases: [b] }] }] }\n"),
      "5:51 rules[0].mustNot.of[1]: of 的条件须逐轮判定:phrases、regex(不带 within、min、max)或它们的 any、near、atLeast",
    ],
    [
      "a condition of atLeast in a window of its own",
      rule("    type: condition\n    mustNot: { atLeast: 1, of: [{ phrases: [a], within: { first: 1 } }] }\n"),
      "5:33 rules[0].mustNot.of[0]: of 的条件须逐轮判定:phrases、regex(不带 within、min、max)或它们的 any、near、atLeast",
    ],
    [
      "unlessTurn on a condition that is no atLeast",
      rule("    type: condition\n    mustNot: { phrases: [a], unlessTurn: [b] }\n"),
      "5:42 rules[0].mustNot.unlessTurn: unlessTurn 只能用于 atLeast 条件",
    ],
    [
      "both must and mustNot",
      rule("    type: condition\n    must: { phrases: [a] }\n    mustNot: { phrases: [b] }\n"),
      "6:14 rules[0].mustNot: condition 规则须恰好给出 must 或 mustNot 之一",
    ],
    [
      "speech rate min above max",
      rule("    type: speech-rate\n    min: 300\n    max: 200\n"),
      "6:10 rules[0].max: max (200) 须大于 min (300)",
    ],
    ["a speech rate with no bound", rule("    type: speech-rate\n"), "2:5 rules[0]: speech-rate 规则须给出 min 或 max"],
    [
      "a call duration min above max",
      rule("    type: call-duration\n    minSeconds: 600\n    maxSeconds: 60\n"),
      "6:17 rules[0].maxSeconds: maxSeconds (60) 须大于 minSeconds (600)",
    ],
    ["a negative silence", rule("    type: silence\n    maxSeconds: -1\n"), "5:17 rules[0].maxSeconds: 秒数必须大于 0"],
    [
      "deduct together with autoFail",
      rule("    type: forbidden\n    phrases: [喂]\n    autoFail: true\n    deduct: 5\n"),
      "7:13 rules[0].deduct: autoFail(一票否决)的规则不再扣分,deduct 与 autoFail: true 不能同时使用",
    ],
    [
      "a speaker on a call-duration rule",
      rule("    type: call-duration\n    maxSeconds: 60\n    speaker: agent\n"),
      "6:5 rules[0].speaker: 未知字段 “speaker”",
    ],
  ])("%s", (_, yaml, expected) => {
    expect(problems(yaml)).toEqual([expected]);
  });
});

describe("regex conditions are checked by RE2 at load time", () => {
  it.each([
    "(a+)+$",
    "(a*)*b",
    "(?:ab+)*c",
    "((a|b)+x)+",
    "(\\d{2,})+",
    "([a-z]+)*$",
    "(a{1,5}){2,}",
    "1[3-9]\\d{9}",
    "(您好|你好)+",
    "\\p{Script=Han}{2,}",
    "(?:请问)?您贵姓",
  ])("accepts %s: RE2 runs it in linear time", (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });

  it.each(["(a)\\1", "(?<x>a)\\k<x>"])("rejects backreferences: %s", (pattern) => {
    expect(regexProblem(pattern)).toMatch(/反向引用/);
  });

  it("rejects an invalid pattern with the engine's reason", () => {
    expect(problems(rule("    type: condition\n    mustNot: { regex: '(a' }\n"))[0]).toMatch(
      /^5:23 rules\[0\]\.mustNot\.regex: 正则表达式无效: /,
    );
  });
});

describe("scoring settings", () => {
  it("reads base, pass and default deductions from the file", () => {
    const rules = parseRules("scoring: { base: 10, pass: 8, defaults: { warning: 1 } }\nrules: []\n");
    expect(rules.scoring).toEqual({ base: 10, pass: 8, defaults: { error: 10, warning: 1, info: 0 } });
  });

  it("rejects a pass mark above the base score, at the pass mark", () => {
    expect(problems("scoring:\n  base: 50\n  pass: 60\nrules: []\n")).toEqual([
      "3:9 合格分 scoring.pass (60) 不能高于基础分 scoring.base (50)",
    ]);
    expect(problems("scoring:\n  base: 50\nrules: []\n")).toEqual([
      "2:9 合格分 scoring.pass (60) 不能高于基础分 scoring.base (50)",
    ]);
  });

  it("merges files setting by setting; a setting given two values names both places", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-scoring-"));
    const one = join(dir, "one.yaml");
    const two = join(dir, "two.yaml");
    writeFileSync(one, "scoring:\n  base: 100\n  defaults: { error: 5 }\nrules: []\n");
    writeFileSync(two, "scoring:\n  base: 100\n  pass: 80\nrules: []\n");
    expect((await loadRules([one, two])).scoring).toEqual({
      base: 100,
      pass: 80,
      defaults: { error: 5, warning: 3, info: 0 },
    });

    writeFileSync(two, "scoring:\n  pass: 80\n  defaults:\n    error: 20\nrules: []\n");
    await expect(loadRules([one, two])).rejects.toThrow(
      `${two}:4:12 评分设置 scoring.defaults.error 为 20,与 ${one}:3:22 的 5 冲突`,
    );
  });
});

describe("rule examples with times", () => {
  const silence = (examples: string) =>
    `rules:\n  - id: s\n    type: silence\n    maxSeconds: 10\n    message: m\n    examples:\n${examples}`;

  it("runs transcript examples (times in ms) for timing rules", () => {
    const bad =
      "      bad:\n        - turns: [{ speaker: agent, text: 好, start: 0, end: 1000 }, { speaker: agent, text: 好, start: 20000, end: 21000 }]\n";
    expect(() => parseRules(silence(bad))).not.toThrow();
    expect(problems(silence(bad.replace("20000", "5000")))).toEqual([
      `8:11 规则 s 的违规示例未被检出: “坐席:好⏎坐席:好”`,
    ]);
  });

  it("refuses a script example a timing rule cannot judge", () => {
    expect(problems(silence("      good: [坐席:您好]\n"))).toEqual([
      "7:14 规则 s 无法判断示例 “坐席:您好”: 通话记录缺少时间戳(start/end),无法判断此规则",
    ]);
  });
});

describe("the rules reference (docs/rules.md)", () => {
  const readme = readFileSync(new URL("../docs/rules.md", import.meta.url), "utf8");
  /** The YAML code block following a heading. */
  const yamlAfter = (heading: string) => /```yaml\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(heading)))![1]!;

  it("documents rule types and scoring with examples that load", () => {
    const examples = parseRules(yamlAfter("## Rule types by example"));
    expect(new Set(examples.rules.map((rule) => rule.type))).toEqual(
      new Set([
        "response",
        "order",
        "condition",
        "silence",
        "interruption",
        "speech-rate",
        "first-response",
        "call-duration",
      ]),
    );
    expect(parseRules(yamlAfter("## Conditions")).rules).toHaveLength(1);
    expect(parseRules(yamlAfter("## Scoring")).scoring).toEqual({
      base: 100,
      pass: 60,
      defaults: { error: 10, warning: 3, info: 0 },
    });
  });

  it("counts weak cues in one turn as its example says", () => {
    const rules = parseRules(yamlAfter("### Counting weak cues"));
    const fires = (...customer: string[]) =>
      lintSync(
        {
          turns: customer.flatMap((text) => [
            { speaker: "customer" as const, text },
            { speaker: "agent" as const, text: "我查一下" },
          ]),
        },
        { rules },
      ).violations.length;
    expect(fires("说好今天到 结果又没到")).toBe(1);
    expect(fires("都三天了还没修好")).toBe(1);
    expect(fires("快递没到")).toBe(0);
    expect(fires("请问说好的今天到 又没到吗")).toBe(0);
    expect(fires("说好今天到的", "又是这样")).toBe(0);
  });
});
