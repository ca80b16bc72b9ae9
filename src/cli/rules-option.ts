import { preloadSegmenter } from "../match/segmenter.js";
import { commandConfig } from "../project/config.js";
import { ruleSetFromConfig } from "../project/rule-selection.js";
import type { RuleSet } from "../rules/rule-set.js";

/**
 * The rules of `huashu stream` and `huashu worker`, chosen as `huashu lint` chooses them: the
 * config's (`-c`, else the nearest `huashu.config.yaml`) with its severities, plus the
 * `--rules` files and `builtin:NAME` packs; every built-in pack when none is named anywhere.
 */
export async function rulesOption(cwd: string, flags: { config?: string; rules?: string[] }): Promise<RuleSet> {
  const loaded = await commandConfig(cwd, flags.config);
  return (await ruleSetFromConfig(loaded, flags.rules ?? [], cwd)).ruleSet;
}

/**
 * For commands that answer turns as they come (`stream`, `worker`): loads jieba now, when the
 * rules have any phrase (phrases match on word boundaries by default), so that no later turn
 * waits the 0.6–3 s of the dictionary load. `worker` calls it before its first job, `stream`
 * once it has answered its first line.
 */
export function preloadSegmenterFor(rules: RuleSet): void {
  if (rules.phrases.size > 0) preloadSegmenter();
}
