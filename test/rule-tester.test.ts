import { afterEach, describe, expect, it } from "vitest";
import { builtinRules, RuleTester, type RuleTests, type TestFunction } from "../src/index.js";
import { call } from "./helpers/transcripts.js";

const NIN = `rules:
  - { id: nin, type: forbidden, phrases: [你, 你家], replacement: { 你: 您 }, message: 称呼客户应使用“您” }
`;

/** Runs `tests` with a stand-in framework that records each test's title and failure. */
function outcomes(rules: Parameters<RuleTester["run"]>[1], tests: RuleTests): Array<{ title: string; error?: string }> {
  const recorded: Array<{ title: string; error?: string }> = [];
  const groups: string[] = [];
  RuleTester.describe = (title, body) => {
    groups.push(title);
    body();
    groups.pop();
  };
  RuleTester.it = (title, body) => {
    try {
      body();
      recorded.push({ title: [...groups, title].join(" > ") });
    } catch (error) {
      recorded.push({ title: [...groups, title].join(" > "), error: (error as Error).message });
    }
  };
  new RuleTester().run("nin", rules, tests);
  return recorded;
}

afterEach(() => {
  RuleTester.describe = undefined;
  RuleTester.it = undefined;
});

describe("RuleTester in vitest", () => {
  // Registered while this file is collected: each case below is a vitest test of its own.
  RuleTester.describe = describe as TestFunction;
  RuleTester.it = it as TestFunction;
  new RuleTester().run("nin", NIN, {
    valid: [
      "您好,请问有什么可以帮您?",
      "客户:你们怎么回事",
      { name: "a transcript", transcript: call(["agent", "您说"]) },
    ],
    invalid: [
      {
        script: "请你提供,你家的",
        violations: [
          { ruleId: "nin", text: "你", column: 2 },
          { text: "你家", line: 1 },
        ],
        output: "请您提供,您家的",
      },
      { transcript: call(["customer", "喂"], ["agent", "你说"]), violations: [{ turn: 1, text: "你" }] },
      { script: "你看你看", violations: 2 },
    ],
  });
  new RuleTester().run("taboo.wei from the built-in rules", builtinRules(["taboo"]), {
    valid: ["喂养宠物要细心"],
    invalid: [
      { script: "喂,说话呀", violations: [{ ruleId: "taboo.wei", text: "喂" }, { text: "说话呀" }], output: null },
    ],
  });
  RuleTester.describe = undefined;
  RuleTester.it = undefined;
});

describe("RuleTester failures", () => {
  it("titles each case by its script or name, grouped under the run's name and valid / invalid", () => {
    expect(
      outcomes(NIN, {
        valid: ["您好", { name: "named", script: "您说" }],
        invalid: [{ script: "你说\n你看", violations: 2 }],
      }),
    ).toEqual([
      { title: "nin > valid > 您好" },
      { title: "nin > valid > named" },
      { title: "nin > invalid > 你说⏎你看" },
    ]);
  });

  it("fails a valid case that draws a violation, naming what was found", () => {
    expect(outcomes(NIN, { valid: ["请你稍等"] })).toEqual([
      { title: "nin > valid > 请你稍等", error: "示例 “请你稍等”: 不应检出违规,实际检出 1 处(“你”)" },
    ]);
  });

  it("fails an invalid case whose count, text or other fields differ", () => {
    const failures = outcomes(NIN, {
      invalid: [
        { script: "您好", violations: 1 },
        { script: "你家来客人了", violations: [{ text: "你" }] },
        { script: "请你稍等", violations: [{ ruleId: "nin", column: 1, message: "m" }] },
      ],
    }).map((outcome) => outcome.error);
    expect(failures).toEqual([
      "示例 “您好”: 应检出 1 处违规,实际未检出",
      "示例 “你家来客人了”: 应检出 “你”,实际检出 “你家”",
      "示例 “请你稍等”: 第 1 处违规的 column 应为 1,实际为 2;第 1 处违规的 message 应为 “m”,实际为 “称呼客户应使用“您””",
    ]);
  });

  it("fails an invalid case whose fixed script differs, or that expects no fix", () => {
    const failures = outcomes(NIN, {
      invalid: [
        { script: "请你稍等", violations: 1, output: "请您稍候" },
        { script: "请你稍等", violations: 1, output: null },
      ],
    }).map((outcome) => outcome.error);
    expect(failures).toEqual([
      "示例 “请你稍等”: 修复后应为 “请您稍候”,实际为 “请您稍等”",
      "示例 “请你稍等”: 不应有修复,实际修复为 “请您稍等”",
    ]);
  });

  it("fails a case a rule cannot judge unless it states the notice", () => {
    const silence = { rules: [{ id: "s", type: "silence" as const, maxSeconds: 10, message: "m" }] };
    const notice = "通话记录缺少时间戳(start/end),无法判断此规则";
    expect(
      outcomes(silence, { valid: ["您好", { script: "您好", notices: [notice] }] }).map((outcome) => outcome.error),
    ).toEqual([`示例 “您好”: 无法判断: ${notice}`, undefined]);
  });

  it("fails every case with the problems of a rule file that does not load", () => {
    const [outcome] = outcomes(`rules:\n  - { id: nin, type: forbidden, phrases: [], message: m }\n`, {
      valid: ["您好"],
    });
    expect(outcome!.error).toContain("nin:2:");
    expect(outcome!.error).toContain("短语列表不能为空");
  });

  it("without a test framework, runs the cases at once and throws at the first failure, naming it", () => {
    expect(() =>
      new RuleTester().run("nin", NIN, { valid: ["您好"], invalid: [{ script: "您说", violations: 1 }] }),
    ).toThrow("您说: 示例 “您说”: 应检出 1 处违规,实际未检出");
    expect(() =>
      new RuleTester().run("nin", NIN, { valid: ["您好"], invalid: [{ script: "你说", violations: 1 }] }),
    ).not.toThrow();
  });

  it("applies its matching options to every case", () => {
    const complaint = `rules:\n  - { id: c, type: forbidden, phrases: [投诉], message: m }\n`;
    expect(() =>
      new RuleTester({ matching: { homophones: true } }).run("c", complaint, {
        invalid: [{ script: "我要头诉", violations: 1 }],
      }),
    ).not.toThrow();
    expect(() => new RuleTester().run("c", complaint, { valid: ["我要头诉"] })).not.toThrow();
  });
});
