import { describe, expect, it } from "vitest";
import { DiagnosticSeverity, type MarkupContent, type TextEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { LintedFile } from "../src/project/lint-file.js";
import { applyDirectives, findDirectives, maskDirectives, type DirectiveOptions } from "../src/suppress/directives.js";
import { lintSync, parseRules, type Violation } from "../src/index.js";
import {
  hoverAt,
  invalidConfigDiagnostic,
  lintDiagnostics,
  quickFixes,
  violationDiagnostic,
  violationRange,
  violationsFor,
} from "../src/lsp/convert.js";

// Phrases match as plain substrings (boundary: none), so no test here loads jieba.
const RULES = parseRules(`
rules:
  - id: taboo.wei
    type: forbidden
    phrases: [喂]
    boundary: none
    severity: warning
    message: 不能用“喂”招呼客户
    suggestion: 您好,请问有什么可以帮您?
    replacement: 您好
    link: https://example.com/standards#wei
    source: 001.txt §第二篇(三)1
    examples:
      good:
        - { turns: [{ speaker: agent, text: 您好 }, { speaker: customer, text: 喂? }] }
  - id: taboo.no-way
    type: forbidden
    phrases: [没办法]
    boundary: none
    severity: info
    message: 避免直接拒绝客户
    replacement: ""
  - id: flow.greeting
    type: required
    phrases: [您好]
    boundary: none
    within: { first: 1 }
    message: 开头须问候
    examples:
      good: ["坐席:您好。"]
`);
const rules = RULES.rules;

const violationsOf = (text: string) => lintSync(text, { rules: RULES }).violations;
const violationOf = (text: string, ruleId: string) => violationsOf(text).find((v) => v.ruleId === ruleId)!;

/** A .txt script's violations as huashu lint finds them: suppression comments blanked, then applied. */
function scriptViolations(text: string, options: Omit<DirectiveOptions, "knownRuleIds">): Violation[] {
  const directives = findDirectives(text, "hash");
  const knownRuleIds = rules.map((rule) => rule.id);
  return applyDirectives(violationsOf(maskDirectives(text, directives)), directives, { ...options, knownRuleIds })
    .violations;
}
const uri = "file:///scripts/call.txt";

/** The text after applying a code action's edits, as an editor would. */
function applied(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(uri, "plaintext", 1, text), edits);
}

describe("violationRange", () => {
  it("turns 1-based lines and columns (end exclusive) into LSP's 0-based positions", () => {
    expect(violationRange({ line: 3, column: 4, endLine: 3, endColumn: 5 })).toEqual({
      start: { line: 2, character: 3 },
      end: { line: 2, character: 4 },
    });
    expect(violationRange({ line: 1, column: 1, endLine: 4, endColumn: 9 })).toEqual({
      start: { line: 0, character: 0 },
      end: { line: 3, character: 8 },
    });
  });

  it("counts UTF-16 units, as both sides do: a match after an astral character", () => {
    expect(violationRange(violationOf("坐席:😀喂", "taboo.wei"))).toEqual({
      start: { line: 0, character: 5 },
      end: { line: 0, character: 6 },
    });
  });

  it("adds a byte-order mark the editor kept to the columns of the first line only", () => {
    const range = { line: 1, column: 2, endLine: 2, endColumn: 3 };
    expect(violationRange(range, true)).toEqual({ start: { line: 0, character: 2 }, end: { line: 1, character: 2 } });
  });
});

describe("diagnostics", () => {
  it("carry the severity, the rule id as code with its link, the message and the standard wording", () => {
    expect(violationDiagnostic(violationOf("坐席:喂", "taboo.wei"), rules[0])).toEqual({
      range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } },
      severity: DiagnosticSeverity.Warning,
      code: "taboo.wei",
      codeDescription: { href: "https://example.com/standards#wei" },
      source: "huashu",
      message: "不能用“喂”招呼客户\n规范用语: 您好,请问有什么可以帮您?",
    });
  });

  it("show what was measured beside the message", () => {
    const v: Violation = { ...violationOf("坐席:没办法", "taboo.no-way"), detail: "静音 12.5 秒" };
    expect(violationDiagnostic(v, rules[1]).message).toBe("避免直接拒绝客户(静音 12.5 秒)");
    expect(violationDiagnostic(v, rules[1]).severity).toBe(DiagnosticSeverity.Information);
  });

  it("leave notices out and show problems reading the input", () => {
    const result = {
      file: "call.txt",
      ...lintSync("坐席:喂", { rules: RULES }),
      notices: [{ ruleId: "voice.long-hold", message: "通话记录缺少时间戳" }],
    };
    const linted: LintedFile = {
      file: "call.txt",
      results: [result],
      contexts: [],
      suppressed: 0,
      warnings: [],
      diagnostics: [{ file: "call.txt", line: 2, column: 1, message: "行太长" }],
    };
    const diagnostics = lintDiagnostics(linted, rules);
    expect(diagnostics.map((d) => d.code)).toEqual(["flow.greeting", "taboo.wei", "huashu/input"]);
    expect(diagnostics[2]!.range.start).toEqual({ line: 1, character: 0 });
  });

  it("a script left unchecked by an invalid config says where the first problem is and how many more there are", () => {
    const diagnostic = invalidConfigDiagnostic([
      { file: "/repo/huashu.config.yaml", line: 3, column: 5, message: "未知字段 “colour”" },
      { file: "/repo/rules.yaml", message: "无法读取规则文件" },
    ]);
    expect(diagnostic.message).toBe(
      "huashu 配置或规则文件无效,本文件未检查: /repo/huashu.config.yaml:3:5 未知字段 “colour”(另有 1 处问题)",
    );
    expect(diagnostic.code).toBe("huashu/config");
  });
});

