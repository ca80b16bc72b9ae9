import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HuashuError, lintSync, loadRules, parseRules } from "../src/index.js";

/** The diagnostics a bad rule file produces, as `line:column message`. */
function problems(yaml: string): string[] {
  try {
    parseRules(yaml, "bad.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(HuashuError);
    return (error as HuashuError).diagnostics.map((d) => {
      expect(d.file).toBe("bad.yaml");
      return `${d.line}:${d.column} ${d.message}`;
    });
  }
  throw new Error("the rule file was accepted");
}

const valid = `rules:
  - id: a
    type: forbidden
    phrases: [喂]
    message: m
`;

describe("rule files", () => {
  it("applies defaults: speaker agent, severity error, token boundaries", () => {
    expect(parseRules(valid).rules[0]).toEqual({
      id: "a",
      type: "forbidden",
      phrases: ["喂"],
      message: "m",
      speaker: "agent",
      severity: "error",
      boundary: "token",
    });
  });

  it("accepts documented metadata: source, tags, link", () => {
    const rules = parseRules(
      `${valid}    source: 001 §服务忌语\n    tags: [忌语]\n    link: https://example.com/rules#a\n`,
    );
    expect(rules.rules[0]).toMatchObject({ source: "001 §服务忌语", tags: ["忌语"] });
  });

  it("names the line and column of an unknown key", () => {
    expect(problems(`${valid}    phrase: [喂]\n`)).toEqual(["6:5 rules[0].phrase: 未知字段 “phrase”"]);
  });

  it("names the line and column of a value of the wrong type", () => {
    const [problem] = problems(valid.replace("phrases: [喂]", "phrases: 喂"));
    expect(problem).toMatch(/^4:14 rules\[0\]\.phrases: /);
  });

  it("rejects an unknown rule type at the type field", () => {
    const [problem] = problems(valid.replace("type: forbidden", "type: forbiden"));
    expect(problem).toMatch(/^3:11 rules\[0\]\.type: /);
  });

  it("an unknown rule type does not hide the rule's other problems", () => {
    const yaml = "rules:\n  - id: r\n    type: forbiden\n    severity: loud\n    phrases: [喂]\n";
    const found = problems(yaml);
    expect(found[0]).toMatch(/^3:11 rules\[0\]\.type: 未知的规则类型 “forbiden”,可用: forbidden、required/);
    expect(found.slice(1).map((problem) => problem.split(" ")[0] + " " + problem.split(" ")[1])).toEqual([
      "4:15 rules[0].severity:",
      "2:5 rules[0].message:",
    ]);
  });

  it("rejects empty phrase lists and phrases that are only punctuation", () => {
    expect(problems(valid.replace("phrases: [喂]", "phrases: []"))).toEqual([
      "4:14 rules[0].phrases: 短语列表不能为空",
    ]);
    expect(problems(valid.replace("phrases: [喂]", "phrases: [喂, '，']"))).toEqual([
      "4:18 rules[0].phrases[1]: 短语去掉空白和标点后为空",
    ]);
  });

  describe("a phrase list written once and named by an alias in others", () => {
    const shared = `rules:
  - id: dont-know
    type: forbidden
    phrases: [不知道]
    unlessTurn:
      - &helped-on
        - 我帮您查
        - "[同事] [帮] [您]"
      - 您稍等
    message: m
  - id: not-sure
    type: forbidden
    phrases: [不清楚]
    unlessTurn: [*helped-on, 我问一下]
    message: m
  - id: complaint
    type: response
    trigger: { phrases: [[投诉, 差评], 太慢了], speaker: customer }
    reply: { phrases: [抱歉], speaker: agent }
    replyWithin: { turns: 2 }
    message: m
`;

    it("splices the nested list in place, for rules and conditions alike", () => {
      const rules = parseRules(shared);
      expect(
        rules.rules.map((rule) =>
          "unlessTurn" in rule ? rule.unlessTurn : rule.type === "response" ? rule.trigger.phrases : null,
        ),
      ).toEqual([
        ["我帮您查", "[同事] [帮] [您]", "您稍等"],
        ["我帮您查", "[同事] [帮] [您]", "我问一下"],
        ["投诉", "差评", "太慢了"],
      ]);
      const flagged = (script: string) => lintSync(script, { rules }).violations.map((violation) => violation.ruleId);
      expect(flagged("我不清楚。")).toEqual(["not-sure"]);
      // Each alias brings the whole shared list: the token pattern among it excuses both rules.
      expect(flagged("我不清楚,我不知道,我让同事帮您看看。")).toEqual([]);
      expect(flagged("我不清楚,我问一下。")).toEqual([]);
      expect(flagged("客户:我要给差评\n客服:好的。\n客服:已经处理了。")).toEqual(["complaint"]);
      expect(flagged("客户:太慢了\n客服:很抱歉。\n客服:已经处理了。")).toEqual([]);
    });

    it("names the line and column of a bad phrase inside the shared list, under the rule that writes it", () => {
      expect(problems(shared.replace('"[同事] [帮] [您]"', '"[同事] [帮"'))).toEqual([
        expect.stringMatching(/^8:11 rules\[0\]\.unlessTurn\[0\]\[1\]: /),
        // The same list again through the alias: reported at the alias.
        expect.stringMatching(/^14:18 rules\[1\]\.unlessTurn\[0\]\[1\]: /),
      ]);
    });

    it("refuses an empty nested list, a list nested twice and an entry that is no phrase", () => {
      expect(problems(valid.replace("phrases: [喂]", "phrases: [喂, []]"))).toEqual([
        "4:18 rules[0].phrases[1]: 嵌套的短语列表不能为空",
      ]);
      expect(problems(valid.replace("phrases: [喂]", "phrases: [[]]"))).toEqual([
        "4:15 rules[0].phrases[0]: 嵌套的短语列表不能为空",
      ]);
      expect(problems(valid.replace("phrases: [喂]", "phrases: [喂, [[喂]]]"))).toEqual([
        "4:18 rules[0].phrases[1]: 须为短语或短语列表",
      ]);
      expect(problems(valid.replace("phrases: [喂]", "phrases: [喂, 3]"))).toEqual([
        "4:18 rules[0].phrases[1]: 须为短语或短语列表",
      ]);
    });
  });

  it("rejects a missing message at the rule", () => {
    const [problem] = problems(valid.replace("    message: m\n", ""));
    expect(problem).toMatch(/^2:5 rules\[0\]\.message: /);
  });

  it("rejects a window with both first and last, or a non-positive count", () => {
    const required = `rules:\n  - id: g\n    type: required\n    phrases: [您好]\n    message: m\n    within: { first: 1, last: 1 }\n`;
    expect(problems(required)[0]).toMatch(/^6:13 rules\[0\]\.within: within 须为/);
    expect(problems(required.replace("{ first: 1, last: 1 }", "{ first: 0 }"))).toEqual([
      "6:22 rules[0].within.first: 轮数必须是正整数",
    ]);
  });

  it("rejects a duplicate id, naming both places", () => {
    expect(problems(`${valid}${valid.replace("rules:\n", "")}`)).toEqual([
      "6:5 规则 id “a” 重复,已在 bad.yaml:2:5 定义",
    ]);
  });

  it("reports YAML syntax errors with their position", () => {
    const [problem] = problems("rules:\n  - id: a\n    phrases: [喂\n");
    expect(problem).toMatch(/^\d+:\d+ YAML 语法错误/);
  });

  it("reports an empty file", () => {
    expect(problems("")[0]).toMatch(/^1:1 /);
  });

  it("loads several files together and rejects ids duplicated across them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-rules-"));
    const one = join(dir, "one.yaml");
    const two = join(dir, "two.yaml");
    writeFileSync(one, valid);
    writeFileSync(two, valid.replace("id: a", "id: b").replace("[喂]", "[不知道]"));
    const both = await loadRules([one, two]);
    expect(lintSync("喂,我不知道", { rules: both }).violations.map((v) => v.ruleId)).toEqual(["a", "b"]);

    writeFileSync(two, valid);
    await expect(loadRules([one, two])).rejects.toThrow(`${two}:2:5 规则 id “a” 重复,已在 ${one}:2:5 定义`);
  });

  it("names the file it cannot read", async () => {
    await expect(loadRules("/nonexistent/rules.yaml")).rejects.toThrow(/^\/nonexistent\/rules\.yaml 无法读取规则文件/);
  });

  it("keeps two rule sets in one process independent", () => {
    const first = parseRules(valid);
    const second = parseRules(valid.replace("[喂]", "[不知道]"));
    expect(lintSync("喂", { rules: first }).violations).toHaveLength(1);
    expect(lintSync("喂", { rules: second }).violations).toHaveLength(0);
    expect(lintSync("我不知道", { rules: second }).violations).toHaveLength(1);
    expect(lintSync("我不知道", { rules: first }).violations).toHaveLength(0);
  });

  it("remembers where each rule is defined", () => {
    expect(parseRules(valid, "r.yaml").originOf("a")).toEqual({ file: "r.yaml", line: 2, column: 5 });
  });
});
