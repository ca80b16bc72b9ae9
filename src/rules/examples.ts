/**
 * Runs rule examples: the `examples` of rule files (at load and in `huashu test-rules`) and the
 * cases of `RuleTester`. It lives in rules/ because loading a rule file runs them, and rules/
 * may import engine/ but not the reverse.
 */
import type { Diagnostic, FileLocation } from "../errors.js";
import { lintSync } from "../engine/lint.js";
import type { Notice, Violation } from "../engine/violation.js";
import { applyFixes } from "../fix/fix.js";
import type { Transcript } from "../transcript/model.js";
import { asScript, parseScript } from "../transcript/adapters/script.js";
import type { ParsedRuleFile } from "./parse.js";
import { RuleSet } from "./rule-set.js";
import type { AssertedExample, RuleExample } from "./types.js";

/** Violation fields a test may state; each one given must equal the violation's. */
export type ViolationExpectation = Partial<
  Pick<
    Violation,
    "ruleId" | "text" | "turn" | "line" | "column" | "endLine" | "endColumn" | "detail" | "message" | "severity" | "speaker" | "phrase" | "start" | "end"
  >
>;

/** What linting an example must produce. */
export interface ExampleExpectation {
  /** How many violations, or one expectation per violation in order; absent: at least one. */
  violations?: number | readonly ViolationExpectation[];
  /** The script after applying the violations' fixes; `null`: no fix changes it; absent: not checked. */
  output?: string | null;
  /** The messages of the notices (rules that could not judge the example); absent: none. */
  notices?: readonly string[];
}

/** What an example produced, and how that differs from what was expected. */
export interface ExampleVerdict {
  violations: Violation[];
  notices: Notice[];
  /** The script with the fixes applied (script examples only). */
  output?: string;
  /** Each difference from the expectation, in Chinese; empty when the example passes. */
  problems: string[];
}

/** A text quoted for a message, line breaks shown as ⏎. */
export function quote(text: string): string {
  return `“${text.replace(/\n/g, "⏎")}”`;
}

const quoteAll = (texts: readonly string[]) => texts.map(quote).join("、");

const showValue = (value: unknown) => (typeof value === "string" ? quote(value) : String(value));

/** The differences between the violations found and those expected. */
function violationProblems(found: readonly Violation[], expected: ExampleExpectation["violations"]): string[] {
  const texts = found.map((v) => v.text);
  const foundPart = found.length > 0 ? `实际检出 ${found.length} 处(${quoteAll(texts)})` : "实际未检出";
  if (expected === undefined) return found.length > 0 ? [] : ["应检出违规,实际未检出"];
  if (typeof expected === "number") {
    if (found.length === expected) return [];
    return [expected === 0 ? `不应检出违规,${foundPart}` : `应检出 ${expected} 处违规,${foundPart}`];
  }
  const expectedTexts = expected.map((e) => e.text);
  const onlyTexts = expected.every((e) => Object.keys(e).every((key) => key === "text"));
  if (found.length !== expected.length) {
    const stated = onlyTexts && expected.length > 0 ? `(${quoteAll(expectedTexts as string[])})` : "";
    return [expected.length === 0 ? `不应检出违规,${foundPart}` : `应检出 ${expected.length} 处违规${stated},${foundPart}`];
  }
  if (onlyTexts) {
    return expectedTexts.every((text, index) => text === texts[index]) ? [] : [`应检出 ${quoteAll(expectedTexts as string[])},实际检出 ${quoteAll(texts)}`];
  }
  return expected.flatMap((expectation, index) =>
    Object.entries(expectation)
      .filter(([key, value]) => found[index]![key as keyof Violation] !== value)
      .map(([key, value]) => {
        const actual = found[index]![key as keyof Violation];
        return key === "text"
          ? `第 ${index + 1} 处违规应为 ${quote(String(value))},实际为 ${quote(String(actual))}`
          : `第 ${index + 1} 处违规的 ${key} 应为 ${showValue(value)},实际为 ${showValue(actual)}`;
      }),
  );
}

/** The difference between the fixed script and the expected one, if any. */
function outputProblem(script: string, output: string, expected: string | null): string | undefined {
  if (expected === null) return output === script ? undefined : `不应有修复,实际修复为 ${quote(output)}`;
  if (output === expected) return undefined;
  return `修复后应为 ${quote(expected)},${output === script ? "实际未作修改" : `实际为 ${quote(output)}`}`;
}

/** The difference between the notices given and those expected, if any. */
function noticeProblem(notices: readonly Notice[], expected: readonly string[] | undefined): string | undefined {
  const messages = notices.map((notice) => notice.message);
  if (expected === undefined) return messages.length === 0 ? undefined : `无法判断: ${messages.join(";")}`;
  if (messages.length === expected.length && messages.every((message, index) => message === expected[index])) return undefined;
  return `应提示 ${expected.length > 0 ? quoteAll(expected) : "无"},实际提示 ${messages.length > 0 ? quoteAll(messages) : "无"}`;
}

