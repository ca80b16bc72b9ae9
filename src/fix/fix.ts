import type { Violation } from "../engine/violation.js";

/**
 * Offsets where each line of `text` starts, for every line break style. A byte-order mark is
 * not part of line 1, as scripts are parsed.
 */
function lineStarts(text: string): number[] {
  const starts = [text.startsWith("\uFEFF") ? 1 : 0];
  for (const lineBreak of text.matchAll(/\r\n|\n|\r/g)) starts.push(lineBreak.index + lineBreak[0].length);
  return starts;
}

/**
 * Applies the fixes the violations carry, working from the end of the text so earlier offsets
 * stay valid. Violations spanning lines and overlapping ones are left alone. Only the
 * violation's range changes, so speaker prefixes and every other character stay as they were.
 * Pure: the caller decides which files may change.
 */
export function applyFixes(text: string, violations: readonly Violation[]): { text: string; fixed: number } {
  const starts = lineStarts(text);
  const edits = violations
    .filter((v) => v.fix !== undefined && v.line === v.endLine && starts[v.line - 1] !== undefined)
    .map((v) => ({ from: starts[v.line - 1]! + v.column - 1, to: starts[v.line - 1]! + v.endColumn - 1, replacement: v.fix!.text }))
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
