import { readFile } from "node:fs/promises";
import { failedExamples } from "../engine/examples.js";
import { HuashuError, type Diagnostic } from "../errors.js";
import { combineRuleFiles, parseRuleFile, type ParsedRuleFile } from "./parse.js";
import type { RuleSet } from "./rule-set.js";

/**
 * Joins parsed files into a rule set, refusing it when any rule's examples fail. The built-in
 * packs' examples are skipped (`verifyExamples` false for them): the test suite and
 * `huashu test-rules` verify those, so no start-up pays for them.
 */
export function buildRuleSet(
  files: readonly ParsedRuleFile[],
  { verifyExamples = () => true }: { verifyExamples?: (file: ParsedRuleFile) => boolean } = {},
): RuleSet {
  const ruleSet = combineRuleFiles(files);
  const failures = failedExamples(files.filter(verifyExamples));
  if (failures.length > 0) throw new HuashuError(failures);
  return ruleSet;
}

/**
 * Builds a rule set from YAML text. Throws {@link HuashuError} naming `file`, line and column
 * of every problem, failing rule examples included.
 */
export function parseRules(yamlText: string, file = "<rules>"): RuleSet {
  return buildRuleSet([parseRuleFile(yamlText, file)]);
}

/** Reads and parses rule files, collecting the problems of all of them. */
export async function readRuleFiles(paths: readonly string[]): Promise<ParsedRuleFile[]> {
  const diagnostics: Diagnostic[] = [];
  const files: ParsedRuleFile[] = [];
  for (const path of paths) {
    try {
      files.push(parseRuleFile(await readFile(path, "utf8"), path));
    } catch (error) {
      if (error instanceof HuashuError) diagnostics.push(...error.diagnostics);
      else diagnostics.push({ file: path, message: `无法读取规则文件: ${(error as Error).message}` });
    }
  }
  if (diagnostics.length > 0) throw new HuashuError(diagnostics);
  return files;
}

/**
 * Reads, validates and joins one or more YAML rule files, and runs their examples. Throws
 * {@link HuashuError} listing every problem of every file, each with file, line and column.
 */
export async function loadRules(pathOrPaths: string | readonly string[]): Promise<RuleSet> {
  return buildRuleSet(await readRuleFiles(typeof pathOrPaths === "string" ? [pathOrPaths] : pathOrPaths));
}
