import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HuashuError, parseRules, RuleTester, type RuleSet } from "../../src/index.js";

/** Path of a rule file under fixtures/rules. */
export function fixtureRulesPath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/rules/${name}`, import.meta.url));
}

/** Parses a rule file under fixtures/rules. */
export function fixtureRules(name: string): RuleSet {
  const path = fixtureRulesPath(name);
  return parseRules(readFileSync(path, "utf8"), path);
}

/** The diagnostics of a bad rule file, as `line:column message`; fails when the file is accepted. */
export function problems(yaml: string): string[] {
  try {
    parseRules(yaml, "bad.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(HuashuError);
    return (error as HuashuError).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
  }
  throw new Error("the rule file was accepted");
}

/** A {@link RuleTester} whose runs are vitest groups and whose cases are vitest tests. */
export function vitestRuleTester(): RuleTester {
  RuleTester.describe = describe;
  RuleTester.it = it;
  return new RuleTester();
}
