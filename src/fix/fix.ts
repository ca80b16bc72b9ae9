import type { Violation } from "../engine/violation.js";
import type { Rule } from "../rules/registry.js";

/**
 * Offsets where each line of `text` starts, for every line break style. A byte-order mark is
 * not part of line 1, as scripts are parsed.
 */
function lineStarts(text: string): number[] {
  const starts = [text.startsWith("\uFEFF") ? 1 : 0];
  for (const lineBreak of text.matchAll(/\r\n|\n|\r/g)) starts.push(lineBreak.index + lineBreak[0].length);
  return starts;
}

/** The `replacement` of each forbidden rule that has one, by rule id. */
export function replacementsOf(rules: readonly Rule[]): Map<string, string> {
  const replacements = new Map<string, string>();
  for (const rule of rules) if (rule.type === "forbidden" && rule.replacement !== undefined) replacements.set(rule.id, rule.replacement);
  return replacements;
}

/**
 * What a fix writes over a violation: its forbidden rule's replacement, for a match on one
 * line; undefined when fixes leave the violation alone.
 */
export function replacementFor(violation: Violation, replacements: ReadonlyMap<string, string>): string | undefined {
  return violation.type === "forbidden" && violation.line === violation.endLine ? replacements.get(violation.ruleId) : undefined;
}

/**
 * Replaces each phrase a forbidden rule with a `replacement` matched by that replacement,
 * working from the end of the text so earlier offsets stay valid. Matches spanning lines and
 * overlapping matches are left alone. Only the matched span changes, so speaker prefixes and
 * every other character stay as they were. Pure: the caller decides which files may change.
 */
export function applyFixes(text: string, violations: readonly Violation[], rules: readonly Rule[]): { text: string; fixed: number } {
  const replacements = replacementsOf(rules);
  const starts = lineStarts(text);
  const edits = violations
    .flatMap((v) => {
      const replacement = replacementFor(v, replacements);
      const start = starts[v.line - 1];
      return replacement === undefined || start === undefined ? [] : [{ from: start + v.column - 1, to: start + v.endColumn - 1, replacement }];
    })
    .filter((edit) => text.slice(edit.from, edit.to) !== edit.replacement)
    .sort((a, b) => b.from - a.from);
  let fixedText = text;
  let fixed = 0;
  let limit = Infinity;
  for (const edit of edits) {
    if (edit.to > limit) continue;
    fixedText = fixedText.slice(0, edit.from) + edit.replacement + fixedText.slice(edit.to);
    limit = edit.from;
    fixed++;
  }
  return { text: fixedText, fixed };
}

/**
 * A unified diff of a fix. Fixes never add or remove lines, so changed lines pair up one to
 * one; each gets its own hunk.
 */
export function fixDiff(file: string, before: string, after: string): string {
  const oldLines = before.split(/\r\n|\n|\r/);
  const newLines = after.split(/\r\n|\n|\r/);
  const hunks = oldLines.flatMap((line, index) =>
    line === newLines[index] ? [] : [`@@ -${index + 1} +${index + 1} @@`, `-${line}`, `+${newLines[index] ?? ""}`],
  );
  return hunks.length === 0 ? "" : [`--- a/${file}`, `+++ b/${file}`, ...hunks, ""].join("\n");
}
