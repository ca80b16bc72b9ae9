import { resolve } from "node:path";
import { HuashuError, type Diagnostic } from "../errors.js";
import { builtinPackNames, builtinPackPath, readBuiltinPack } from "../rules/builtin.js";
import { buildRuleSet, readRuleFile, readRuleFiles } from "../rules/load.js";
import { combineRuleFiles, type ParsedRuleFile } from "../rules/parse.js";
import { matchingFrom } from "../rules/matching.js";
import { RuleSet } from "../rules/rule-set.js";
import type { LoadedConfig } from "./config.js";
import { pushAll } from "../util/array.js";

/** Prefix of a `rules:` entry naming a built-in rule pack instead of a file. */
export const BUILTIN_PREFIX = "builtin:";

/**
 * Loads the config's rule files and built-in packs plus the `--rules` ones (files or
 * `builtin:NAME`, as in the config) — or, when none
 * is named anywhere, every built-in pack — joins them (ids must be unique across all, rule
 * examples must pass), then applies the config's severity overrides and drops rules turned
 * `off`. Every problem is reported at once. `ruleIds` lists every rule loaded, those turned
 * `off` included (suppression comments may name them).
 * With `checkExamples: false` the rule examples are
 * left for the caller to check later with `failedExamples(parsed)`: running them segments
 * text, which loads jieba (seconds), and the language server answers first.
 */
export async function ruleSetFromConfig(
  loaded: LoadedConfig,
  extraRuleFiles: readonly string[],
  cwd: string,
  options: { checkExamples?: boolean } = {},
): Promise<{ ruleSet: RuleSet; files: string[]; ruleIds: string[]; parsed: ParsedRuleFile[] }> {
  const diagnostics: Diagnostic[] = [];
  const paths: string[] = [];
  const packs = builtinPackNames();
  const packByPath = new Map(packs.map((pack) => [builtinPackPath(pack), pack]));
  /** The file of a rule entry: a built-in pack (`builtin:NAME`) or a path relative to `base`. */
  const add = (entry: string, base: string, where: () => Omit<Diagnostic, "message">) => {
    if (!entry.startsWith(BUILTIN_PREFIX)) {
      paths.push(resolve(base, entry));
      return;
    }
    const pack = entry.slice(BUILTIN_PREFIX.length);
    if (packs.includes(pack)) paths.push(builtinPackPath(pack));
    else diagnostics.push({ ...where(), message: `未知的内置规则包 “${pack}”,可用: ${packs.join("、")}` });
  };
  loaded.config.rules.forEach((entry, index) => add(entry, loaded.dir, () => loaded.locationOf(["rules", index])));
  for (const entry of extraRuleFiles) add(entry, cwd, () => ({ file: "--rules" }));
  if (loaded.config.rules.length === 0 && extraRuleFiles.length === 0) pushAll(paths, packs.map(builtinPackPath));
  // A file named by both the config and --rules is one file, not its rules twice.
  const uniquePaths = [...new Set(paths)];
  let files: ParsedRuleFile[] = [];
  try {
    files = await readRuleFiles(uniquePaths, (path) => {
      const pack = packByPath.get(path);
      return pack === undefined ? readRuleFile(path) : readBuiltinPack(pack);
    });
  } catch (error) {
    if (!(error instanceof HuashuError)) throw error;
    pushAll(diagnostics, error.diagnostics);
  }
  if (diagnostics.length > 0) throw new HuashuError(diagnostics);
  const combined =
    options.checkExamples === false
      ? combineRuleFiles(files)
      : buildRuleSet(files, { verifyExamples: (file) => !packByPath.has(uniquePaths[files.indexOf(file)]!) });
  const overrides = loaded.config.severity;
  for (const ruleId of overrides.keys()) {
    if (!combined.rules.some((rule) => rule.id === ruleId)) {
      diagnostics.push({
        ...loaded.locationOf(["severity", ruleId]),
        message: `severity: 没有 id 为 “${ruleId}” 的规则`,
      });
    }
  }
  if (diagnostics.length > 0) throw new HuashuError(diagnostics);
  const rules = combined.rules.flatMap((rule) => {
    const override = overrides.get(rule.id);
    if (override === "off") return [];
    return [override === undefined ? rule : { ...rule, severity: override }];
  });
  const origins = new Map(rules.map((rule) => [rule.id, combined.originOf(rule.id)!]));
  return {
    ruleSet: new RuleSet(rules, origins, combined.scoring, matchingFrom(loaded.config.matching)),
    files: uniquePaths,
    ruleIds: combined.rules.map((rule) => rule.id),
    parsed: files,
  };
}
