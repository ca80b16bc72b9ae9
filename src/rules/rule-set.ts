import type { FileLocation } from "../errors.js";
import { PhraseIndex } from "../match/phrase-index.js";
import type { PhraseList } from "../match/phrase-match.js";
import type { Decidability } from "./common.js";
import { decidabilityOf, phraseListsOf, type Rule } from "./registry.js";
import { DEFAULT_SCORING, type Scoring } from "./scoring.js";

/**
 * Validated rules ready to lint with. Everything a lint needs lives here, so several rule sets
 * can be used side by side in one process. Build one with `loadRules`, `parseRules` or
 * `builtinRules`.
 */
export class RuleSet {
  /** The rules, in file order. */
  readonly rules: readonly Rule[];
  /** How calls are scored: base score, pass mark, default deductions. */
  readonly scoring: Scoring;
  /** @internal All phrases of all rules, scanned in one pass. */
  readonly phrases: PhraseIndex<PhraseList>;
  private readonly origins: ReadonlyMap<string, FileLocation>;

  /** @internal Use `loadRules` or `parseRules`: they validate. */
  constructor(rules: readonly Rule[], origins: ReadonlyMap<string, FileLocation>, scoring: Scoring = DEFAULT_SCORING) {
    this.rules = rules;
    this.origins = origins;
    this.scoring = scoring;
    this.phrases = new PhraseIndex(rules.flatMap(phraseListsOf));
  }

  /** Where the rule with this id is defined, when it came from a file. */
  originOf(ruleId: string): FileLocation | undefined {
    return this.origins.get(ruleId);
  }

  /**
   * `per-turn` when the rule can be decided as each turn of a call arrives (each verdict is
   * final a bounded number of turns or seconds later), `end-of-call` when only once the call
   * is over. For a streaming engine: only `per-turn` rules can report during the call.
   */
  decidability(rule: Rule): Decidability {
    return decidabilityOf(rule);
  }
}
