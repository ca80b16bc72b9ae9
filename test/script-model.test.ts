import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtinRules, lintSync, parseScript, parseTranscripts } from "../src/index.js";
import { RULE_TYPE_NAMES, scopeOf, type Rule } from "../src/rules/registry.js";
import { huashu, ROOT } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";

// Scripts are fragments unless they say they are whole calls; rules that judge a whole call
// (opening, closing, replies, timing) pass over fragments. See README "Script model".

const dir = mkdtempSync(join(tmpdir(), "huashu-script-model-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): string {
  const project = mkdtempSync(join(dir, "project-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, name)), { recursive: true });
    writeFileSync(join(project, name), text);
  }
  return project;
}

/** `file:line:col rule` of each violation of a JSON report, and the notices' rule ids. */
function lintJson(args: string[], cwd: string): { violations: string[]; notices: string[]; code: number | null } {
  const run = huashu(["lint", "-f", "json", ...args], { cwd });
  const results = jsonResults(run.stdout);
  return {
    violations: results.flatMap((result) =>
      result.violations.map((v) => `${result.file}:${v.line}:${v.column} ${v.ruleId}`),
    ),
    notices: results.flatMap((result) => result.notices.map((notice) => notice.ruleId)),
    code: run.code,
  };
}

const SCENARIO = `---
title: 异议处理
---

# 异议处理: 太贵了

> 适用: 外呼营销

| 字段 | 值 |
| --- | --- |
| 版本 | 3 |

本节说明客户嫌贵时怎么回应,不是要说的话。

## 第一步

- 客户:太贵了,不要。
- 坐席:我理解您的顾虑,这个套餐每月只多十元。

**坐席**:喂,您再考虑一下?
`;

const YAML_SCRIPT = `# 查询话费
scenario: 查询话费
steps:
  - speaker: 客服
    text: 您好,请问有什么可以帮您?
    note: 语气亲切,不要说“喂”
    branches:
      - when: 客户要查话费
        customer: 我想查一下话费
        steps:
          - speaker: 坐席
            text: "这个我不知道,您自己查吧。"
      - when: 客户不满
        customer: 你们太慢了,我要投诉!
        steps:
          - text: 好的,我帮您登记。
  - text: |
      请问您还需要其它帮助吗?
      感谢您的来电,再见!
`;

describe("fragments and whole calls", () => {
  it("the one-line script 坐席:喂,说话呀! gets its 2 real problems, no opening or closing ones and no timing notice", () => {
    const project = write({ "one.txt": "坐席:喂,说话呀!\n" });
    const run = huashu(["lint", "one.txt"], { cwd: project });
    expect(run.stdout).toContain("✖ 2 个问题(0 个错误,2 个警告,0 个提示),检查了 1 个文件");
    expect(run.stdout).not.toContain("未检查");
    expect(lintJson(["one.txt"], project)).toEqual({
      violations: ["one.txt:1:4 taboo.wei", "one.txt:1:6 taboo.rush-to-speak"],
      notices: [],
      code: 0,
    });
  });

  it("a config's calls patterns make scripts whole calls; other scripts stay fragments", () => {
    const config = "rules: [builtin:taboo, builtin:flow]\ncalls: ['flows/**']\n";
    const project = write({
      "huashu.config.yaml": config,
      "flows/call.txt": "坐席:喂,说话呀!\n",
      "one.txt": "坐席:喂,说话呀!\n",
    });
    const { violations, notices } = lintJson([], project);
    expect(violations.filter((v) => v.startsWith("one.txt"))).toEqual([
      "one.txt:1:4 taboo.wei",
      "one.txt:1:6 taboo.rush-to-speak",
    ]);
    expect(violations.filter((v) => v.startsWith("flows/call.txt"))).toEqual([
      "flows/call.txt:1:4 flow.closing.anything-else",
      "flows/call.txt:1:4 flow.closing.goodbye",
      "flows/call.txt:1:4 flow.closing.thanks",
      "flows/call.txt:1:4 flow.opening.greeting",
      "flows/call.txt:1:4 flow.opening.identify",
      "flows/call.txt:1:4 flow.opening.offer-help",
      "flows/call.txt:1:4 taboo.wei",
      "flows/call.txt:1:6 taboo.rush-to-speak",
    ]);
    // No notice for either: a script, fragment or whole call, never has times for timing rules.
    expect(notices).toEqual([]);
  });

  it("a transcript is always a whole call, and one without times still says which timing rules it could not judge", () => {
    const rules = builtinRules(["flow"]);
    const transcript = { turns: [{ speaker: "agent" as const, text: "喂,说话呀!" }] };
    const result = lintSync(transcript, { rules });
    expect(result.violations.map((v) => v.ruleId)).toContain("flow.opening.greeting");
    expect(result.notices.map((n) => n.ruleId)).toEqual(["flow.hold.notice"]);
  });

  it("the library: a string is a whole call, parseScript(text) a fragment", () => {
    const rules = builtinRules(["flow"]);
    expect(lintSync("坐席:喂,说话呀!", { rules }).violations).toHaveLength(6);
    expect(lintSync(parseScript("坐席:喂,说话呀!"), { rules }).violations).toEqual([]);
    expect(lintSync({ ...parseScript("坐席:喂,说话呀!"), wholeCall: true }, { rules }).violations).toHaveLength(6);
  });

  it("each rule type says what it judges: forbidden phrases and mustNot anywhere; windows, required phrases, order, replies and timing only whole calls", () => {
    const rules = builtinRules(["taboo", "courtesy", "flow", "voice"]).rules;
    const scopes = new Map<string, Set<string>>();
    for (const rule of rules) scopes.set(rule.type, (scopes.get(rule.type) ?? new Set()).add(scopeOf(rule)));
    expect(Object.fromEntries([...scopes].map(([type, set]) => [type, [...set]]))).toEqual({
      forbidden: ["speech"],
      required: ["whole-call"],
      response: ["whole-call"],
      silence: ["whole-call"],
      interruption: ["whole-call"],
      "speech-rate": ["whole-call"],
    });
    const windowed = { ...rules.find((rule) => rule.type === "forbidden")!, within: { first: 1 } } as Rule;
    expect(scopeOf(windowed)).toBe("whole-call");
  });

  it("the rules reference gives every rule type what it applies to", () => {
    const readme = readFileSync(join(ROOT, "docs/rules.md"), "utf8");
    const table = readme.slice(readme.indexOf("| type | fires when |"));
    for (const type of RULE_TYPE_NAMES) {
      const row = table.split("\n").find((line) => line.startsWith(`| \`${type}\``));
      expect(row, type).toBeDefined();
      expect(row!.split("|").at(-2)!.trim(), type).toMatch(/^(any script|whole calls)\b/);
    }
  });
});

describe("Markdown scripts", () => {
  const flow = (project: string, file: string) =>
    lintJson(["--rules", "builtin:taboo", "--rules", "builtin:flow", file], project).violations;

  it("headings, blockquotes, tables, front matter and prose are not speech; role-prefixed lines and list items are", () => {
    const [transcript] = parseTranscripts(SCENARIO, { file: "scenario.md" });
    expect(transcript!.turns.map((turn) => [turn.speaker, turn.text, turn.source!.line])).toEqual([
      ["customer", "太贵了,不要。", 17],
      ["agent", "我理解您的顾虑,这个套餐每月只多十元。", 18],
      ["agent", "喂,您再考虑一下?", 20],
    ]);
    expect(transcript!.wholeCall).toBeUndefined();
  });

  it("as a fragment: only what is said is judged, and the blockquote is no greeting", () => {
    const project = write({ "scenario.md": SCENARIO });
    expect(flow(project, "scenario.md")).toEqual(["scenario.md:20:8 taboo.wei"]);
  });

  it("as a whole call (front matter call: whole): the opening and closing are judged on its speech", () => {
    const project = write({ "call.md": SCENARIO.replace("title: 异议处理\n", "title: 异议处理\ncall: whole\n") });
    // The closing rules look at the agent's last two turns, so they point at the first of them.
    expect(flow(project, "call.md")).toEqual([
      "call.md:19:6 flow.closing.anything-else",
      "call.md:19:6 flow.closing.goodbye",
      "call.md:19:6 flow.closing.thanks",
      "call.md:19:6 flow.opening.greeting",
      "call.md:19:6 flow.opening.identify",
      "call.md:19:6 flow.opening.offer-help",
      "call.md:21:8 taboo.wei",
    ]);
  });
});

describe("structured YAML scripts", () => {
  it("steps, branches and customer replies become turns at their own lines and columns; notes and `when` are not said", () => {
    const [transcript] = parseTranscripts(YAML_SCRIPT, { file: "s.yaml" });
    expect(transcript!.turns.map((turn) => [turn.speaker, turn.text, turn.source!.line, turn.source!.column])).toEqual([
      ["agent", "您好,请问有什么可以帮您?", 5, 11],
      ["customer", "我想查一下话费", 9, 19],
      ["agent", "这个我不知道,您自己查吧。", 12, 20],
      ["customer", "你们太慢了,我要投诉!", 14, 19],
      ["agent", "好的,我帮您登记。", 16, 19],
      ["agent", "请问您还需要其它帮助吗?", 18, 7],
      ["agent", "感谢您的来电,再见!", 19, 7],
    ]);
  });

  it("as a fragment: the taboo phrase is found where it is written, no reply rule fires", () => {
    const project = write({ "s.yaml": YAML_SCRIPT });
    expect(lintJson(["--rules", "builtin:taboo", "--rules", "builtin:flow", "s.yaml"], project).violations).toEqual([
      "s.yaml:12:23 taboo.dont-know",
      "s.yaml:12:27 taboo.shirk",
      "s.yaml:12:28 taboo.search-yourself",
    ]);
  });

  it("as a whole call (call: whole): the complaint without an apology is judged too", () => {
    const project = write({
      "s.yaml": YAML_SCRIPT.replace("scenario: 查询话费\n", "scenario: 查询话费\ncall: whole\n"),
    });
    expect(lintJson(["--rules", "builtin:taboo", "--rules", "builtin:flow", "s.yaml"], project).violations).toEqual([
      "s.yaml:6:11 flow.opening.identify",
      "s.yaml:13:23 taboo.dont-know",
      "s.yaml:13:27 taboo.shirk",
      "s.yaml:13:28 taboo.search-yourself",
      "s.yaml:17:19 flow.complaint.apology",
    ]);
  });

  it("mistakes are reported at file:line:column, in Chinese", () => {
    const bad = "scenario: 查询话费\nsteps:\n  - speaker: 客服\n    txt: 您好\n  - speaker: 经理\n    text: 您好\n";
    expect(() => parseTranscripts(bad, { file: "bad.yaml" })).toThrow(/bad\.yaml:4:5 steps\[0\]\.txt: 未知字段 “txt”/);
    expect(() => parseTranscripts(bad.replace("txt", "text"), { file: "bad.yaml" })).toThrow(
      /bad\.yaml:5:14 steps\[1\]\.speaker: 未知的说话人 “经理”/,
    );
    expect(() => parseTranscripts("scenario: [\n", { file: "bad.yaml" })).toThrow(/bad\.yaml:\d+:\d+ YAML 语法错误/);
  });

  it("a YAML file that is no script is refused with a message saying what it is, not linted line by line", () => {
    const project = write({
      "rules.yaml": "rules:\n  - { id: a.b, type: forbidden, phrases: [喂], message: 不要喂 }\n",
      "data.yaml": "name: 张三\nphone: 123\n",
      "plain.yaml": "# 纯文本话术\n坐席:喂,您好。\n",
    });
    const run = huashu(["lint", "--rules", "builtin:taboo", "rules.yaml", "data.yaml", "plain.yaml"], { cwd: project });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("rules.yaml:1:1 这是规则文件或配置文件,不是话术脚本");
    expect(run.stderr).toContain("data.yaml:1:1 不是话术脚本: YAML 话术须有 scenario 和 steps");
    // Plain lines in a .yaml file (no YAML structure) are still a plain script.
    expect(run.stdout).toContain("plain.yaml:2:4  警告  taboo.wei");
  });

  it("the JSON Schema shipped for editors is the one the adapter validates with", async () => {
    const { z } = await import("zod");
    const { yamlScriptSchema } = await import("../src/transcript/adapters/yaml-script.js");
    const shipped = JSON.parse(readFileSync(join(ROOT, "schemas/script.schema.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const { $schema: _, ...generated } = z.toJSONSchema(yamlScriptSchema) as Record<string, unknown>;
    const { $schema: __, title: ___, ...own } = shipped;
    expect(own).toEqual(generated);
    const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] };
    expect(packageJson.files).toContain("schemas");
  });
});
