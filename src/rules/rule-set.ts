import type { FileLocation } from "../errors.js";
import { PhraseIndex } from "../match/phrase-index.js";
import type { Rule } from "./registry.js";

/**
 * Validated rules ready to lint with. Everything a lint needs lives here, so several rule sets
 * can be used side by side in one process. Build one with `loadRules`, `parseRules` or
 * `builtinRules`.
 */
export class RuleSet {
  /** The rules, in file order. */
  readonly rules: readonly Rule[];
  /** @internal All phrases of all rules, scanned in one pass. */
  readonly phrases: PhraseIndex<Rule>;
  private readonly origins: ReadonlyMap<string, FileLocation>;

  /** @internal Use `loadRules` or `parseRules`: they validate. */
  constructor(rules: readonly Rule[], origins: ReadonlyMap<string, FileLocation>) {
    this.rules = rules;
    this.origins = origins;
    this.phrases = new PhraseIndex(rules);
  }

  /** Where the rule with this id is defined, when it came from a file. */
  originOf(ruleId: string): FileLocation | undefined {
    return this.origins.get(ruleId);
  }
}
