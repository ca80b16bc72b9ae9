/**
 * `RuleTester`: unit tests for rule files, in the manner of ESLint's RuleTester. It lives
 * apart from rules/ because it is for test suites, not for linting: it knows about test
 * frameworks (their `describe` / `it`), which nothing else in huashu does.
 */
import { stringify } from "yaml";
import { parseRules } from "../rules/load.js";
import { judgeExample, quote, type ExampleExpectation, type ViolationExpectation } from "../rules/examples.js";
import type { Matching } from "../rules/matching.js";
import { RuleSet } from "../rules/rule-set.js";
import type { RuleFileInput } from "../rules/types.js";
import type { Transcript } from "../transcript/model.js";
import { asScript } from "../transcript/adapters/script.js";

export type { ViolationExpectation };

/** A case that must draw no violation: a script, a transcript, or either with a name. */
export type ValidCase = string | Transcript | CaseInput;

/** The input of a case: exactly one of `script` and `transcript`. */
export interface CaseInput {
  /** A plain script (role prefixes such as `坐席:` allowed). */
  script?: string;
  /** A transcript, times in ms, for rules that need them. */
  transcript?: Transcript;
  /** The test's title; default: the script. */
  name?: string;
  /**
   * The messages of the notices the case must give (rules that cannot judge it, e.g. a timing
   * rule without times); default none: a case that draws an unexpected notice fails.
   */
  notices?: string[];
}

/** A case that must draw violations. */
export interface InvalidCase extends CaseInput {
  /** How many violations, or one expectation per violation in order (each field given must equal the violation's). */
  violations: number | ViolationExpectation[];
  /** The script after applying the violations' fixes (`huashu lint --fix`); `null`: no fix changes it. */
  output?: string | null;
}

/** The cases of one {@link RuleTester.run}. */
export interface RuleTests {
  valid?: ValidCase[];
  invalid?: InvalidCase[];
}

/** The rules under test: a rule file's YAML text, its content as an object, or a rule set. */
export type RulesUnderTest = string | RuleFileInput | RuleSet;

/** A test framework's `describe` or `it`: a title and a function. */
export type TestFunction = (title: string, body: () => void) => unknown;

interface TestGlobals {
  describe?: TestFunction;
  it?: TestFunction;
}

/** Without a test framework: a group just runs its body… */
const runGroup: TestFunction = (_title, body) => body();

/** …and a test runs and throws when it fails, naming the test. */
const runTest: TestFunction = (title, body) => {
  try {
    body();
  } catch (error) {
    throw new Error(`${title}: ${(error as Error).message}`, { cause: error });
  }
};

/** Options for a {@link RuleTester}. */
export interface RuleTesterOptions {
  /** How phrases match beyond their wording for every case, e.g. `{ homophones: true }`. */
  matching?: Partial<Matching>;
}

/**
 * Runs rules on test cases and fails the cases whose violations differ from those expected,
 * with a message in Chinese naming what was expected and what was found.
 *
 * Each `run` is a `describe` group with one `it` test per case, using the test framework's
 * globals when it sets them (vitest with `globals: true`, jest, mocha) — or the functions
 * assigned to {@link RuleTester.describe} and {@link RuleTester.it}, for vitest without
 * globals and `node:test`. Without either, `run` runs the cases at once and throws at the
 * first failure.
 *
 * @example
 * ```ts
 * import { describe, it } from "vitest";
 * import { RuleTester } from "huashu";
 *
 * RuleTester.describe = describe;
 * RuleTester.it = it;
 * new RuleTester().run("rules/our-taboo.yaml", readFileSync("rules/our-taboo.yaml", "utf8"), {
 *   valid: ["您好,请问有什么可以帮您?", "客户:你们怎么回事"],
 *   invalid: [{ script: "请你稍等", violations: [{ ruleId: "ours.nin", text: "你" }], output: "请您稍等" }],
 * });
 * ```
 */
export class RuleTester {
  /** The `describe` to group cases with; default: the global `describe`, if any. */
  static describe: TestFunction | undefined;
  /** The `it` to run each case with; default: the global `it`, if any. */
  static it: TestFunction | undefined;

  private readonly matching: Partial<Matching> | undefined;

  constructor(options: RuleTesterOptions = {}) {
    this.matching = options.matching;
  }

  /**
   * Tests `rules` on the cases: each `valid` one must draw no violation, each `invalid` one
   * exactly the violations (and the fixed script) it states. A rule file that does not load
   * (or whose own examples fail) fails every case with the file's problems. `name` titles the
   * group and names YAML text in problem locations.
   */
  run(name: string, rules: RulesUnderTest, tests: RuleTests): void {
    const globals = globalThis as TestGlobals;
    const group = RuleTester.describe ?? globals.describe ?? runGroup;
    const test = RuleTester.it ?? globals.it ?? runTest;
    let ruleSet: RuleSet | undefined;
    // Built on first use, so that collecting the tests does not pay for segmentation.
    const load = () => (ruleSet ??= this.ruleSetOf(name, rules));
    const check = (input: CaseInput, expected: ExampleExpectation) => () => {
      const example = exampleOf(input);
      const { problems } = judgeExample(load(), example, expected);
      if (problems.length > 0)
        throw new Error(
          `示例 ${quote(typeof example === "string" ? example : asScript(example))}: ${problems.join(";")}`,
        );
    };
    const valid = tests.valid ?? [];
    const invalid = tests.invalid ?? [];
    // Test frameworks refuse an empty group (vitest: “No test found in suite”).
    group(name, () => {
      if (valid.length > 0) {
        group("valid", () => {
          for (const input of valid.map(caseInput)) {
            test(titleOf(input), check(input, { violations: 0, ...(input.notices && { notices: input.notices }) }));
          }
        });
      }
      if (invalid.length > 0) {
        group("invalid", () => {
          for (const input of invalid) {
            const { violations, output, notices } = input;
            test(
              titleOf(input),
              check(input, { violations, ...(output !== undefined && { output }), ...(notices && { notices }) }),
            );
          }
        });
      }
    });
  }

  private ruleSetOf(name: string, rules: RulesUnderTest): RuleSet {
    const ruleSet =
      rules instanceof RuleSet ? rules : parseRules(typeof rules === "string" ? rules : stringify(rules), name);
    return this.matching ? ruleSet.withMatching(this.matching) : ruleSet;
  }
}

function caseInput(valid: ValidCase): CaseInput {
  if (typeof valid === "string") return { script: valid };
  return "turns" in valid ? { transcript: valid } : valid;
}

function exampleOf(input: CaseInput): string | Transcript {
  if ((input.script === undefined) === (input.transcript === undefined))
    throw new Error("测试用例须给出 script 或 transcript 之一");
  return input.script ?? input.transcript!;
}

function titleOf(input: CaseInput): string {
  if (input.name !== undefined) return input.name;
  return (input.script ?? (input.transcript ? asScript(input.transcript) : "")).replace(/\n/g, "⏎");
}
