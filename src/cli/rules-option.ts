import { preloadSegmenter } from "../match/segmenter.js";
import { builtinRules } from "../rules/builtin.js";
import { loadRules } from "../rules/load.js";
import type { RuleSet } from "../rules/rule-set.js";

/** The rule files given with `--rules`, or the built-in packs when there are none. */
export async function rulesOption(paths: readonly string[] | undefined): Promise<RuleSet> {
  return paths?.length ? loadRules([...paths]) : builtinRules();
}

/**
 * For commands that answer turns as they come (`stream`, `worker`): loads jieba now, before the
 * first input, when the rules have any phrase (phrases match on word boundaries by default), so
 * that no turn waits the ~1.5 s of the dictionary load.
 */
export function preloadSegmenterFor(rules: RuleSet): void {
  if (rules.phrases.patterns.length > 0) preloadSegmenter();
}