/**
 * Lints `example` with `rules` and compares the outcome with `expected`. An example that gives
 * an unexpected notice (a timing rule on a script without times) fails: it proves nothing.
 */
export function judgeExample(rules: RuleSet, example: string | Transcript, expected: ExampleExpectation): ExampleVerdict {
  // A script example is judged as a call (timing rules pass over scripts silently when linting,
  // but an example they cannot judge must say so rather than pass).
  const call: Transcript = typeof example === "string" ? { ...parseScript(example), wholeCall: true, kind: "transcript" } : example;
  const result = lintSync(call, { rules });
  const output = typeof example === "string" ? applyFixes(example, result.violations).text : undefined;
  const problems = [noticeProblem(result.notices, expected.notices), ...violationProblems(result.violations, expected.violations)];
  if (expected.output !== undefined) {
    problems.push(output === undefined ? "output 只适用于脚本示例" : outputProblem(example as string, output, expected.output));
  }
  return {
    violations: result.violations,
    notices: result.notices,
    ...(output !== undefined && { output }),
    problems: problems.filter((problem): problem is string => problem !== undefined),
  };
}

/** The verdict on one example of one rule. */
export interface ExampleOutcome {
  ruleId: string;
  kind: "bad" | "good";
  /** The example as a script, one `speaker:text` line per turn for a transcript. */
  example: string;
  /** Whether the example states what must be found (text, count or output). */
  asserted: boolean;
  passed: boolean;
  /** What the rule reported on the example (empty for a bad example it missed). */
  found: string[];
  /** Why the rule could not judge the example (e.g. a timing rule on a script without times). */
  notices: string[];
  /** Each way the example failed, in Chinese. */
  problems: string[];
  location: FileLocation;
}

function isAsserted(example: RuleExample | AssertedExample): example is AssertedExample {
  return typeof example !== "string" && !("turns" in example);
}

/** What a rule file's example must produce: a bad one what it states, or at least one violation. */
function expectationOf(kind: "bad" | "good", example: RuleExample | AssertedExample): ExampleExpectation {
  if (kind === "good") return { violations: 0 };
  if (!isAsserted(example)) return {};
  const texts = typeof example.text === "string" ? [example.text] : example.text;
  return {
    ...(texts ? { violations: texts.map((text) => ({ text })) } : example.count !== undefined && { violations: example.count }),
    ...(example.output !== undefined && { output: example.output }),
  };
}

/**
 * Lints every example of every rule with that rule alone: a `bad` example must draw a
 * violation of it (exactly those it states, when it states them), a `good` one must not.
 */
export function runExamples(files: readonly ParsedRuleFile[]): ExampleOutcome[] {
  const outcomes: ExampleOutcome[] = [];
  for (const file of files) {
    file.rules.forEach((rule, index) => {
      const examples = rule.examples;
      if (!examples) return;
      const alone = new RuleSet([rule], new Map());
      for (const kind of ["bad", "good"] as const) {
        (examples[kind] ?? []).forEach((example, position) => {
          const input = isAsserted(example) ? (example.script ?? example.transcript!) : example;
          const verdict = judgeExample(alone, input, expectationOf(kind, example));
          outcomes.push({
            ruleId: rule.id,
            kind,
            example: typeof input === "string" ? input : asScript(input),
            asserted: isAsserted(example),
            passed: verdict.problems.length === 0,
            found: verdict.violations.map((v) => v.text),
            notices: verdict.notices.map((notice) => notice.message),
            problems: verdict.problems,
            location: file.locate(["rules", index, "examples", kind, position]),
          });
        });
      }
    });
  }
  return outcomes;
}

/** Why a failed example failed, in Chinese, for rule authors. */
export function describeFailedExample(outcome: ExampleOutcome): string {
  const example = quote(outcome.example);
  if (outcome.notices.length > 0) return `规则 ${outcome.ruleId} 无法判断示例 ${example}: ${outcome.notices.join(";")}`;
  if (outcome.asserted) return `规则 ${outcome.ruleId} 的违规示例 ${example}: ${outcome.problems.join(";")}`;
  return outcome.kind === "bad"
    ? `规则 ${outcome.ruleId} 的违规示例未被检出: ${example}`
    : `规则 ${outcome.ruleId} 的合规示例被误报: ${example}(命中 ${quoteAll(outcome.found)})`;
}

/** Diagnostics for the examples that fail; empty when all pass. */
export function failedExamples(files: readonly ParsedRuleFile[]): Diagnostic[] {
  return runExamples(files)
    .filter((outcome) => !outcome.passed)
    .map((outcome) => ({ ...outcome.location, message: describeFailedExample(outcome) }));
}
