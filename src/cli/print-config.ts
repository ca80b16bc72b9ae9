import { resolve } from "node:path";
import { builtinPackNames, builtinPackPath } from "../rules/builtin.js";
import type { RuleSet } from "../rules/rule-set.js";
import type { SpeakerMap } from "../transcript/adapters/speakers.js";
import type { LoadedConfig } from "../project/config.js";
import { BUILTIN_PREFIX } from "../project/rule-selection.js";
import { displayPath, findInputFiles, type WalkOptions } from "../project/walk.js";

/** What `--print-config FILE` needs to describe how FILE would be linted. */
export interface EffectiveConfigInput {
  file: string;
  cwd: string;
  loaded: LoadedConfig;
  ruleSet: RuleSet;
  /** Every rule id loaded, those turned off included. */
  ruleIds: readonly string[];
  speakers: SpeakerMap;
  walk: WalkOptions;
  failLevel: string;
  maxWarnings: number | undefined;
  reportUnused: string;
  baseline: string | undefined;
}

/**
 * The effective configuration for one file, as `--print-config` prints it (like ESLint's):
 * where it came from, every rule with its severity and source (`builtin:NAME` or a path),
 * the packs used, speakers, include/exclude, whether ignore rules skip the file, and the
 * settings that decide the exit code.
 */
export async function effectiveConfig(input: EffectiveConfigInput): Promise<string> {
  const { cwd, loaded, ruleSet } = input;
  const packs = new Map(builtinPackNames().map((pack) => [builtinPackPath(pack), pack]));
  const sourceOf = (ruleId: string) => {
    const origin = ruleSet.originOf(ruleId);
    if (!origin) return undefined;
    const pack = packs.get(origin.file);
    return pack !== undefined ? `${BUILTIN_PREFIX}${pack}` : displayPath(cwd, origin.file);
  };
  const active = new Map(ruleSet.rules.map((rule) => [rule.id, rule]));
  const rules = input.ruleIds.map((id) => {
    const rule = active.get(id);
    return rule ? { id, type: rule.type, severity: rule.severity, source: sourceOf(id) } : { id, severity: "off" };
  });
  const used = new Set(ruleSet.rules.map((rule) => sourceOf(rule.id)));
  const path = resolve(cwd, input.file);
  const walked = await findInputFiles([input.file], cwd, input.walk);
  const config = {
    file: displayPath(cwd, path),
    config: loaded.path === undefined ? null : displayPath(cwd, loaded.path),
    ignored: walked.ignored.length > 0,
    packs: [...packs.values()].filter((pack) => used.has(`${BUILTIN_PREFIX}${pack}`)),
    rules,
    speakers: input.speakers,
    include: input.walk.include,
    exclude: input.walk.exclude,
    failLevel: input.failLevel,
    maxWarnings: input.maxWarnings ?? null,
    suppressions: { requireReason: loaded.config.suppressions.requireReason, reportUnused: input.reportUnused },
    baseline: input.baseline === undefined ? null : displayPath(cwd, input.baseline),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
