/**
 * huashu — lint Chinese customer-service scripts and call transcripts against compliance
 * rules, and report the standard wording (规范用语) to use instead.
 *
 * @packageDocumentation
 */
export { lint, lintSync, type LintOptions } from "./engine/lint.js";
export type { LintResult, Violation, ViolationType } from "./engine/violation.js";
export { HuashuError, formatDiagnostic, type Diagnostic, type FileLocation } from "./errors.js";
export { loadRules } from "./rules/load.js";
export { parseRules } from "./rules/parse.js";
export { RuleSet } from "./rules/rule-set.js";
export type { Rule, RuleType, RuleFileInput } from "./rules/registry.js";
export type { ForbiddenRule } from "./rules/forbidden.js";
export type { RequiredRule } from "./rules/required.js";
export type { Severity, SpeakerFilter } from "./rules/common.js";
export type { Speaker, SourcePosition, Transcript, Turn } from "./transcript/model.js";
export { parseScript } from "./transcript/script.js";
export { normalise, type NormalisedText } from "./normalise/normalise.js";
