/**
 * huashu — lint Chinese customer-service scripts and call transcripts against compliance
 * rules, and report the standard wording (规范用语) to use instead.
 *
 * @packageDocumentation
 */
export { lint, lintSync, type LintOptions } from "./engine/lint.js";
export type { Deduction, LintResult, Notice, Violation, ViolationType } from "./engine/violation.js";
export { createSession, StreamSession, type SessionEnd, type SessionOptions } from "./stream/session.js";
export type { ScoreCard } from "./engine/score.js";
export { HuashuError, formatDiagnostic, type Diagnostic, type FileLocation } from "./errors.js";
export { loadRules } from "./rules/load.js";
export { parseRules } from "./rules/load.js";
export { builtinPackNames, builtinRules } from "./rules/builtin.js";
export { RuleSet } from "./rules/rule-set.js";
export type {
  Boundary,
  CallDurationRule,
  Condition,
  ConditionRule,
  FirstResponseRule,
  ForbiddenRule,
  InterruptionRule,
  OrderRule,
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
export type { AssertedExample } from "./rules/types.js";
export { RuleTester, type CaseInput, type InvalidCase, type RuleTesterOptions, type RuleTests, type RulesUnderTest, type TestFunction, type ValidCase, type ViolationExpectation } from "./testing/rule-tester.js";
export { DEFAULT_SCORING, type Scoring } from "./rules/scoring.js";
export { DEFAULT_MATCHING, type Matching } from "./rules/matching.js";
export { DEFAULT_FILLERS, type Fillers } from "./normalise/fillers.js";
export type { Decidability } from "./rules/common.js";
export type { Speaker, SourcePosition, Transcript, Turn } from "./transcript/model.js";
export { parseScript } from "./transcript/adapters/script.js";
export {
  detectFormat,
  INPUT_FORMATS,
  isInputFormat,
  parseTranscripts,
  type InputFormat,
  type ParseOptions,
} from "./transcript/adapters/index.js";
export { MAX_TURN_LENGTH, PartialInputError, type AdapterOptions, type InputAdapter } from "./transcript/adapters/adapter.js";
export {
  DEFAULT_SPEAKER_MAP,
  parseSpeakerMap,
  resolveSpeaker,
  UNLABELLED_SPEAKER,
  type SpeakerMap,
} from "./transcript/adapters/speakers.js";
export {
  decodeBytes,
  isKnownEncoding,
  MAX_INPUT_BYTES,
  type DecodedText,
  type DecodeOptions,
} from "./transcript/decode.js";
export { normalise, type NormalisedText } from "./normalise/normalise.js";
export {
  ADDRESS_CATEGORY,
  evaluate,
  judgesTurns,
  KNOWN_CATEGORIES,
  type CategoryScore,
  type EvalReport,
  type Evaluation,
  type EvaluateOptions,
  type LintedTranscript,
  type OverallScore,
  type RuleScore,
  type TurnEntry,
} from "./eval/evaluate.js";
export { DEFAULT_CATEGORY, parseLabels, type Label, type LabelVerdict, type ParsedLabels } from "./eval/labels.js";
