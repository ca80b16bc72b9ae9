/**
 * What the engine takes: rules as data, the phrase matchers of the rule set, scoring. src/rules
 * implements these (RuleSet, the rule type modules) and imports the engine; the engine never
 * imports src/rules. The engine's other files import this one and it imports none of them, so
 * the engine has no import circle (the interface that names the context is in lint.ts).
 */
import type { HomophoneIndex } from "../match/homophones.js";
import type { PhraseIndex } from "../match/phrase-index.js";
import type { PhraseList } from "../match/phrase-match.js";
import type { FillerMatcher } from "../normalise/fillers.js";

/** Whose turns a rule looks at. */
export type SpeakerFilter = "agent" | "customer" | "any";

/** How serious a violation is; also picks the default deduction. */
export type Severity = "error" | "warning" | "info";

/** The rule types huashu knows (rules/schema-types.ts checks that the `Rule` union has exactly these). */
export type RuleType =
  | "forbidden"
  | "required"
  | "condition"
  | "order"
  | "response"
  | "silence"
  | "interruption"
  | "speech-rate"
  | "first-response"
  | "call-duration";

/** What the engine reads of a rule: what its violations carry and how it scores. */
export interface RuleInfo {
  id: string;
  type: RuleType;
  severity: Severity;
  /** What was wrong, in Chinese. */
  message: string;
  /** The standard wording (规范用语) to use instead. */
  suggestion?: string;
  /** Points each violation takes off the score; absent = the default for the severity. */
  deduct?: number;
  /** What one deduction is for: `turn` (absent) or `violation`. */
  deductEach?: "turn" | "violation";
  /** 一票否决: any violation fails the call, whatever its score. */
  autoFail?: boolean;
}

/** How a rule set scores calls. */
export interface Scoring {
  readonly base: number;
  readonly pass: number;
  /** Points per violation of a rule without `deduct`, by severity. */
  readonly defaults: Readonly<Record<Severity, number>>;
}

/** What scoring reads: the rules in order, and the settings. */
export interface ScoredRules {
  readonly rules: readonly RuleInfo[];
  readonly scoring: Scoring;
}

/** What {@link LintContext} matches phrases with: one index of all the rules' phrases, and how each list matches. */
export interface PhraseMatchers {
  /** All phrases of all rules, scanned in one pass. */
  readonly phrases: PhraseIndex<PhraseList>;
  /** The phrases as syllables, for homophones. */
  readonly homophones: HomophoneIndex;
  /**
   * The phrase lists that only some turns are asked about — those consulted only in a turn where
   * their rule already matched (`unlessTurn`), or in the other party's answer: an automaton of
   * their own, which only those turns are scanned with.
   */
  readonly occasionalPhrases: PhraseIndex<PhraseList>;
  /** The occasional lists as syllables, for homophones. */
  readonly occasionalHomophones: HomophoneIndex;
  /** The phrase lists said only by the customer: an automaton of their own, which the customer's turns are scanned with. */
  readonly customerPhrases: PhraseIndex<PhraseList>;
  /** The customer's lists as syllables, for homophones. */
  readonly customerHomophones: HomophoneIndex;
  /** The fillers, ready to drop from a turn's text. */
  readonly fillers: FillerMatcher;
  /** Whether a phrase list matches through fillers in a script (`inScript`) or a transcript. */
  fillersFor(list: PhraseList, inScript: boolean): boolean;
  /** Whether a phrase list also matches homophones. */
  homophonesFor(list: PhraseList): boolean;
}
