import { z } from "zod";
import type { Violation } from "../engine/violation.js";

/**
 * One kind of known violation: a rule, a file, the matched text and the utterance around it.
 * Line numbers are left out on purpose, so editing other lines does not make old violations new.
 */
const baselineEntrySchema = z.strictObject({
  ruleId: z.string(),
  /** Path relative to the baseline file's folder, with `/` separators. */
  file: z.string(),
  text: z.string(),
  context: z.string(),
  /** How many such violations there were. */
  count: z.int().positive(),
});

/** The `.huashu-baseline.json` file. */
export const baselineSchema = z.strictObject({
  version: z.literal(1),
  violations: z.array(baselineEntrySchema),
});

export type Baseline = z.infer<typeof baselineSchema>;
export type BaselineEntry = z.infer<typeof baselineEntrySchema>;

/** A violation as the baseline sees it: where (relative path) and in which utterance. */
export interface BaselineCandidate {
  file: string;
  violation: Violation;
  context: string;
}

function keyOf(ruleId: string, file: string, text: string, context: string): string {
  return JSON.stringify([ruleId, file, text, context]);
}

/** Records violations, counting identical ones; entries are sorted so the file diffs well. */
export function createBaseline(candidates: readonly BaselineCandidate[]): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const { file, violation, context } of candidates) {
    const key = keyOf(violation.ruleId, file, violation.text, context);
    const entry = entries.get(key);
    if (entry) entry.count++;
    else entries.set(key, { ruleId: violation.ruleId, file, text: violation.text, context, count: 1 });
  }
  const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { version: 1, violations: sorted.map(([, entry]) => entry) };
}

/**
 * Which candidates are new, i.e. not in the baseline. Each entry absorbs up to `count`
 * violations, in the order given; a violation beyond that count is new.
 */
export function newViolations(candidates: readonly BaselineCandidate[], baseline: Baseline): boolean[] {
  const remaining = new Map<string, number>();
  for (const entry of baseline.violations) {
    const key = keyOf(entry.ruleId, entry.file, entry.text, entry.context);
    remaining.set(key, (remaining.get(key) ?? 0) + entry.count);
  }
  return candidates.map(({ file, violation, context }) => {
    const key = keyOf(violation.ruleId, file, violation.text, context);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return true;
    remaining.set(key, left - 1);
    return false;
  });
}
