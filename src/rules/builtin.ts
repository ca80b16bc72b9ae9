import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HuashuError } from "../errors.js";
import { usePrecomputedIndexes, usePrecomputedWordings } from "../match/phrase-index.js";
import { buildRuleSet } from "./load.js";
import { parseRuleFile, type ParsedRuleFile } from "./parse.js";
import type { RuleSet } from "./rule-set.js";
import {
  indexesFromFile,
  layoutOfStored,
  BUILD_ID,
  packFromSnapshot,
  type BuiltinSnapshot,
  type BuiltinWordings,
} from "./snapshot.js";

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

/** The file `npm run build` writes beside the bundle (src/build/write-builtin-snapshot.ts); none in src/. */
export const BUILTIN_SNAPSHOT_FILE = "builtin-rules.json";

/** The snapshot's phrase indexes (their automata's tables, sources and patterns), written with it. */
export const BUILTIN_AUTOMATON_FILE = "builtin-automaton.bin";

/** The wordings of the packs' list phrases, written with it, read only where an index of them is built. */
export const BUILTIN_WORDINGS_FILE = "builtin-wordings.json";

let snapshot: BuiltinSnapshot | null | undefined;

/**
 * The build's snapshot of the packs, read once; `null` when there is none (running from src/)
 * or it was made by another build of the code. Its wordings and phrase indexes are handed to the
 * phrase index module (not the indexes when their file does not read back), with where
 * the wordings of the lists' phrases are read from if an index has to be built.
 */
function builtinSnapshot(): BuiltinSnapshot | null {
  if (snapshot === undefined) {
    const directory = dirname(fileURLToPath(import.meta.url));
    snapshot = readOwnBuild<BuiltinSnapshot>(join(directory, BUILTIN_SNAPSHOT_FILE)) ?? null;
    if (snapshot) {
      usePrecomputedWordings(snapshot.wordings, () => {
        const found = readOwnBuild<BuiltinWordings>(join(directory, BUILTIN_WORDINGS_FILE));
        return found && Array.isArray(found.wordings) ? found.wordings : [];
      });
      const automatonPath = join(directory, BUILTIN_AUTOMATON_FILE);
      const bytes = existsSync(automatonPath) ? readFileSync(automatonPath) : undefined;
      const stored = bytes && indexesFromFile(bytes, snapshot.automaton);
      if (stored?.length === snapshot.phraseIndexes.length)
        usePrecomputedIndexes(snapshot.phraseIndexes.map(({ key }, index) => layoutOfStored(key, stored[index]!)));
    }
  }
  return snapshot;
}

/**
 * A JSON file the build wrote, when this build wrote it (its `build` is {@link BUILD_ID}: only this
 * code's normalisation made what it holds); undefined when it is missing, damaged (cut short by a
 * full disk, emptied), another build's, or when running from src/ (no build).
 */
function readOwnBuild<T extends { build?: string }>(path: string): T | undefined {
  let found: T | undefined;
  try {
    found = JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
  return BUILD_ID !== undefined && found?.build === BUILD_ID ? found : undefined;
}

/**
 * A built-in pack, parsed: from the build's snapshot when it was made from the pack's YAML as
 * it is now, else from the YAML. Its examples are not run (the build and the tests run them).
 */
export function readBuiltinPack(pack: string): ParsedRuleFile {
  const path = builtinPackPath(pack);
  const source = { name: pack, path, yamlText: readFileSync(path, "utf8") };
  const snapshot = builtinSnapshot();
  return (snapshot && packFromSnapshot(snapshot, source)) ?? parseRuleFile(source.yamlText, source.path);
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
    ruleSet = buildRuleSet(packs.map(readBuiltinPack), { verifyExamples: () => false });
    cache.set(key, ruleSet);
  }
  return ruleSet;
}
