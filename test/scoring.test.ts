import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lintSync, parseRules } from "../src/index.js";
import { fixtureRules } from "./helpers/rules.js";
import { propertyRuns } from "./helpers/property-runs.js";

const basic = fixtureRules("basic.yaml");

describe("scoring", () => {
  it("gives a clean call the base score and a pass", () => {
    expect(lintSync("您好\n好的\n再见", { rules: basic })).toMatchObject({ score: 100, passed: true, deductions: [] });
  });

  it("deducts the documented defaults per violation: error 10, warning 3, info 0", () => {
    const result = lintSync("喂\n我不知道,没办法\n喂\n再见", { rules: basic });
    expect(result.deductions).toEqual([
      { ruleId: "taboo.wei", violations: 2, points: 20, autoFail: false },
      { ruleId: "taboo.dont-know", violations: 1, points: 10, autoFail: false },
      { ruleId: "courtesy.no-way", violations: 1, points: 3, autoFail: false },
      { ruleId: "flow.greeting", violations: 1, points: 10, autoFail: false },
    ]);
    expect(result).toMatchObject({ score: 57, passed: false });
    const info = parseRules("rules:\n  - { id: i, type: forbidden, phrases: [嗯], severity: info, message: m }\n");
    expect(lintSync("嗯", { rules: info })).toMatchObject({
      score: 100,
      passed: true,
      deductions: [{ ruleId: "i", points: 0 }],
    });
  });

  it("uses a rule's own deduct, the file's base, pass mark and defaults, and never goes below 0", () => {
    const rules = parseRules(`scoring: { base: 10, pass: 6, defaults: { error: 4 } }
rules:
  - { id: a, type: forbidden, phrases: [喂], message: m, deduct: 1 }
  - { id: b, type: forbidden, phrases: [不知道], message: m }
`);
    expect(lintSync("喂\n喂", { rules })).toMatchObject({ score: 8, passed: true });
    expect(lintSync("喂\n我不知道", { rules })).toMatchObject({ score: 5, passed: false });
    expect(lintSync("我不知道\n我不知道\n我不知道", { rules })).toMatchObject({ score: 0, passed: false });
  });

  it("fails the call on an autoFail rule (一票否决), whatever the score", () => {
    const rules = parseRules(`rules:
  - { id: abuse, type: forbidden, phrases: [有本事就投诉我], boundary: none, message: m, severity: warning, autoFail: true }
`);
    expect(lintSync("有本事就投诉我", { rules })).toMatchObject({
      score: 0,
      passed: false,
      deductions: [{ ruleId: "abuse", violations: 1, points: 0, autoFail: true }],
    });
  });

  it("never scores a call higher after one more violating turn", () => {
    const lines = ["您好", "喂", "我不知道", "好的", "没办法", "再见", "请讲"];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...lines), { maxLength: 8 }),
        fc.constantFrom("喂", "我不知道", "没办法"),
        (script, bad) => {
          const before = lintSync(script.join("\n"), { rules: basic }).score;
          const after = lintSync([...script, bad].join("\n"), { rules: basic }).score;
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
      { numRuns: propertyRuns(60) },
    );
  });
});
