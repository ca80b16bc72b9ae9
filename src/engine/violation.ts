import type { Speaker } from "../transcript/model.js";
import type { RuleType, Severity } from "./types.js";

/**
 * What a violation is about: a rule of that type, or `directive` for a problem with a
 * suppression comment (`huashu-disable…`) found by the CLI.
 */
export type ViolationType = RuleType | "directive";

/**
 * How many characters (UTF-16 units) of the turns a `window` or `timing` violation quotes: as
 * many as a report line shows. The whole text would repeat every turn of the window in each
 * violation about it — most of a JSON report's bytes.
 */
export const EXCERPT_LENGTH = 40;

/**
 * `text` cut after {@link EXCERPT_LENGTH} characters (never between the two halves of a
 * surrogate pair) and ended with `…`; shorter text as it is.
 */
export function excerpt(text: string): string {
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[EXCERPT_LENGTH - 1]!) ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH;
  return `${text.slice(0, cut)}…`;
}

/**
 * What a check returns when it finds nothing, shared (and so never to be changed): most rules find
 * nothing in most calls, and an empty array made for each was a twentieth of what a lint allocates.
 * Not frozen: a frozen array is another kind of array to V8, and the loops over check results
 * would then handle two.
 */
export const NO_VIOLATIONS: readonly Violation[] = [];

/** One broken rule at one place: the single message type every reporter reads. */
export interface Violation {
  ruleId: string;
  type: ViolationType;
  severity: Severity;
  /** What was wrong, in Chinese. */
  message: string;
  /** The standard wording (规范用语) to use instead. */
  suggestion?: string;
  /** What was measured, for timing and count rules, e.g. “静音 12.5 秒”. */
  detail?: string;
  speaker: Speaker;
  /**
   * Index of the turn in the transcript (the first turn of the window for a required phrase);
   * -1 for a suppression comment, which is no turn.
   */
  turn: number;
  /** 1-based line where the match (or searched window) starts. */
  line: number;
  /** 1-based column (UTF-16 units) where it starts. */
  column: number;
  endLine: number;
  /** Column just past the last character, ESLint-style. */
  endColumn: number;
  /**
   * The matched original text; for a `window` or `timing`, an excerpt of the turns examined:
   * their text (joined by line breaks) cut after {@link EXCERPT_LENGTH} characters and ended
   * with `…`. Their range (line:column to endLine:endColumn, from `turn` on) says where they
   * are; a report that holds the turns takes their text from there.
   */
  text: string;
  /**
   * What `text` is: `match` — the words that broke the rule; `window` — the turns where
   * something expected was looked for and not found (a missing phrase, reply or condition);
   * `timing` — the turns whose times the rule measured (a silence before a turn, an overlap, a
   * speech rate, the first response, the call's duration). Reporters quote a window or a
   * timing as the turns examined, and show it by this field, never by the rule's type.
   */
  region: "match" | "window" | "timing";
  /**
   * The rule phrase, as written in the rule file, that matched — a phrase family such as
   * `{我|我们}?不{太}?清楚` included — for rules that match phrases.
   */
  phrase?: string;
  /** What `huashu lint --fix` writes in place of the violation's range (line:column to endLine:endColumn). */
  fix?: ViolationFix;
  /** Start of the turn (or window) in ms, when the transcript has times. */
  start?: number;
  /** End of the turn (or window) in ms, when the transcript has times. */
  end?: number;
}

/** An edit that fixes a violation: its whole range replaced by `text`. */
export interface ViolationFix {
  text: string;
}

/** A rule that could not be judged on a transcript, e.g. a timing rule on one without times. */
export interface Notice {
  ruleId: string;
  /** Why, in Chinese. */
  message: string;
}

/** What one rule's violations took off the score. */
export interface Deduction {
  ruleId: string;
  /** How many violations of the rule were found. */
  violations: number;
  /** Points taken off: the rule's `deduct` (or the default for its severity) per violation. */
  points: number;
  /** The rule is 一票否决: the call fails whatever its score. */
  autoFail: boolean;
}

/** What `lint` returns for one transcript. */
export interface LintResult {
  /** The transcript's id, when it has one. */
  id?: string;
  /** The transcript's `agentId` (who served the call), when it has one. */
  agentId?: string;
  /** Violations ordered by position, then rule id. */
  violations: Violation[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** Rules that could not be judged, and why. */
  notices: Notice[];
  /** The rule set's base score minus all deductions, never below 0; 0 when an autoFail rule is broken. */
  score: number;
  /** Whether the score reaches the pass mark and no autoFail rule is broken. */
  passed: boolean;
  /** Per broken rule, in rule order. */
  deductions: Deduction[];
}
