import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinPackNames, builtinRules, HuashuError, lintSync, parseRules, type Transcript } from "../src/index.js";
import { huashu } from "./helpers/cli.js";
import { HAS_CORPUS, readCorpus } from "./helpers/corpus.js";

describe("built-in rule packs", () => {
  const rules = builtinRules();

  it("ships the taboo, courtesy, flow and voice packs", () => {
    expect(builtinPackNames()).toEqual(["courtesy", "flow", "taboo", "voice"]);
    expect(builtinRules(["taboo"]).rules.every((rule) => rule.id.startsWith("taboo."))).toBe(true);
  });

  it("gives every rule a pack-prefixed id, a source, the standard wording and at least 2 bad and 2 good examples", () => {
    for (const pack of builtinPackNames()) {
      for (const rule of builtinRules([pack]).rules) {
        expect(rule.id, rule.id).toMatch(new RegExp(`^${pack}\\.[a-z0-9.-]+$`));
        expect(rule.source, rule.id).toMatch(/《[^》]+》/);
        expect(rule.suggestion, rule.id).toBeTruthy();
        expect(rule.examples?.bad?.length ?? 0, rule.id).toBeGreaterThanOrEqual(2);
        expect(rule.examples?.good?.length ?? 0, rule.id).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("states the matched text of every bad example of the taboo and courtesy forbidden rules, and the fixed script where the rule fixes", () => {
    const rules = builtinRules(["taboo", "courtesy"]).rules.filter((rule) => rule.type === "forbidden");
    expect(rules.length).toBeGreaterThan(40);
    for (const rule of rules) {
      for (const example of rule.examples!.bad!) {
        expect(example, rule.id).toMatchObject({ script: expect.any(String), text: expect.anything() });
        if (rule.replacement !== undefined) expect(example, rule.id).toMatchObject({ output: expect.any(String) });
      }
    }
  });

  it("finds nothing, and judges every rule, in the exemplary timed call (greeting, hold with notice, thanks, closing)", () => {
    const call = JSON.parse(
      readFileSync(new URL("../fixtures/examples/good-call.json", import.meta.url), "utf8"),
    ) as Transcript;
    expect(lintSync(call, { rules })).toMatchObject({ violations: [], notices: [], score: 100, passed: true });
  });

  it("catches a call that breaks the flow and timing rules", () => {
    const call: Transcript = {
      turns: [
        { speaker: "agent", text: "您好,XX客服中心,请问有什么可以帮您?", start: 0, end: 4000 },
        { speaker: "customer", text: "你们的网速太慢了,我要投诉!", start: 4500, end: 8000 },
        { speaker: "agent", text: "您宽带账号多少", start: 6000, end: 8000 },
        { speaker: "customer", text: "一二三四。", start: 8500, end: 9500 },
        { speaker: "agent", text: "好的。", start: 10000, end: 10500 },
        { speaker: "agent", text: "已经恢复了,请问还有其他问题吗?", start: 30000, end: 33000 },
        { speaker: "agent", text: "感谢您的来电,再见!", start: 34000, end: 36000 },
      ],
    };
    const found = lintSync(call, { rules }).violations.map((v) => `${v.ruleId}@${v.turn}`);
    expect(found).toEqual(["flow.complaint.apology@2", "voice.interruption@2", "flow.hold.notice@5"]);
  });

  it("catches the seeds' taboo phrases and spares the near misses", () => {
    const ids = (text: string) => lintSync(text, { rules: builtinRules(["taboo"]) }).violations.map((v) => v.ruleId);
    expect(ids("喂,说话呀")).toContain("taboo.wei");
    expect(ids("我不知道")).toContain("taboo.dont-know");
    expect(ids("有本事就投诉我")).not.toEqual([]);
    expect(ids("喂养宠物要细心")).toEqual([]);
    expect(ids("不知不觉就到了")).toEqual([]);
    expect(ids("客户:喂,我不知道怎么办")).toEqual([]);
  });

  it("refuses a rule file whose examples fail, naming the rule, the example and its position", () => {
    const yaml = `rules:
  - id: taboo.wei
    type: forbidden
    phrases: [喂]
    message: m
    examples:
      bad: ["喂,说话呀", 喂养]
      good: [您好, 喂喂]
`;
    try {
      parseRules(yaml, "pack.yaml");
      expect.unreachable("the rule file loaded");
    } catch (error) {
      expect(error).toBeInstanceOf(HuashuError);
      expect((error as HuashuError).diagnostics).toEqual([
        { file: "pack.yaml", line: 7, column: 22, message: "规则 taboo.wei 的违规示例未被检出: “喂养”" },
        { file: "pack.yaml", line: 8, column: 18, message: "规则 taboo.wei 的合规示例被误报: “喂喂”(命中 “喂喂”)" },
      ]);
    }
  });

  describe.skipIf(!HAS_CORPUS)("on the real helpdesk corpus", () => {
    let results: Array<{ transcript: Transcript; result: ReturnType<typeof lintSync> }> = [];
    beforeAll(() => {
      results = readCorpus().map((transcript) => ({ transcript, result: lintSync(transcript, { rules }) }));
    });

    it("never flags a customer turn with a rule for the agent", () => {
      const agentRules = new Set(
        rules.rules.filter((rule) => "speaker" in rule && rule.speaker === "agent").map((rule) => rule.id),
      );
      expect(agentRules.size).toBe(rules.rules.length);
      let checked = 0;
      for (const { transcript, result } of results) {
        for (const violation of result.violations) {
          expect(transcript.turns[violation.turn]!.speaker).toBe("agent");
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(1000);
    });
  });
});

describe("huashu test-rules", () => {
  it("passes on the built-in packs and closes with a count line", () => {
    const run = huashu(["test-rules"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ taboo\.wei/);
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  });

  it("fails with exit 1 and names the failing example", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-test-rules-"));
    const file = join(dir, "rules.yaml");
    writeFileSync(
      file,
      "rules:\n  - id: w\n    type: forbidden\n    phrases: [喂]\n    message: m\n    examples: { bad: [喂养], good: [您好] }\n",
    );
    const run = huashu(["test-rules", file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ w  (2 个示例,1 个未通过)`);
    expect(run.stdout).toContain(`${file}:6:23 规则 w 的违规示例未被检出: “喂养”`);
    expect(run.stdout).toMatch(/^1 passed, 1 failed$/m);
  });

  it("lints with the built-in packs when no --rules is given", () => {
    const run = huashu(["lint", "fixtures/examples/bad-call.txt"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("taboo.wei");
    expect(run.stdout).toContain("taboo.dare-complain");
  });

  it("finds nothing in the bundled exemplary call", () => {
    expect(huashu(["lint", "fixtures/examples/good-call.txt"])).toMatchObject({ code: 0, stderr: "" });
  });
});
