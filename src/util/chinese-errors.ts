import type { z as Zod } from "zod";
import { z } from "./zod.js";

/**
 * Parser and schema errors said in Chinese for QA staff. zod's zh-CN locale leaves some type
 * names in English (期望 string), V8's JSON errors and yaml's are English throughout: these say
 * what went wrong in Chinese, keeping the place.
 */

// Built on first use: a run that validates nothing never loads zod.
let zodLocale: Zod.core.$ZodErrorMap | undefined;

/** Type names the zh-CN locale leaves in English, as whole words. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "字符串",
  number: "数字",
  boolean: "布尔值",
  object: "对象",
  array: "数组",
  bigint: "大整数",
  symbol: "符号",
  undefined: "未定义",
  null: "空值",
  function: "函数",
  date: "日期",
  nan: "NaN",
};

/**
 * zod's zh-CN messages with the type names it leaves in English translated too: the one error
 * map for explaining a failure to QA staff (only then: a custom error map halves zod's speed).
 */
export const chineseZodErrors: Zod.core.$ZodErrorMap = (issue) => {
  const found = (zodLocale ??= z.locales.zhCN().localeError)(issue);
  const message = typeof found === "string" ? found : found?.message;
  return message?.replace(
    /\b(string|number|boolean|object|array|bigint|symbol|undefined|null|function|date|nan)\b/g,
    (name) => TYPE_NAMES[name]!,
  );
};

/** A `JSON.parse` error as `JSON 语法错误(第 N 个字符)` or `JSON 不完整`, instead of V8's English text. */
export function jsonErrorInChinese(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of (JSON )?input/i.test(message)) return "JSON 不完整,在结尾处意外结束";
  const position = /position (\d+)/.exec(message)?.[1];
  return position === undefined ? "JSON 语法错误" : `JSON 语法错误(第 ${Number(position) + 1} 个字符)`;
}

/** What each of yaml's error codes means, in Chinese. */
const YAML_ERRORS: Readonly<Record<string, string>> = {
  ALIAS_PROPS: "别名(*引用)不能带锚点或标签",
  BAD_ALIAS: "别名(*引用)写法有误",
  BAD_COLLECTION_TYPE: "列表或映射的写法与其标签不符",
  BAD_DIRECTIVE: "无法识别的 % 指令",
  BAD_DQ_ESCAPE: "双引号字符串中有无效的转义(\\)",
  BAD_INDENT: "缩进不对",
  BAD_PROP_ORDER: "锚点或标签的位置不对",
  BAD_SCALAR_START: "值不能以这个字符开头,请加引号",
  BLOCK_AS_IMPLICIT_KEY: "一行中有多个“键: 值”,值中含冒号时请加引号",
  BLOCK_IN_FLOW: "[ ] 或 { } 中不能使用块格式",
  DUPLICATE_KEY: "键重复",
  IMPOSSIBLE: "无法解析",
  KEY_OVER_1024_CHARS: "键超过 1024 个字符",
  MISSING_CHAR: "缺少字符(引号、括号或冒号后的值)",
  MULTILINE_IMPLICIT_KEY: "键不能跨行,可能是缩进或冒号有误",
  MULTIPLE_ANCHORS: "一个节点只能有一个锚点",
  MULTIPLE_DOCS: "文件中有多个文档(---),只能有一个",
  MULTIPLE_TAGS: "一个节点只能有一个标签",
  NON_STRING_KEY: "键须为字符串",
  TAB_AS_INDENT: "不能用 Tab 缩进,请用空格",
  TAG_RESOLVE_FAILED: "无法识别的标签",
  UNEXPECTED_TOKEN: "此处出现了意外的内容,可能是缩进或列表(-)有误",
};

/** A yaml parse error (its `code`) in Chinese. */
export function yamlErrorInChinese(code: string): string {
  return YAML_ERRORS[code] ?? "无法解析";
}
