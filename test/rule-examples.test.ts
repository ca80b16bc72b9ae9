import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRules } from "../src/index.js";
import { huashu } from "./helpers/cli.js";
import { problems } from "./helpers/rules.js";

/** A rule file with one forbidden rule (你 → 您 as its fix) and the given bad examples. */
const withBad = (bad: string) => `rules:
  - id: nin
    type: forbidden
    phrases: [你, 你家]
    replacement: { 你: 您 }
    message: m
    examples:
      bad:
${bad}`;

describe("rule examples that state what must be found", () => {
  it("accept an example whose text, count and fixed output are right, and keep the short forms", () => {
    const rules = parseRules(
      withBad(`        - 请你提供一下手机号码
        - { script: "请你提供,你家的", text: [你, 你家], count: 2, output: "请您提供,您家的" }
        - { script: 你家来客人了, text: 你家 }
        - { script: 你看你看, count: 2 }
        - { transcript: { turns: [{ speaker: agent, text: 你说 }] }, text: 你 }
`),
    );
    expect(rules.rules[0]!.examples!.bad).toHaveLength(5);
  });

  it("name file:line:col of the example, the text expected and the text found", () => {
    expect(problems(withBad(`        - { script: 你家来客人了, text: 你 }\n`))).toEqual([
      "9:11 规则 nin 的违规示例 “你家来客人了”: 应检出 “你”,实际检出 “你家”",
    ]);
  });

  it("fail when fewer or more violations are found than stated", () => {
    expect(
      problems(
        withBad(
          `        - { script: 你看你看, count: 1 }\n        - { script: 你说, text: [你, 你] }\n        - { script: 您好, count: 1 }\n`,
        ),
      ),
    ).toEqual([
      "9:11 规则 nin 的违规示例 “你看你看”: 应检出 1 处违规,实际检出 2 处(“你”、“你”)",
      "10:11 规则 nin 的违规示例 “你说”: 应检出 2 处违规(“你”、“你”),实际检出 1 处(“你”)",
      "11:11 规则 nin 的违规示例 “您好”: 应检出 1 处违规,实际未检出",
    ]);
  });

  it("fail when the fixed script differs, or when the rule has no fix", () => {
    expect(problems(withBad(`        - { script: 请你提供, output: 请你们提供 }\n`))).toEqual([
      "9:11 规则 nin 的违规示例 “请你提供”: 修复后应为 “请你们提供”,实际为 “请您提供”",
    ]);
    const noFix = `rules:\n  - id: w\n    type: forbidden\n    phrases: [喂]\n    message: m\n    examples:\n      bad: [{ script: 喂请讲, output: 请讲 }]\n`;
    expect(problems(noFix)).toEqual(["7:13 规则 w 的违规示例 “喂请讲”: 修复后应为 “请讲”,实际未作修改"]);
  });

  it("are validated: one input, at least one assertion, output on scripts, count agreeing with text", () => {
    expect(
      problems(
        withBad(`        - { text: 你 }
        - { script: 你, transcript: { turns: [] }, count: 1 }
        - { script: 你 }
        - { transcript: { turns: [{ speaker: agent, text: 你 }] }, output: 您 }
        - { script: 你你, text: [你, 你], count: 3 }
        - { script: 你, count: 0 }
        - { turns: [{ speaker: agent, text: 你 }], count: 1 }
`),
      ),
    ).toEqual([
      "9:11 rules[0].examples.bad[0]: 带断言的示例须给出 script 或 transcript 之一",
      "10:11 rules[0].examples.bad[1]: 带断言的示例须给出 script 或 transcript 之一",
      "11:11 rules[0].examples.bad[2]: 带断言的示例须给出 text、count 或 output",
      "12:75 rules[0].examples.bad[3].output: output 只适用于 script 示例",
      "13:46 rules[0].examples.bad[4].count: count (3) 与 text 的条数 (2) 不一致",
      "14:31 rules[0].examples.bad[5].count: count 须为正整数",
      "15:11 rules[0].examples.bad[6]: 示例须为脚本文本、对话记录 { turns: […] },或带断言的 { script 或 transcript, text, count, output }",
    ]);
  });
});

describe("huashu test-rules with asserted examples", () => {
  it("exits 1 and prints the Chinese message naming file:line:col, expected and found", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-asserted-"));
    const file = join(dir, "rules.yaml");
    writeFileSync(
      file,
      withBad(`        - { script: 请你提供, output: 请您提供 }\n        - { script: 你家来客人了, text: 你 }\n`),
    );
    const run = huashu(["test-rules", file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ nin  (2 个示例,1 个未通过)");
    expect(run.stdout).toContain(`${file}:10:11 规则 nin 的违规示例 “你家来客人了”: 应检出 “你”,实际检出 “你家”`);
    expect(run.stdout).toMatch(/^1 passed, 1 failed$/m);
  });

  it("refuses the rule file at lint time too (exit 2), as for the short forms", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-asserted-"));
    const file = join(dir, "rules.yaml");
    writeFileSync(file, withBad(`        - { script: 你看你看, count: 1 }\n`));
    writeFileSync(join(dir, "call.txt"), "您好\n");
    const run = huashu(["lint", join(dir, "call.txt"), "--rules", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:9:11`);
    expect(run.stderr).toContain("应检出 1 处违规,实际检出 2 处(“你”、“你”)");
  });
});
