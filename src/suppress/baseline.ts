import { lazy, z } from "../util/zod.js";
import type { Violation } from "../engine/violation.js";

/**
 * One kind of known violation: a rule, a file, the matched text and the utterance around it.
 * Line numbers are left out on purpose, so editing other lines does not make old violations new.
 */
const baselineEntrySchema = lazy(() =>
  z.strictObject({
    ruleId: z.string(),
    /** Path relative to the baseline file's folder, with `/` separators. */
    file: z.string(),
    text: z.string(),
    context: z.string(),
    /** How many such violations there were. */
    count: z.int().positive(),
  }),
);

/** The `.huashu-baseline.json` file. */
export const baselineSchema = lazy(() =>
  z.strictObject({
    version: z.literal(1),
    violations: z.array(baselineEntrySchema),
  }),
);

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

/** Records violations as they come, counting identical ones; only one entry per kind is kept. */
export class BaselineRecorder {
  private readonly entries = new Map<string, BaselineEntry>();

  add({ file, violation, context }: BaselineCandidate): void {
    const key = keyOf(violation.ruleId, file, violation.text, context);
    const entry = this.entries.get(key);
    if (entry) entry.count++;
    else this.entries.set(key, { ruleId: violation.ruleId, file, text: violation.text, context, count: 1 });
  }

  /** The baseline of what was added; entries are sorted so the file diffs well. */
  baseline(): Baseline {
    const sorted = [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { version: 1, violations: sorted.map(([, entry]) => entry) };
  }
}

/** Records violations, counting identical ones; entries are sorted so the file diffs well. */
export function createBaseline(candidates: readonly BaselineCandidate[]): Baseline {
  const recorder = new BaselineRecorder();
  for (const candidate of candidates) recorder.add(candidate);
  return recorder.baseline();
}

/**
 * Tells which violations are new, i.e. not in the baseline, as they come in run order. Each
 * entry absorbs up to `count` violations; a violation beyond that count is new. Only the
 * baseline's counts are kept, never the violations.
 */
export class BaselineMatcher {
  private readonly remaining = new Map<string, number>();

  constructor(baseline: Baseline) {
    for (const entry of baseline.violations) {
      const key = keyOf(entry.ruleId, entry.file, entry.text, entry.context);
      this.remaining.set(key, (this.remaining.get(key) ?? 0) + entry.count);
    }
  }

  isNew({ file, violation, context }: BaselineCandidate): boolean {
    const key = keyOf(violation.ruleId, file, violation.text, context);
    const left = this.remaining.get(key) ?? 0;
    if (left === 0) return true;
    this.remaining.set(key, left - 1);
    return false;
  }
}

/** Which candidates are new ({@link BaselineMatcher}), in the order given. */
export function newViolations(candidates: readonly BaselineCandidate[], baseline: Baseline): boolean[] {
  const matcher = new BaselineMatcher(baseline);
  return candidates.map((candidate) => matcher.isNew(candidate));
}
