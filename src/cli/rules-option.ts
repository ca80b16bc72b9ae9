import { builtinRules } from "../rules/builtin.js";
import { loadRules } from "../rules/load.js";
import type { RuleSet } from "../rules/rule-set.js";

/** The rule files given with `--rules`, or the built-in packs when there are none. */
export async function rulesOption(paths: readonly string[] | undefined): Promise<RuleSet> {
  return paths?.length ? loadRules([...paths]) : builtinRules();
}
