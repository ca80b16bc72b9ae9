import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import type { FileLocation } from "../errors.js";
import { HomophoneIndex } from "../match/homophones.js";
import { PhraseIndex } from "../match/phrase-index.js";
import type { PhraseList } from "../match/phrase-match.js";
import { FillerMatcher } from "../normalise/fillers.js";
import type { Decidability } from "./common.js";
import { DEFAULT_MATCHING, type Matching } from "./matching.js";
import { checkRule, customerListsOf, decidabilityOf, occasionalListsOf, phraseListsOf, ruleChecks, type Rule } from "./registry.js";
import { DEFAULT_SCORING, type Scoring } from "./scoring.js";

/**
 * Validated rules ready to lint with. Everything a lint needs lives here, so several rule sets
 * can be used side by side in one process. Build one with `loadRules`, `parseRules` or
 * `builtinRules`.
 */
// It is the engine's LintRules (engine/lint.ts) by shape only: an `implements` clause would name
// members the published declarations leave out.
export class RuleSet {
  /** The rules, in file order. */
  readonly rules: readonly Rule[];
  /** How calls are scored: base score, pass mark, default deductions. */
  readonly scoring: Scoring;
  /** How phrases match beyond their exact wording: fillers, homophones. */
  readonly matching: Matching;
  private readonly origins: ReadonlyMap<string, FileLocation>;
  private phraseIndex: PhraseIndex<PhraseList> | undefined;
  private fillerMatcher: FillerMatcher | undefined;
  private homophoneIndex: HomophoneIndex | undefined;
  private occasionalIndex: PhraseIndex<PhraseList> | undefined;
  private occasionalSyllableIndex: HomophoneIndex | undefined;
  private customerIndex: PhraseIndex<PhraseList> | undefined;
  private customerSyllableIndex: HomophoneIndex | undefined;
  private ruleCheckList: ReadonlyArray<(context: LintContext) => readonly Violation[]> | undefined;

  /** @internal Use `loadRules` or `parseRules`: they validate. */
  constructor(rules: readonly Rule[], origins: ReadonlyMap<string, FileLocation>, scoring: Scoring = DEFAULT_SCORING, matching: Matching = DEFAULT_MATCHING) {
    this.rules = rules;
    this.origins = origins;
    this.scoring = scoring;
    this.matching = matching;
  }

  /**
   * @internal All phrases of all rules, scanned in one pass; built on first use, as the CLI
   * makes rule sets (joining files, applying the config) that never lint.
   */
  get phrases(): PhraseIndex<PhraseList> {
    this.phraseIndex ??= new PhraseIndex(this.rules.flatMap(phraseListsOf));
    return this.phraseIndex;
  }

  /** The same rules, matched with other settings, e.g. `ruleSet.withMatching({ homophones: true })`. */
  withMatching(matching: Partial<Matching>): RuleSet {
    return new RuleSet(this.rules, this.origins, this.scoring, { ...this.matching, ...matching });
  }

  /** @internal Whether a phrase list matches through fillers in a script (`inScript`) or a transcript. */
  fillersFor(list: PhraseList, inScript: boolean): boolean {
    return list.fillers ?? (!inScript || this.matching.fillersInScripts);
  }

  /** @internal Whether a phrase list also matches homophones. */
  homophonesFor(list: PhraseList): boolean {
    return list.homophones ?? this.matching.homophones;
  }

  /** @internal The violations of one of the rules (see registry.ts). */
  check(rule: Rule, context: LintContext): readonly Violation[] {
    return checkRule(rule, context);
  }

  /** @internal {@link check} of each rule, in order; made on first use. */
  get checks(): ReadonlyArray<(context: LintContext) => readonly Violation[]> {
    this.ruleCheckList ??= ruleChecks(this.rules, this);
    return this.ruleCheckList;
  }

  /** @internal The fillers, ready to drop from a turn's text. */
  get fillers(): FillerMatcher {
    this.fillerMatcher ??= new FillerMatcher(this.matching.fillers);
    return this.fillerMatcher;
  }

  /** @internal The lists only some turns are asked about (`unlessTurn`, the other party's answer), in an automaton of their own; built on first use. */
  get occasionalPhrases(): PhraseIndex<PhraseList> {
    this.occasionalIndex ??= new PhraseIndex(this.rules.flatMap(occasionalListsOf));
    return this.occasionalIndex;
  }

  /** @internal The occasional lists as syllables; built on first use. */
  get occasionalHomophones(): HomophoneIndex {
    this.occasionalSyllableIndex ??= new HomophoneIndex(this.occasionalPhrases.patterns);
    return this.occasionalSyllableIndex;
  }

  /** @internal The lists said only by the customer, in an automaton of their own; built on first use. */
  get customerPhrases(): PhraseIndex<PhraseList> {
    this.customerIndex ??= new PhraseIndex(this.rules.flatMap(customerListsOf));
    return this.customerIndex;
  }

  /** @internal The customer's lists as syllables; built on first use. */
  get customerHomophones(): HomophoneIndex {
    this.customerSyllableIndex ??= new HomophoneIndex(this.customerPhrases.patterns);
    return this.customerSyllableIndex;
  }

  /** @internal The phrases as syllables; built (and pinyin-pro loaded) on first use. */
  get homophones(): HomophoneIndex {
    this.homophoneIndex ??= new HomophoneIndex(this.phrases.patterns);
    return this.homophoneIndex;
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
