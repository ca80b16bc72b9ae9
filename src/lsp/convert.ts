import {
  CodeActionKind,
  DiagnosticSeverity,
  MarkupKind,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
} from "vscode-languageserver";
import type { LintedFile } from "../project/lint-file.js";
import type { Violation } from "../engine/violation.js";
import type { Diagnostic } from "../errors.js";
import { messageWithDetail } from "../report/text.js";
import type { Severity } from "../rules/common.js";
import type { Rule } from "../rules/registry.js";
import { findDirectives, type CommentSyntax, type Directive } from "../suppress/directives.js";
import { asScript } from "../transcript/adapters/script.js";

// Pure: huashu's results in, LSP objects out. The server (server.ts) does the I/O.

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = "huashu";

/** Code of a diagnostic for input huashu cannot read, and of one pointing at an invalid config. */
export const PROBLEM_CODES = { input: "huashu/input", config: "huashu/config" } as const;

/** What a `huashu-disable-next-line` comment added by a quick fix says until the author gives the reason. */
export const REASON_PLACEHOLDER = "请填写理由";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * The LSP range of a violation. huashu counts lines and columns from 1, LSP from 0; both count
 * columns in UTF-16 code units, and both ends are exclusive, so each number shifts by one.
 * `bom`: the editor's text starts with a byte-order mark, which huashu's columns do not count.
 */
export function violationRange(v: Pick<Violation, "line" | "column" | "endLine" | "endColumn">, bom = false): Range {
  const at = (line: number, column: number): Position => ({
    line: line - 1,
    character: column - 1 + (bom && line === 1 ? 1 : 0),
  });
  return { start: at(v.line, v.column), end: at(v.endLine, v.endColumn) };
}

/**
 * A violation as a diagnostic: its severity, the rule id as code (linked to the rule's `link`),
 * the message with what was measured, then the standard wording (规范用语) on a second line.
 */
export function violationDiagnostic(v: Violation, rule: Rule | undefined, bom = false): LspDiagnostic {
  return {
    range: violationRange(v, bom),
    severity: SEVERITY[v.severity],
    code: v.ruleId,
    ...(rule?.link !== undefined && { codeDescription: { href: rule.link } }),
    source: DIAGNOSTIC_SOURCE,
    message: v.suggestion ? `${messageWithDetail(v)}\n规范用语: ${v.suggestion}` : messageWithDetail(v),
  };
}

/**
 * A problem with a file (input that cannot be read, a bad config or rule file) as an error at
 * its line and column, or at the top of the file when it has none.
 */
