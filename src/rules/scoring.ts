import { lazy, z } from "../util/zod.js";
import type { Scoring, Severity } from "../engine/types.js";
import type { Diagnostic, FileLocation } from "../errors.js";
import { deepFreeze } from "../util/freeze.js";
export type { Scoring };

/**
 * The highest score or deduction a rule file may set, and a saved result carry: a report charts
 * scores in bands of 10 points, and a base of 1e9 made a hundred million of them.
 */
export const MAX_SCORE = 10_000;

const points = lazy(() => z.number().nonnegative("分数不能为负").max(MAX_SCORE, `分数不能超过 ${MAX_SCORE}`));

/** The optional `scoring` section of a rule file. */
export const scoringSchema = lazy(() => z.strictObject({
  /** The score of a call without violations. */
  base: z.number().positive("基础分须大于 0").max(MAX_SCORE, `基础分不能超过 ${MAX_SCORE}`).optional(),
  /** The least score that passes. */
  pass: points.optional(),
  /** Points per violation of a rule without `deduct`, by severity. */
  defaults: z.strictObject({ error: points.optional(), warning: points.optional(), info: points.optional() }).optional(),
}));

/** Used for every setting no rule file makes. */
export const DEFAULT_SCORING: Scoring = deepFreeze({ base: 100, pass: 60, defaults: { error: 10, warning: 3, info: 0 } });

/** One setting made in a rule file, e.g. `defaults.error` = 5, with where it is written. */
export interface ScoringSetting {
  key: "base" | "pass" | `defaults.${Severity}`;
  value: number;
  origin: FileLocation;
}

/** The settings a parsed `scoring` section makes, as dotted keys. */
export function scoringKeys(scoring: z.infer<typeof scoringSchema>): Array<[ScoringSetting["key"], number]> {
  const keys: Array<[ScoringSetting["key"], number | undefined]> = [
    ["base", scoring.base],
    ["pass", scoring.pass],
    ["defaults.error", scoring.defaults?.error],
    ["defaults.warning", scoring.defaults?.warning],
    ["defaults.info", scoring.defaults?.info],
  ];
  return keys.filter((entry): entry is [ScoringSetting["key"], number] => entry[1] !== undefined);
}

const where = (origin: FileLocation) => `${origin.file}:${origin.line}:${origin.column}`;

/**
 * Merges the settings of several files: each setting may be made in any number of files, but
 * only with one value; unset ones take {@link DEFAULT_SCORING}. Returns the scoring or the
 * conflicts, each naming both places; a pass mark above the base score is an error too.
 */
export function mergeScoring(settings: readonly ScoringSetting[]): Scoring | Diagnostic[] {
  const chosen = new Map<ScoringSetting["key"], ScoringSetting>();
  const diagnostics: Diagnostic[] = [];
  for (const setting of settings) {
    const first = chosen.get(setting.key);
    if (!first) chosen.set(setting.key, setting);
    else if (first.value !== setting.value) {
      diagnostics.push({
        ...setting.origin,
        message: `评分设置 scoring.${setting.key} 为 ${setting.value},与 ${where(first.origin)} 的 ${first.value} 冲突`,
      });
    }
  }
  const value = (key: ScoringSetting["key"], fallback: number) => chosen.get(key)?.value ?? fallback;
  const scoring: Scoring = {
    base: value("base", DEFAULT_SCORING.base),
    pass: value("pass", DEFAULT_SCORING.pass),
    defaults: {
      error: value("defaults.error", DEFAULT_SCORING.defaults.error),
      warning: value("defaults.warning", DEFAULT_SCORING.defaults.warning),
      info: value("defaults.info", DEFAULT_SCORING.defaults.info),
    },
  };
  if (diagnostics.length === 0 && scoring.pass > scoring.base) {
    const blamed = chosen.get("pass") ?? chosen.get("base")!;
    diagnostics.push({ ...blamed.origin, message: `合格分 scoring.pass (${scoring.pass}) 不能高于基础分 scoring.base (${scoring.base})` });
  }
  return diagnostics.length > 0 ? diagnostics : scoring;
}
