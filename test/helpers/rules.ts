import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseRules, type RuleSet } from "../../src/index.js";

/** Path of a rule file under fixtures/rules. */
export function fixtureRulesPath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/rules/${name}`, import.meta.url));
}

/** Parses a rule file under fixtures/rules. */
export function fixtureRules(name: string): RuleSet {
  const path = fixtureRulesPath(name);
  return parseRules(readFileSync(path, "utf8"), path);
}
