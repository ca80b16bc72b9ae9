import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HuashuError } from "../errors.js";
import { buildRuleSet } from "./load.js";
import { parseRuleFile } from "./parse.js";
import type { RuleSet } from "./rule-set.js";

/** The `rules/` folder shipped with the package, found from this module (in src/ or dist/). */
function builtinRulesDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) throw new HuashuError([{ message: "找不到 huashu 的内置规则目录 rules/" }]);
    directory = parent;
  }
  return join(directory, "rules");
}

/** Names of the built-in rule packs (the YAML files in `rules/`), e.g. `taboo`. */
export function builtinPackNames(): string[] {
  return readdirSync(builtinRulesDirectory())
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => name.slice(0, -".yaml".length))
    .sort();
}

/** Path of a built-in pack's YAML file. */
export function builtinPackPath(pack: string): string {
  return join(builtinRulesDirectory(), `${pack}.yaml`);
}

const cache = new Map<string, RuleSet>();

/**
 * The built-in rules from the service standards, all packs or the ones named. Throws
 * {@link HuashuError} for an unknown pack name.
 */
export function builtinRules(packs: readonly string[] = builtinPackNames()): RuleSet {
  const key = [...packs].sort().join(",");
  let ruleSet = cache.get(key);
  if (!ruleSet) {
    const known = builtinPackNames();
    const unknown = packs.filter((pack) => !known.includes(pack));
    if (unknown.length > 0) {
      throw new HuashuError(unknown.map((pack) => ({ message: `未知的内置规则包 “${pack}”,可用: ${known.join("、")}` })));
    }
    ruleSet = buildRuleSet(
      packs.map((pack) => {
        const path = builtinPackPath(pack);
        return parseRuleFile(readFileSync(path, "utf8"), path);
      }),
      { verifyExamples: () => false },
    );
    cache.set(key, ruleSet);
  }
  return ruleSet;
}