export function problemDiagnostic(problem: Diagnostic, code: string): LspDiagnostic {
  const at: Position = {
    line: Math.max(0, (problem.line ?? 1) - 1),
    character: Math.max(0, (problem.column ?? 1) - 1),
  };
  return {
    range: { start: at, end: at },
    severity: DiagnosticSeverity.Error,
    code,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
}

/**
 * The diagnostics of one linted script: every violation (as `huashu lint` reports them, in
 * the same order) and every problem reading it. Notices (rules that could not be judged, such
 * as timing rules on a script without times) are left out: a script never has times, so each
 * such rule would flag every script, with nothing for the author to change.
 */
export function lintDiagnostics(linted: LintedFile, rules: readonly Rule[], bom = false): LspDiagnostic[] {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  return [
    ...linted.results.flatMap((result) =>
      result.violations.map((v) => violationDiagnostic(v, byId.get(v.ruleId), bom)),
    ),
    ...(linted.diagnostics ?? []).map((problem) => problemDiagnostic(problem, PROBLEM_CODES.input)),
  ];
}

/** Where an invalid config or rule file is wrong, shown at the top of each script it leaves unchecked. */
export function invalidConfigDiagnostic(problems: readonly Diagnostic[]): LspDiagnostic {
  const [first] = problems;
  const where = first ? [first.file, first.line, first.column].filter((part) => part !== undefined).join(":") : "";
  const more = problems.length > 1 ? `(另有 ${problems.length - 1} 处问题)` : "";
  return problemDiagnostic(
    { message: `huashu 配置或规则文件无效,本文件未检查: ${where} ${first?.message ?? ""}${more}`.trim() },
    PROBLEM_CODES.config,
  );
}

/** Whether two ranges share a position; an empty range (a cursor) touching one counts. */
function touches(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/**
 * The violations a code action request is about: those of the diagnostics it names (same
 * rule id and range) and those under the requested range.
 */
export function violationsFor(
  violations: readonly Violation[],
  range: Range,
  diagnostics: readonly LspDiagnostic[],
  bom = false,
): Violation[] {
  return violations.filter((v) => {
    const at = violationRange(v, bom);
    return (
      touches(at, range) ||
      diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE && d.code === v.ruleId && sameRange(d.range, at))
    );
  });
}

/** A `huashu-disable-next-line` comment in the document's comment syntax. */
function disableComment(syntax: CommentSyntax, ruleIds: readonly string[], reason: string): string {
  const body = `huashu-disable-next-line ${ruleIds.join(", ")} -- ${reason}`;
  return syntax === "html" ? `<!-- ${body} -->` : `# ${body}`;
}

/**
 * The edit that silences `v` with a `huashu-disable-next-line` comment: a new comment line above
 * it (indented like it), or, when the line above already is such a comment, its rule id added
 * there — a second comment would silence the first one's line instead of the violation's.
 */
function disableEdit(v: Violation, text: string, syntax: CommentSyntax, directives: readonly Directive[]): TextEdit {
  const above = directives.find((directive) => directive.kind === "disable-next-line" && directive.line === v.line - 1);
  if (above) {
    const range = {
      start: { line: above.line - 1, character: above.column - 1 },
      end: { line: above.line - 1, character: above.endColumn - 1 },
    };
    return { range, newText: disableComment(syntax, [...above.ruleIds, v.ruleId], above.reason ?? REASON_PLACEHOLDER) };
  }
  const lines = text.split(/\r\n|\n|\r/);
  const indent = /^[ \t\u3000]*/.exec(lines[v.line - 1] ?? "")![0];
  const lineBreak = /\r\n|\n|\r/.exec(text)?.[0] ?? "\n";
  const start = { line: v.line - 1, character: 0 };
  return {
    range: { start, end: start },
    newText: `${indent}${disableComment(syntax, [v.ruleId], REASON_PLACEHOLDER)}${lineBreak}`,
  };
}

/**
 * Quick fixes for violations of the document at `uri` (whose current text is `text`): replace
 * the match with its rule's `replacement` (what `huashu lint --fix` writes; preferred), and
 * silence the violation with a `huashu-disable-next-line` comment whose reason is a placeholder.
 * Problems with suppression comments themselves get neither.
 */
export function quickFixes(
  uri: string,
  text: string,
  syntax: CommentSyntax,
  violations: readonly Violation[],
  rules: readonly Rule[],
): CodeAction[] {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const directives = findDirectives(text, syntax);
  const bom = text.startsWith("\uFEFF");
  const actions: CodeAction[] = [];
  for (const v of violations) {
    if (v.type === "directive") continue;
    const diagnostic = violationDiagnostic(v, byId.get(v.ruleId), bom);
    // What `huashu lint --fix` writes: the fix the violation carries, for a match on one line.
    const replacement = v.line === v.endLine ? v.fix?.text : undefined;
    if (replacement !== undefined && replacement !== v.text) {
      actions.push({
        title: replacement === "" ? `删除“${v.text}”` : `把“${v.text}”替换为“${replacement}”`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: diagnostic.range, newText: replacement }] } },
      });
    }
    actions.push({
      title: `用 huashu-disable-next-line 注释屏蔽 ${v.ruleId}(须填写理由)`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [disableEdit(v, text, syntax, directives)] } },
    });
  }
  return actions;
}

/** The first good example of a rule, as a script. */
function goodExample(rule: Rule): string | undefined {
  const example = rule.examples?.good?.[0];
  return example === undefined ? undefined : typeof example === "string" ? example : asScript(example);
}

/** Markdown describing one violation: message, 规范用语, the rule's source, one good example. */
export function describeForHover(v: Violation, rule: Rule | undefined): string {
  const parts = [`**${messageWithDetail(v)}**  \`${v.ruleId}\``];
  if (v.suggestion) parts.push(`**规范用语:** ${v.suggestion}`);
  if (rule?.source) parts.push(`**出处:** ${rule.source}`);
  const example = rule && goodExample(rule);
  if (example !== undefined) parts.push(`**合规示例:**\n\n\`\`\`text\n${example}\n\`\`\``);
  return parts.join("\n\n");
}

/** Lines, then columns, a violation spans: the narrowest is the most specific. */
function span(v: Violation): number {
  return (v.endLine - v.line) * 1e6 + (v.endColumn - v.column);
}

/**
 * The hover at `position`: every violation there, described, the narrowest first (a matched
 * phrase before the window of a missing one); null when there is none.
 */
export function hoverAt(
  position: Position,
  violations: readonly Violation[],
  rules: readonly Rule[],
  bom = false,
): Hover | null {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const here = violations
    .filter((v) => touches(violationRange(v, bom), { start: position, end: position }))
    .sort((a, b) => span(a) - span(b));
  if (here.length === 0) return null;
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: here.map((v) => describeForHover(v, byId.get(v.ruleId))).join("\n\n---\n\n"),
    },
    range: violationRange(here[0]!, bom),
  };
}
