import { HuashuError, type Diagnostic } from "../errors.js";
import { fileErrorMessage, readRegularFile } from "../transcript/regular-file.js";
import { failedExamples } from "./examples.js";
import { combineRuleFiles, parseRuleFile, type ParsedRuleFile } from "./parse.js";
import type { RuleSet } from "./rule-set.js";
import { pushAll } from "../util/array.js";

/**
 * The largest rule or config file huashu reads: 4 MiB. Real rule packs are a few KiB; a
 * 60 MB file took 16 s and 3 GB to parse.
 */
export const MAX_RULE_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Reads a YAML rule or config file as UTF-8: a regular file of at most
 * {@link MAX_RULE_FILE_BYTES} (see {@link readRegularFile}), so a FIFO, a device or a link to
 * one is refused, never waited on or read without end. Throws {@link HuashuError} naming the
 * file; `what` says which kind it is.
 */
export async function readYamlFile(path: string, what: "规则文件" | "配置文件"): Promise<string> {
  try {
    return readRegularFile(path, { maxBytes: MAX_RULE_FILE_BYTES, what }).toString("utf8");
  } catch (error) {
    if (error instanceof HuashuError) throw error;
    throw new HuashuError([{ file: path, message: `无法读取${what}: ${fileErrorMessage(error)}` }]);
  }
}

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

/** Reads and parses one rule file. */
export async function readRuleFile(path: string): Promise<ParsedRuleFile> {
  return parseRuleFile(await readYamlFile(path, "规则文件"), path);
}

/**
 * Reads and parses rule files, collecting the problems of all of them. `read` reads one (the
 * CLI reads the built-in packs from their snapshot).
 */
export async function readRuleFiles(
  paths: readonly string[],
  read: (path: string) => ParsedRuleFile | Promise<ParsedRuleFile> = readRuleFile,
): Promise<ParsedRuleFile[]> {
  const diagnostics: Diagnostic[] = [];
  const files: ParsedRuleFile[] = [];
  for (const path of paths) {
    try {
      files.push(await read(path));
    } catch (error) {
      if (!(error instanceof HuashuError)) throw error;
      pushAll(diagnostics, error.diagnostics);
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
