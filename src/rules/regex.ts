import { z } from "zod";

/** Flags every rule regex runs with: all matches, Unicode mode. */
const FLAGS = "gu";

/** Quantifier at `at`, if any: its length and whether it repeats (more than once). */
function quantifierAt(pattern: string, at: number): { length: number; repeats: boolean } | undefined {
  const char = pattern[at];
  let length: number;
  let repeats: boolean;
  if (char === "*" || char === "+") [length, repeats] = [1, true];
  else if (char === "?") [length, repeats] = [1, false];
  else {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (!braces) return undefined;
    length = braces[0].length;
    repeats = braces[2] !== undefined && (braces[3] === "" || Number(braces[3]) > 1);
  }
  if (pattern[at + length] === "?") length++; // lazy
  return { length, repeats };
}

/**
 * Why a pattern could backtrack catastrophically, or `undefined` when it looks safe. A static
 * check in the spirit of safe-regex: a repeated group that itself contains a repetition
 * (star height > 1, as in `(a+)+$`) or a backreference is refused.
 */
export function regexHazard(pattern: string): string | undefined {
  /** Per open group: whether something inside it repeats. */
  const groups: boolean[] = [false];
  for (let at = 0; at < pattern.length; ) {
    const char = pattern[at]!;
    let atomEnd = at + 1;
    let innerRepeats = false;
    if (char === "\\") {
      const next = pattern[at + 1] ?? "";
      if (/[1-9]/.test(next) || next === "k") return "不允许反向引用(\\1、\\k<名称>),它们可能导致回溯爆炸";
      atomEnd = at + 2;
      if (/[pPu]/.test(next) && pattern[at + 2] === "{") atomEnd = pattern.indexOf("}", at) + 1 || pattern.length;
    } else if (char === "[") {
      atomEnd = at + 1;
      while (atomEnd < pattern.length && pattern[atomEnd] !== "]") atomEnd += pattern[atomEnd] === "\\" ? 2 : 1;
      atomEnd++;
    } else if (char === "(") {
      groups.push(false);
      const prefix = /^\(\?(?:[:=!]|<[=!]|<[^>]*>)/.exec(pattern.slice(at));
      at += prefix ? prefix[0].length : 1;
      continue;
    } else if (char === ")") {
      innerRepeats = groups.pop() ?? false;
    }
    const quantifier = quantifierAt(pattern, atomEnd);
    if (quantifier?.repeats && innerRepeats) return "不允许嵌套的重复(如 (a+)+),它们可能导致回溯爆炸";
    const depth = groups.length - 1;
    groups[depth] = groups[depth]! || innerRepeats || (quantifier?.repeats ?? false);
    at = atomEnd + (quantifier?.length ?? 0);
  }
  return undefined;
}

/** Compiles a pattern checked by {@link regexSchema}. */
export function compileRegex(pattern: string): RegExp {
  return new RegExp(pattern, FLAGS);
}

/**
 * A JavaScript regular expression (Unicode mode), run over the normalised turn text. Invalid
 * patterns and patterns that risk catastrophic backtracking are refused when the rule loads.
 */
export const regexSchema = z
  .string()
  .min(1, "正则表达式不能为空")
  .superRefine((pattern, context) => {
    try {
      compileRegex(pattern);
    } catch (error) {
      context.addIssue({ code: "custom", message: `正则表达式无效: ${(error as Error).message}` });
      return;
    }
    const hazard = regexHazard(pattern);
    if (hazard) context.addIssue({ code: "custom", message: hazard });
  });
