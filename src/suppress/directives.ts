import { byPosition } from "../engine/lint.js";
import type { Violation } from "../engine/violation.js";
import type { Severity } from "../rules/common.js";

/** How a script file writes comments: `#` lines (.txt, .yaml) or `<!-- -->` (.md). */
export type CommentSyntax = "hash" | "html";

/** A `huashu-disable…` / `huashu-enable` comment in a script. */
export interface Directive {
  kind: "disable-next-line" | "disable" | "enable";
  /** Rule ids it names; empty means every rule. */
  ruleIds: string[];
  /** The text after ` -- `, when given. */
  reason?: string;
  /** 1-based line of the comment. */
  line: number;
  /** 1-based column where the comment starts, and just past its end (UTF-16 units). */
  column: number;
  endColumn: number;
  /** The comment as written. */
  text: string;
}

const KIND = "huashu-(disable-next-line|disable|enable)(?=\\s|$|-->)";
const PATTERNS: Record<CommentSyntax, RegExp> = {
  hash: new RegExp(`^[ \\t\\u3000]*(#[ \\t]*${KIND}(.*))$`),
  html: new RegExp(`(<!--[ \\t]*${KIND}(.*?)-->)`),
};

/** Splits `A, B -- reason` into rule ids and the reason. */
function parseBody(body: string): Pick<Directive, "ruleIds" | "reason"> {
  const separator = /(?:^|\s)--(?:\s|$)/.exec(body);
  const names = separator ? body.slice(0, separator.index) : body;
  const reason = separator ? body.slice(separator.index + separator[0].length).trim() : "";
  return { ruleIds: names.split(/[\s,，]+/).filter(Boolean), ...(reason && { reason }) };
}

/** The suppression comments of a script, in order. Only a comment on a line of its own counts. */
export function findDirectives(text: string, syntax: CommentSyntax): Directive[] {
  const directives: Directive[] = [];
  // Like scripts, columns do not count a byte-order mark.
  text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\n|\r/)
    .forEach((line, index) => {
      const match = PATTERNS[syntax].exec(line);
      if (!match) return;
      const [, comment, kind, body] = match as unknown as [string, string, Directive["kind"], string];
      if (line.replace(comment, "").trim() !== "") return;
      const column = line.indexOf(comment) + 1;
      directives.push({
        kind,
        ...parseBody(body),
        line: index + 1,
        column,
        endColumn: column + comment.length,
        text: comment,
      });
    });
  return directives;
}

/**
 * The script with its suppression comments blanked out by spaces, so their rule ids and
 * reasons are not linted as speech while every other line and column stays where it was.
 */
export function maskDirectives(text: string, directives: readonly Directive[]): string {
  if (directives.length === 0) return text;
  const byLine = new Map(directives.map((directive) => [directive.line, directive]));
  const breaks = text.match(/\r\n|\n|\r/g) ?? [];
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  return (
    bom +
    text
      .slice(bom.length)
      .split(/\r\n|\n|\r/)
      .map((line, index) => {
        const directive = byLine.get(index + 1);
        const masked = directive
          ? line.slice(0, directive.column - 1) +
            " ".repeat(directive.text.length) +
            line.slice(directive.endColumn - 1)
          : line;
        return masked + (breaks[index] ?? "");
      })
      .join("")
  );
}

/** How suppression comments themselves are checked. */
export interface DirectiveOptions {
  /** Report a `huashu-disable…` without ` -- reason` as an error. */
  requireReason: boolean;
  /** Severity of a report for a suppression that hid nothing, or `off`. */
  reportUnused: Severity | "off";
  /**
   * Every rule id a comment may name (rules turned off included); any other id is reported
   * as an error, since a misspelt id would silently silence nothing.
   */
  knownRuleIds: readonly string[];
}

/** Rule ids of the problems found in suppression comments; `/` cannot occur in a rule's id. */
export const DIRECTIVE_RULE_IDS = {
  unused: "huashu/unused-disable",
  missingReason: "huashu/disable-reason",
  unknownRule: "huashu/unknown-rule",
} as const;