describe("quick fixes", () => {
  it("replace a match with its rule's replacement, or delete it when the replacement is empty", () => {
    const text = "坐席:您好。\n坐席:喂,这个没办法。";
    const actions = quickFixes(uri, text, "hash", violationsOf(text), rules);
    const preferred = actions.filter((action) => action.isPreferred);
    expect(preferred.map((action) => action.title)).toEqual(["把“喂”替换为“您好”", "删除“没办法”"]);
    expect(
      applied(
        text,
        preferred.flatMap((action) => action.edit!.changes![uri]!),
      ),
    ).toBe("坐席:您好。\n坐席:您好,这个。");
  });

  it("offer no replacement for a rule without one, and nothing for problems with suppression comments", () => {
    const text = "# huashu-disable-next-line taboo.wei\n坐席:早。";
    const violations = scriptViolations(text, { requireReason: false, reportUnused: "warning" });
    expect(violations.map((v) => v.type)).toEqual(["directive", "required"]);
    const actions = quickFixes(uri, text, "hash", violations, rules);
    expect(actions.map((action) => action.title)).toEqual([
      "用 huashu-disable-next-line 注释屏蔽 flow.greeting(须填写理由)",
    ]);
  });

  it("add a disable comment above the line, indented like it, with the file's line breaks and comment syntax", () => {
    const text = "坐席:您好。\r\n  坐席:喂。\r\n";
    const [disableTxt] = quickFixes(uri, text, "hash", violationsOf(text), rules).filter(
      (action) => !action.isPreferred,
    );
    expect(applied(text, disableTxt!.edit!.changes![uri]!)).toBe(
      "坐席:您好。\r\n  # huashu-disable-next-line taboo.wei -- 请填写理由\r\n  坐席:喂。\r\n",
    );
    const [disableMd] = quickFixes(uri, text, "html", violationsOf(text), rules).filter(
      (action) => !action.isPreferred,
    );
    expect(applied(text, disableMd!.edit!.changes![uri]!)).toContain(
      "  <!-- huashu-disable-next-line taboo.wei -- 请填写理由 -->\r\n  坐席:喂。",
    );
  });

  it("add the rule to a disable-next-line comment already above, keeping its reason, and the result silences both", () => {
    const text = "坐席:您好。\n# huashu-disable-next-line taboo.no-way -- 客户原话\n坐席:喂,没办法。";
    const found = scriptViolations(text, { requireReason: true, reportUnused: "off" });
    expect(found.map((v) => v.ruleId)).toEqual(["taboo.wei"]);
    const [disable] = quickFixes(uri, text, "hash", found, rules).filter((action) => !action.isPreferred);
    const after = applied(text, disable!.edit!.changes![uri]!);
    expect(after.split("\n")[1]).toBe("# huashu-disable-next-line taboo.no-way, taboo.wei -- 客户原话");
    expect(scriptViolations(after, { requireReason: true, reportUnused: "warning" })).toEqual([]);
  });

  it("are offered for the violations the request names or covers", () => {
    const violations = violationsOf("坐席:喂,没办法。");
    const [greeting, wei, noWay] = violations;
    expect(violationsFor(violations, violationRange(noWay!), [])).toEqual([greeting, noWay]);
    const cursor = { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } };
    expect(violationsFor(violations, cursor, [])).toEqual([greeting, wei]);
    expect(
      violationsFor(violations, { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, [
        violationDiagnostic(noWay!, rules[1]),
      ]),
    ).toEqual([noWay]);
  });
});

describe("hover", () => {
  it("describes the violations under the cursor, the narrowest first: message, 规范用语, source, a good example", () => {
    const violations = violationsOf("坐席:喂,早。");
    const hover = hoverAt({ line: 0, character: 3 }, violations, rules)!;
    const text = (hover.contents as MarkupContent).value;
    expect(hover.range).toEqual({ start: { line: 0, character: 3 }, end: { line: 0, character: 4 } });
    const [wei, greeting] = text.split("\n\n---\n\n");
    expect(wei).toBe(
      "**不能用“喂”招呼客户**  `taboo.wei`\n\n**规范用语:** 您好,请问有什么可以帮您?\n\n**出处:** 001.txt §第二篇(三)1\n\n**合规示例:**\n\n```text\n坐席:您好\n客户:喂?\n```",
    );
    expect(greeting).toBe("**开头须问候**  `flow.greeting`\n\n**合规示例:**\n\n```text\n坐席:您好。\n```");
  });

  it("is null where there is no violation", () => {
    expect(hoverAt({ line: 3, character: 0 }, violationsOf("坐席:喂"), rules)).toBeNull();
  });
});
