import type * as Yaml from "yaml";
import type { Document, LineCounter } from "yaml";
import { HuashuError, type FileLocation } from "../errors.js";
import { lazyRequire } from "../util/lazy-require.js";
import { describePath } from "../util/path.js";
import type { z } from "../util/zod.js";
import { chineseZodErrors, yamlErrorInChinese } from "../util/chinese-errors.js";

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
    if (node && typeof node === "object" && "range" in node && Array.isArray(node.range))
      return node.range[0] as number;
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

/** A YAML document as parsed: its value, the document (for source positions) and a way from offsets to lines. */
export interface ParsedYaml {
  value: unknown;
  document: Document;
  lineCounter: LineCounter;
  /** The file, line and column of an offset of the text. */
  at(offset: number): FileLocation;
}

/** A YAML document that passed its zod schema, with a way back to source positions. */
export interface ValidatedYaml<T> {
  data: T;
  /** Where the node at `path` starts (or its nearest existing ancestor). */
  locate(path: readonly PropertyKey[]): FileLocation;
}

/**
 * Parses YAML; throws {@link HuashuError} with the line and column of every syntax error, and
 * for aliases that expand past yaml's limit.
 */
export function parseYaml(yamlText: string, file: string): ParsedYaml {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const at = (offset: number): FileLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (document.errors.length > 0) {
    throw new HuashuError(
      document.errors.map((error) => ({
        ...at(error.pos[0]),
        message: `YAML 语法错误: ${yamlErrorInChinese(error.code)}`,
      })),
    );
  }
  try {
    return { value: document.toJS(), document, lineCounter, at };
  } catch (error) {
    // yaml refuses aliases that expand past its limit (a “billion laughs” file): name the first alias.
    if (!(error instanceof ReferenceError)) throw error;
    throw new HuashuError([
      { ...at(firstAliasOffset(document)), message: `YAML 别名(*引用)展开过多,疑似恶意构造的文件: ${error.message}` },
    ]);
  }
}

/**
 * Validates parsed YAML against a zod schema. Every problem is collected — unknown keys, wrong
 * types — each with the line and column of the offending node.
 */
export function validateYaml<Schema extends z.ZodType>(
  { value, document, at }: ParsedYaml,
  schema: Schema,
): ValidatedYaml<z.output<Schema>> {
  const parsed = schema.safeParse(value, { error: chineseZodErrors });
  if (!parsed.success) {
    throw new HuashuError(
      parsed.error.issues.flatMap((issue) => {
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        return keys.map((key) => {
          const path = key === undefined ? issue.path : [...issue.path, key];
          const where = describePath(path);
          const message = key === undefined ? issue.message : `未知字段 “${key}”`;
          return { ...at(offsetOf(document, issue.path, key)), message: where ? `${where}: ${message}` : message };
        });
      }),
    );
  }
  return { data: parsed.data, locate: (path) => at(offsetOf(document, path)) };
}

/**
 * Parses YAML and validates it against a zod schema: {@link parseYaml}, then
 * {@link validateYaml}. Rule files and the CLI's config file both go through here.
 */
export function parseValidatedYaml<Schema extends z.ZodType>(
  yamlText: string,
  file: string,
  schema: Schema,
): ValidatedYaml<z.output<Schema>> {
  return validateYaml(parseYaml(yamlText, file), schema);
}