/** One rule (or `*`, every rule) silenced over lines `[from, to)` by one comment. */
interface Silence {
  directive: Directive;
  ruleId: string;
  from: number;
  to: number;
  used: boolean;
}

function silences(directives: readonly Directive[]): Silence[] {
  const all: Silence[] = [];
  const open: Silence[] = [];
  for (const directive of directives) {
    const ruleIds = directive.ruleIds.length > 0 ? directive.ruleIds : ["*"];
    if (directive.kind === "disable-next-line") {
      for (const ruleId of ruleIds)
        all.push({ directive, ruleId, from: directive.line + 1, to: directive.line + 2, used: false });
    } else if (directive.kind === "disable") {
      for (const ruleId of ruleIds) {
        const silence = { directive, ruleId, from: directive.line + 1, to: Infinity, used: false };
        all.push(silence);
        open.push(silence);
      }
    } else {
      // A bare `huashu-enable` ends every block; `huashu-enable A` ends only blocks that named A.
      for (let i = open.length - 1; i >= 0; i--) {
        const silence = open[i]!;
        if (directive.ruleIds.length === 0 || directive.ruleIds.includes(silence.ruleId)) {
          silence.to = directive.line;
          open.splice(i, 1);
        }
      }
    }
  }
  return all;
}

function problem(directive: Directive, ruleId: string, severity: Severity, message: string): Violation {
  return {
    ruleId,
    type: "directive",
    severity,
    message,
    speaker: "other",
    turn: -1,
    line: directive.line,
    column: directive.column,
    endLine: directive.line,
    endColumn: directive.endColumn,
    text: directive.text,
    region: "match",
  };
}

/**
 * Drops the violations that suppression comments silence and adds the problems found in the
 * comments themselves (an unknown rule id, a missing reason, a suppression that hid nothing). Pure: the result
 * is ordered by position like the input.
 */
export function applyDirectives(
  violations: readonly Violation[],
  directives: readonly Directive[],
  options: DirectiveOptions,
): { violations: Violation[]; suppressed: number } {
  const all = silences(directives);
  const kept: Violation[] = [];
  for (const violation of violations) {
    const matching = all.filter(
      (silence) =>
        violation.line >= silence.from &&
        violation.line < silence.to &&
        (silence.ruleId === "*" || silence.ruleId === violation.ruleId),
    );
    for (const silence of matching) silence.used = true;
    if (matching.length === 0) kept.push(violation);
  }
  const problems: Violation[] = [];
  const known = new Set(options.knownRuleIds);
  for (const directive of directives) {
    const unknown = directive.ruleIds.filter((ruleId) => !known.has(ruleId));
    for (const ruleId of unknown) {
      problems.push(
        problem(
          directive,
          DIRECTIVE_RULE_IDS.unknownRule,
          "error",
          `没有 id 为 “${ruleId}” 的规则,huashu 注释中的规则 id 可能写错了`,
        ),
      );
    }
    if (directive.kind === "enable") continue;
    if (options.requireReason && directive.reason === undefined) {
      problems.push(
        problem(directive, DIRECTIVE_RULE_IDS.missingReason, "error", "huashu-disable 注释须说明理由,写在 “ -- ” 之后"),
      );
    }
    if (options.reportUnused === "off") continue;
    for (const silence of all.filter((s) => s.directive === directive && !s.used && !unknown.includes(s.ruleId))) {
      const message =
        silence.ruleId === "*"
          ? "huashu-disable 注释没有屏蔽任何问题,可以删除"
          : `规则 “${silence.ruleId}” 在此没有问题,huashu-disable 注释中的它可以删除`;
      problems.push(problem(directive, DIRECTIVE_RULE_IDS.unused, options.reportUnused, message));
    }
  }
  return { violations: [...kept, ...problems].sort(byPosition), suppressed: violations.length - kept.length };
}
