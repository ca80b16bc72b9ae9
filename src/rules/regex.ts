import type * as Re2js from "re2js";
import { lazy, z } from "../util/zod.js";
import type { RuleRegex } from "../match/regex.js";
import { lazyRequire } from "../util/lazy-require.js";
export type { RuleRegex };

/** RE2 (260 kB of JavaScript), loaded once a rule with a regex is loaded. */
const re2js = lazyRequire<typeof Re2js>("re2js");

/** JavaScript spellings RE2 lacks, turned into RE2's: `\p{Script=Han}` and `\p{sc=Han}` are `\p{Han}`. */
function toRe2Syntax(pattern: string): string {
  return re2js().RE2JS.translateRegExp(pattern).replace(/\\([pP])\{(?:Script|sc)=([A-Za-z_]+)\}/g, "\\$1{$2}");
}

/** Features of backtracking engines that RE2 leaves out, by the syntax that asks for them. */
const UNSUPPORTED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\\[1-9]|\\k</, "不支持反向引用(\\1、\\k<名称>)"],
  [/\(\?<?[=!]/, "不支持环视(?=、?!、?<=、?<!)"],
];

/** Compiles a pattern checked by {@link regexSchema}; throws `RE2JSSyntaxException` on one it refuses. */
export function compileRegex(pattern: string): RuleRegex {
  return re2js().RE2JS.compile(toRe2Syntax(pattern));
}

/** Why RE2 refuses a pattern, in Chinese, or `undefined` when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  // JavaScript's Unicode-mode parser first (the pattern is never run by it): it refuses what
  // re2js's translation would quietly change, such as `\k` without a group read as `k`.
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return `正则表达式无效: ${(error as Error).message}`;
  }
  const unsupported = UNSUPPORTED.find(([syntax]) => syntax.test(pattern.replace(/\\\\/g, "")));
  if (unsupported) return `${unsupported[1]}: 正则按 RE2 语法以线性时间匹配`;
  try {
    compileRegex(pattern);
    return undefined;
  } catch (error) {
    if (!(error instanceof re2js().RE2JSSyntaxException)) throw error;
    return `RE2 不支持此正则: ${error.message}`;
  }
}

/**
 * A regular expression in RE2 syntax (the JavaScript syntax without backreferences and
 * lookaround; `\uXXXX` and `\p{Script=Han}` are understood), run over the normalised turn
 * text. A pattern RE2 refuses is a load error at its line and column.
 */
export const regexSchema = lazy(() => z
  .string()
  .min(1, "正则表达式不能为空")
  .superRefine((pattern, context) => {
    const problem = regexProblem(pattern);
    if (problem) context.addIssue({ code: "custom", message: problem });
  }));
