import { readFile } from "node:fs/promises";
import { HuashuError, type Diagnostic } from "../errors.js";
import { combineRuleFiles, parseRuleFile, type ParsedRuleFile } from "./parse.js";
import type { RuleSet } from "./rule-set.js";

/**
 * Reads and validates rule files without joining them, collecting every problem of every
 * file instead of stopping at the first.
 */
export async function readRuleFiles(paths: readonly string[]): Promise<{ files: ParsedRuleFile[]; diagnostics: Diagnostic[] }> {
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
  return { files, diagnostics };
}

/**
 * Reads, validates and joins one or more YAML rule files. Throws {@link HuashuError} listing
 * every problem of every file, each with file, line and column.
 */
export async function loadRules(pathOrPaths: string | readonly string[]): Promise<RuleSet> {
  const { files, diagnostics } = await readRuleFiles(typeof pathOrPaths === "string" ? [pathOrPaths] : pathOrPaths);
  if (diagnostics.length > 0) throw new HuashuError(diagnostics);
  return combineRuleFiles(files);
}
