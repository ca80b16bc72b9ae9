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
    .map((v) => ({
      from: starts[v.line - 1]! + v.column - 1,
      to: starts[v.line - 1]! + v.endColumn - 1,
      replacement: v.fix!.text,
    }))
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

/** Lines of context around each change, as `diff -u` and git write them. */
const DIFF_CONTEXT = 3;

/**
 * A unified diff of a fix that `git apply` and `patch` accept: hunks with up to three lines
 * of context, merged when their context would overlap, and git's marker for a last line
 * without a line break. Lines are split on `\n` only, as git splits them, so a `\r` stays part
 * of its line. Fixes never add or remove lines, so old and new lines pair up one to one.
 */
export function fixDiff(file: string, before: string, after: string): string {
  const oldLines = before.split("\n");
  const newLines = after.split("\n");
  // A final line break leaves an empty last element: no line, but a newline on the one before.
  const endsWithBreak = oldLines.at(-1) === "";
  const count = endsWithBreak ? oldLines.length - 1 : oldLines.length;
  const changed = [...Array(count).keys()].filter((index) => oldLines[index] !== newLines[index]);
  if (changed.length === 0) return "";
  const out = [`--- a/${file}`, `+++ b/${file}`];
  const line = (prefix: string, text: string, index: number) => {
    out.push(prefix + text);
    if (index === count - 1 && !endsWithBreak) out.push("\\ No newline at end of file");
  };
  for (let next = 0; next < changed.length;) {
    // One hunk: every change whose context touches the previous one's.
    let last = next;
    while (last + 1 < changed.length && changed[last + 1]! - changed[last]! <= 2 * DIFF_CONTEXT) last++;
    const from = Math.max(0, changed[next]! - DIFF_CONTEXT);
    const to = Math.min(count - 1, changed[last]! + DIFF_CONTEXT);
    out.push(`@@ -${from + 1},${to - from + 1} +${from + 1},${to - from + 1} @@`);
    for (let index = from; index <= to;) {
      if (oldLines[index] === newLines[index]) {
        line(" ", oldLines[index]!, index);
        index++;
        continue;
      }
      // A run of changed lines: all removals, then all additions, as diff writes them.
      let end = index;
      while (end <= to && oldLines[end] !== newLines[end]) end++;
      for (let run = index; run < end; run++) line("-", oldLines[run]!, run);
      for (let run = index; run < end; run++) line("+", newLines[run]!, run);
      index = end;
    }
    next = last + 1;
  }
  return `${out.join("\n")}\n`;
}
