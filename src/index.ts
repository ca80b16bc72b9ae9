/**
 * huashu — lint Chinese customer-service scripts and call transcripts against compliance
 * rules, and report the standard wording (规范用语) to use instead.
 *
 * This file is the whole public API, listed on purpose (docs/library.md); every other
 * module is internal, and members tagged internal are left out of the declarations.
 *
 * @packageDocumentation
 */

// Linting one script or transcript, and streaming a live call.
export { lint, lintSync, type LintOptions } from "./lint.js";
export { preloadSegmenter, skipKeywordDictionary } from "./match/segmenter.js";
export type { Deduction, LintResult, Notice, Violation, ViolationFix, ViolationType } from "./engine/violation.js";
export type { ScoreCard } from "./engine/score.js";
export { createSession, type SessionEnd, type SessionOptions } from "./stream/session.js";
/** A live call being checked (see {@link createSession}, which makes one): a type only, no class to construct. */
export type StreamSession = import("./stream/session.js").StreamSession;

// Rules: loading, the built-in packs, and the rule types as plain interfaces.
export { builtinPackNames, builtinRules } from "./rules/builtin.js";
export { loadRules, parseRules } from "./rules/load.js";
/** Validated rules to lint with, from `loadRules`, `parseRules` or `builtinRules`: a type only, no class to construct. */
export type RuleSet = import("./rules/rule-set.js").RuleSet;
export type {
  Boundary,
  CallDurationRule,
  Condition,
  ConditionInput,
  ConditionRule,
  FirstResponseRule,
  ForbiddenRule,
  InterruptionRule,
  OrderRule,
  PhraseListInput,
  RequiredRule,
  ResponseRule,
  Rule,
  RuleExample,
  RuleFields,
  RuleFileInput,
  RuleInput,
  RuleType,
  ScoringInput,
  Severity,
  SilenceRule,
  SpeakerFilter,
  SpeechRateRule,
  Window,
} from "./rules/types.js";
export type { Decidability } from "./rules/common.js";
export type { AssertedExample } from "./rules/types.js";
export {
  RuleTester,
  type CaseInput,
  type InvalidCase,
  type RuleTesterOptions,
  type RuleTests,
  type RulesUnderTest,
  type TestFunction,
  type ValidCase,
  type ViolationExpectation,
} from "./testing/rule-tester.js";
export { DEFAULT_SCORING, type Scoring } from "./rules/scoring.js";
export { DEFAULT_MATCHING, type Matching } from "./rules/matching.js";
export { DEFAULT_FILLERS, type Fillers } from "./normalise/fillers.js";

// Inputs: bytes to text, text to transcripts.
export type { Speaker, SourcePosition, Transcript, Turn } from "./transcript/model.js";
export { decodeBytes, MAX_INPUT_BYTES, type DecodedText, type DecodeOptions } from "./transcript/decode.js";
export {
  detectFormat,
  INPUT_FORMATS,
  isInputFormat,
  parseTranscripts,
  type InputFormat,
  type ParseOptions,
} from "./transcript/adapters/index.js";
export { parseScript } from "./transcript/adapters/script.js";
export {
  MAX_TURN_LENGTH,
  PartialInputError,
  type AdapterOptions,
  type InputAdapter,
} from "./transcript/adapters/adapter.js";
export {
  DEFAULT_SPEAKER_MAP,
  parseSpeakerMap,
  UNLABELLED_SPEAKER,
  type SpeakerMap,
} from "./transcript/adapters/speakers.js";

// Outputs: reporters (results to text) and fixes.
export {
  batchReporter,
  checkstyle,
  github,
  expandJsonReport,
  html,
  json,
  jsonl,
  junit,
  markdown,
  reporters,
  RunTotals,
  sarif,
  streamingReporters,
  stylish,
  type FileResult,
  type JsonDeduction,
  type JsonReport,
  type JsonResult,
  type JsonRule,
  type JsonViolation,
  type Reporter,
  type ReporterName,
  type ReportOptions,
  type ReportStream,
  type RunSummary,
  type StreamingReporter,
} from "./report/index.js";
export { applyFixes } from "./fix/fix.js";

// Errors.
export { HuashuError, formatDiagnostic, type Diagnostic, type FileLocation } from "./errors.js";

// Evaluating rules against hand labels.
export {
  evaluate,
  evaluateSources,
  type CallEntry,
  type CallRuleScore,
  type CallScores,
  type CallVerdictScore,
  type CategoryScore,
  type EvalReport,
  type EvalSource,
  type Evaluation,
  type EvaluateOptions,
  type LintedTranscript,
  type OverallScore,
  type OverturnedHit,
  type ReviewCounts,
  type RuleScore,
  type SourceScore,
  type TurnEntry,
  type TurnScores,
} from "./eval/evaluate.js";
export {
  parseLabels,
  type CallLabel,
  type CallVerdict,
  type Label,
  type LabelVerdict,
  type ParsedLabels,
} from "./eval/labels.js";
export {
  mergeLabels,
  type Disagreement,
  type MergedLabel,
  type MergedLabels,
  type ReviewerSays,
} from "./eval/merge.js";
export { KNOWN_CATEGORIES, ruleCategory, type RuleTags } from "./labels/categories.js";
export {
  labelsJsonl,
  reviewedCallLine,
  reviewedTurnLine,
  type CallLabelLine,
  type CallReview,
  type HitMark,
  type HitReview,
  type ReviewedTurnLine,
  type TurnLabelLine,
  type TurnReview,
} from "./labels/review-labels.js";
