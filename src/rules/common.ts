import { lazy, z } from "../util/zod.js";
import { expandPhrase, isPhraseFamily, PhraseFamilyError } from "../match/phrase-family.js";
import { isTokenPattern, tokenPattern, TokenPatternError } from "../match/token-pattern.js";
import { normalisePhrase } from "../normalise/normalise.js";
import { transcriptSchema } from "../transcript/validate.js";
import type { Severity, SpeakerFilter } from "./types.js";
export type { Severity, SpeakerFilter };

/**
 * A rule example: a plain script, or a transcript (`{ turns: [{ speaker, text, start, end }] }`,
 * times in ms) for rules that need times. Strict, so that assertions written on a bare
 * transcript (`{ turns, count }`) are refused rather than silently dropped.
 */
const exampleSchema = lazy(() => z.union([z.string(), z.strictObject(transcriptSchema.shape)]));

/** What the union reports when an object is neither form: zod cannot say which was meant. */
const EXAMPLE_FORMS = "示例须为脚本文本、对话记录 { turns: […] },或带断言的 { script 或 transcript, text, count, output }";

/** A bad example that states what must be found (see `AssertedExample` in types.ts). */
const assertedExampleSchema = lazy(() => z
  .strictObject({
    script: z.string().optional(),
    transcript: z.strictObject(transcriptSchema.shape).optional(),
    text: z.union([z.string(), z.array(z.string()).min(1, "text 列表不能为空")]).optional(),
    count: z.int().positive("count 须为正整数").optional(),
    output: z.string().optional(),
  })
  .superRefine((example, context) => {
    if ((example.script === undefined) === (example.transcript === undefined)) {
      context.addIssue({ code: "custom", message: "带断言的示例须给出 script 或 transcript 之一" });
    }
    if (example.text === undefined && example.count === undefined && example.output === undefined) {
      context.addIssue({ code: "custom", message: "带断言的示例须给出 text、count 或 output" });
    }
    if (example.output !== undefined && example.script === undefined) {
      context.addIssue({ code: "custom", path: ["output"], message: "output 只适用于 script 示例" });
    }
    const texts = typeof example.text === "string" ? 1 : example.text?.length;
    if (texts !== undefined && example.count !== undefined && texts !== example.count) {
      context.addIssue({ code: "custom", path: ["count"], message: `count (${example.count}) 与 text 的条数 (${texts}) 不一致` });
    }
  }));

const badExampleSchema = lazy(() => z.union([exampleSchema, assertedExampleSchema], { error: EXAMPLE_FORMS }));

/** Fields every rule type has. Extra documented fields (link, tags, source) are metadata. */
export const commonRuleFields = lazy(() => ({
  /** Unique, stable id, e.g. `taboo.dont-know`. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "规则 id 只能包含字母、数字、点、下划线和连字符,且以字母或数字开头"),
  /** Whose turns the rule looks at. */
  speaker: z.enum(["agent", "customer", "any"]).default("agent"),
  severity: z.enum(["error", "warning", "info"]).default("error"),
  /** What was wrong, shown to QA staff. */
  message: z.string().min(1, "message 不能为空"),
  /** The standard wording (规范用语) to use instead. */
  suggestion: z.string().min(1).optional(),
  /** Where the rule comes from (standard document and section). */
  source: z.string().optional(),
  tags: z.array(z.string()).optional(),
  link: z.url().optional(),
  /** Points each violation takes off the score; absent = the rule set's default for the severity. */
  deduct: z.number().nonnegative("扣分不能为负").optional(),
  /**
   * What one deduction is for: `turn` (default) — the rule deducts once per turn it is broken
   * in, however often; `violation` — once per violation.
   */
  deductEach: z.enum(["turn", "violation"]).optional(),
  /** 一票否决: any violation fails the call, whatever its score. */
  autoFail: z.boolean().optional(),
  /**
   * Scripts the rule must flag (`bad`) and must not flag (`good`), checked whenever the file
   * loads; a failing example refuses the file. Each is a plain script (role prefixes allowed)
   * or a transcript; a bad one may also state what must be found (text, count, output).
   */
  examples: z
    .strictObject({
      bad: z.array(badExampleSchema).optional(),
      good: z.array(exampleSchema).optional(),
    })
    .optional(),
}));

