import type { Diagnostic, FileLocation } from "../errors.js";
import type { ParsedRuleFile } from "../rules/parse.js";
import { RuleSet } from "../rules/rule-set.js";
import type { Speaker, Transcript } from "../transcript/model.js";
import { lintSync } from "./lint.js";

/** The verdict on one example of one rule. */
export interface ExampleOutcome {
  ruleId: string;
  kind: "bad" | "good";
  /** The example as a script, one `speaker:text` line per turn for a transcript. */
  example: string;
  passed: boolean;
  /** What the rule reported on the example (empty for a bad example it missed). */
  found: string[];
  /** Why the rule could not judge the example (e.g. a timing rule on a script without times). */
  notices: string[];
  location: FileLocation;
}

/**
 * Lints every example of every rule with that rule alone: a `bad` example must draw a
 * violation of it, a `good` one must not.
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
          const result = lintSync(example, { rules: alone });
          const found = result.violations.map((v) => v.text);
          outcomes.push({
            ruleId: rule.id,
            kind,
            example: typeof example === "string" ? example : asScript(example),
            // An example the rule cannot judge (a timing rule on a script) proves nothing.
            passed: result.notices.length === 0 && (kind === "bad" ? found.length > 0 : found.length === 0),
            found,
            notices: result.notices.map((notice) => notice.message),
            location: file.locate(["rules", index, "examples", kind, position]),
          });
        });
      }
    });
  }
  return outcomes;
}

const SPEAKER_LABEL: Record<Speaker, string> = { agent: "坐席", customer: "客户", other: "其他" };

/** A transcript example as a plain script, one `坐席:text` line per turn. */
export function asScript(transcript: Transcript): string {
  return transcript.turns.map((turn) => `${SPEAKER_LABEL[turn.speaker]}:${turn.text}`).join("\n");
}

/** Why a failed example failed, in Chinese, for rule authors. */
export function describeFailedExample(outcome: ExampleOutcome): string {
  const example = `“${outcome.example.replace(/\n/g, "⏎")}”`;
  if (outcome.notices.length > 0) return `规则 ${outcome.ruleId} 无法判断示例 ${example}: ${outcome.notices.join(";")}`;
  return outcome.kind === "bad"
    ? `规则 ${outcome.ruleId} 的违规示例未被检出: ${example}`
    : `规则 ${outcome.ruleId} 的合规示例被误报: ${example}(命中 ${outcome.found.map((t) => `“${t}”`).join("、")})`;
}

/** Diagnostics for the examples that fail; empty when all pass. */
export function failedExamples(files: readonly ParsedRuleFile[]): Diagnostic[] {
  return runExamples(files)
    .filter((outcome) => !outcome.passed)
    .map((outcome) => ({ ...outcome.location, message: describeFailedExample(outcome) }));
}

