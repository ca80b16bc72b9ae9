import type * as Yaml from "yaml";
import type { Document } from "yaml";
import { z } from "zod";
import { HuashuError, type Diagnostic, type FileLocation } from "../errors.js";
import { lazyRequire } from "../util/lazy-require.js";
import { describePath } from "../util/path.js";
import { ruleFileSchema, type Rule } from "./registry.js";
import { RuleSet } from "./rule-set.js";
import { mergeScoring, scoringKeys, type ScoringSetting } from "./scoring.js";
import { pushAll } from "../util/array.js";

/** The rules of one file, each with where it is defined, and the scoring settings it makes. */
export interface ParsedRuleFile {
  rules: Rule[];
  origins: Map<Rule, FileLocation>;
  scoring: ScoringSetting[];
  /** Where the node at a path of the file (e.g. `["rules", 0, "examples", "bad", 1]`) is. */
  locate(path: readonly PropertyKey[]): FileLocation;
}

const chineseErrors = z.locales.zhCN().localeError;

/** The YAML parser, loaded when a YAML file is first read (yaml's package is CommonJS). */
export const yaml = lazyRequire<typeof Yaml>("yaml");

/** Offset of the node at `path`, or of its nearest existing ancestor; for unknown keys, of the key itself. */
function offsetOf(doc: Document, path: readonly PropertyKey[], unknownKey?: string): number {
  const { isMap, isScalar } = yaml();
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (depth === path.length && unknownKey !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === unknownKey);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    if (node && typeof node === "object" && "range" in node && Array.isArray(node.range)) return node.range[0] as number;
  }
  return doc.contents?.range?.[0] ?? 0;
}

/** Where the first alias (`*name`) of a document is. */
function firstAliasOffset(doc: Document): number {
  const { isAlias, visit } = yaml();
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** A YAML document that passed its zod schema, with a way back to source positions. */
export interface ValidatedYaml<T> {
  data: T;
  /** Where the node at `path` starts (or its nearest existing ancestor). */
  locate(path: readonly PropertyKey[]): FileLocation;
}

/**
 * Parses YAML and validates it against a zod schema. Every problem is collected — YAML
 * syntax, unknown keys, wrong types — each with the line and column of the offending node.
 * Rule files and the CLI's config file both go through here.
 */
export function parseValidatedYaml<Schema extends z.ZodType>(
  yamlText: string,
  file: string,
  schema: Schema,
): ValidatedYaml<z.output<Schema>> {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const at = (offset: number): FileLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new HuashuError(doc.errors.map((error) => ({ ...at(error.pos[0]), message: `YAML 语法错误: ${error.message.split("\n")[0]}` })));
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // yaml refuses aliases that expand past its limit (a “billion laughs” file): name the first alias.
    if (!(error instanceof ReferenceError)) throw error;
    throw new HuashuError([{ ...at(firstAliasOffset(doc)), message: `YAML 别名(*引用)展开过多,疑似恶意构造的文件: ${error.message}` }]);
  }
  const parsed = schema.safeParse(value, { error: chineseErrors });
  if (!parsed.success) {
    throw new HuashuError(
      parsed.error.issues.flatMap((issue) => {
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        return keys.map((key) => {
          const path = key === undefined ? issue.path : [...issue.path, key];
          const where = describePath(path);
          const message = key === undefined ? issue.message : `未知字段 “${key}”`;
          return { ...at(offsetOf(doc, issue.path, key)), message: where ? `${where}: ${message}` : message };
        });
      }),
    );
  }
  return { data: parsed.data, locate: (path) => at(offsetOf(doc, path)) };
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