/**
 * One rule phrase: plain text, a phrase family (`{我|我们}?不{太}?清楚`, see match/phrase-family.ts),
 * every wording of which must still contain text after normalisation, or a token pattern
 * (`[] [什么] [$1]`, see match/token-pattern.ts).
 */
const phrase = lazy(() => z.string().superRefine((text, context) => {
  if (isTokenPattern(text)) {
    try {
      tokenPattern(text);
    } catch (error) {
      if (!(error instanceof TokenPatternError)) throw error;
      context.addIssue({ code: "custom", message: error.message });
    }
    return;
  }
  let wordings: string[];
  try {
    wordings = expandPhrase(text);
  } catch (error) {
    if (!(error instanceof PhraseFamilyError)) throw error;
    context.addIssue({ code: "custom", message: error.message });
    return;
  }
  if (wordings.some((wording) => normalisePhrase(wording).length === 0)) {
    context.addIssue({ code: "custom", message: isPhraseFamily(text) ? `短语 “${text}” 有一种写法去掉空白和标点后为空` : "短语去掉空白和标点后为空" });
  }
}));

/**
 * A non-empty list of phrases (plain, families or token patterns). An entry may itself be a
 * list of phrases, spliced in place: a list written once in a file is named elsewhere by a
 * YAML alias (`unlessTurn: [*helped-on, 您稍等]`), where YAML itself cannot join two lists.
 */
export const phraseList = lazy(() =>
  z
    .array(z.union([phrase, z.array(phrase).min(1, "嵌套的短语列表不能为空")], { error: "须为短语或短语列表" }))
    .transform((entries) => entries.flat())
    .pipe(z.array(z.string()).min(1, "短语列表不能为空")),
);

/** `token` (default): phrases match on jieba word boundaries; `none`: plain substrings. */
export const boundaryField = lazy(() => z.enum(["token", "none"]).default("token"));

/**
 * When a rule can be decided on a call that is still going on: `per-turn` — each verdict is
 * final once a bounded number of further turns (or seconds) has arrived, so a streaming engine
 * can report it during the call; `end-of-call` — only when the call is over (absence of a
 * phrase in the whole call, the last N turns, the call duration…).
 */
export type Decidability = "per-turn" | "end-of-call";

/** `per-turn` only when every part is. */
export function combineDecidability(...parts: Decidability[]): Decidability {
  return parts.every((part) => part === "per-turn") ? "per-turn" : "end-of-call";
}

/**
 * A refinement for a lower and an upper bound of which at least one is required and which,
 * when both are given, must be in order; issues point at the rule or at the upper bound.
 */
export function boundsRefinement<Min extends string, Max extends string>(type: string, minKey: Min, maxKey: Max) {
  return (rule: { [K in Min | Max]?: number | undefined }, context: z.RefinementCtx): void => {
    const min = rule[minKey];
    const max = rule[maxKey];
    if (min === undefined && max === undefined) {
      context.addIssue({ code: "custom", message: `${type} 规则须给出 ${minKey} 或 ${maxKey}` });
    }
    if (min !== undefined && max !== undefined && min >= max) {
      context.addIssue({ code: "custom", path: [maxKey], message: `${maxKey} (${max}) 须大于 ${minKey} (${min})` });
    }
  };
}

/** A positive number of seconds, e.g. a silence threshold. */
export const positiveSeconds = lazy(() => z.number().positive("秒数必须大于 0"));

/** Milliseconds as seconds with one decimal, for violation details: 12500 → “12.5”. */
export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** Severities from lowest to highest, for "at least this severity" tests. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({ info: 0, warning: 1, error: 2 });

/** Whether `name` is a severity (a flag's value, say). */
export function isSeverity(name: string): name is Severity {
  return Object.hasOwn(SEVERITY_RANK, name);
}
