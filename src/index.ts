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
export type { Rule, RuleType, RuleFileInput } from "./rules/registry.js";
export type { ForbiddenRule } from "./rules/forbidden.js";
export type { RequiredRule } from "./rules/required.js";
export type { ConditionRule } from "./rules/condition.js";
export type { OrderRule } from "./rules/order.js";
export type { ResponseRule } from "./rules/response.js";
export type { SilenceRule } from "./rules/silence.js";
export type { InterruptionRule } from "./rules/interruption.js";
export type { SpeechRateRule } from "./rules/speech-rate.js";
export type { FirstResponseRule } from "./rules/first-response.js";
export type { CallDurationRule } from "./rules/call-duration.js";
export type { Condition } from "./rules/conditions.js";
export type { Window } from "./rules/window.js";
export { DEFAULT_SCORING, type Scoring } from "./rules/scoring.js";
export type { Decidability, Severity, SpeakerFilter } from "./rules/common.js";
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
