import { HuashuError, type Diagnostic, type FileLocation } from "../errors.js";
import { parseValidatedYaml } from "../transcript/yaml.js";
import { ruleFileSchema, type Rule } from "./registry.js";
import { RuleSet } from "./rule-set.js";
import { mergeScoring, scoringKeys, type ScoringSetting } from "./scoring.js";
import { pushAll } from "../util/array.js";
export { parseValidatedYaml, yaml, type ValidatedYaml } from "../transcript/yaml.js";

/** The rules of one file, each with where it is defined, and the scoring settings it makes. */
export interface ParsedRuleFile {
  rules: Rule[];
  origins: Map<Rule, FileLocation>;
  scoring: ScoringSetting[];
  /** Where the node at a path of the file (e.g. `["rules", 0, "examples", "bad", 1]`) is. */
  locate(path: readonly PropertyKey[]): FileLocation;
}

/**
 * Parses and validates one rule file. Every problem is collected — YAML syntax, unknown keys,
 * wrong types, unknown rule types, empty phrase lists, duplicate ids — each with the line and
 * column of the offending node.
 */
export function parseRuleFile(yamlText: string, file: string): ParsedRuleFile {
  const { data, locate } = parseValidatedYaml(yamlText, file, ruleFileSchema);
  const origins = new Map<Rule, FileLocation>();
  data.rules.forEach((rule, index) => origins.set(rule, locate(["rules", index])));
  const scoring = scoringKeys(data.scoring ?? {}).map(([key, value]) => ({
    key,
    value,
    origin: locate(["scoring", ...key.split(".")]),
  }));
  return { rules: data.rules, origins, scoring, locate };
}

/**
 * Joins parsed files into one rule set. An id defined twice, in one file or two, is an error;
 * so is a scoring setting given two different values (see `mergeScoring`).
 */
export function combineRuleFiles(files: readonly ParsedRuleFile[]): RuleSet {
  const originsById = new Map<string, FileLocation>();
  const diagnostics: Diagnostic[] = [];
  for (const { rules, origins } of files) {
    for (const rule of rules) {
      const origin = origins.get(rule)!;
      const first = originsById.get(rule.id);
      if (first) {
        diagnostics.push({ ...origin, message: `规则 id “${rule.id}” 重复,已在 ${first.file}:${first.line}:${first.column} 定义` });
      } else {
        originsById.set(rule.id, origin);
      }
    }
  }
  const scoring = mergeScoring(files.flatMap((file) => file.scoring));
  if (Array.isArray(scoring)) pushAll(diagnostics, scoring);
  if (diagnostics.length > 0 || Array.isArray(scoring)) throw new HuashuError(diagnostics);
  return new RuleSet(
    files.flatMap((file) => file.rules),
    originsById,
    scoring,
  );
}
