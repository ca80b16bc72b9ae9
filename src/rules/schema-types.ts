/**
 * Compile-time checks that each zod schema yields exactly the public interface of types.ts:
 * a field added to a schema but not to its interface (or the reverse) fails `tsc`.
 * Types only: nothing here exists at run time.
 */
import type { z } from "zod";
import type { transcriptSchema } from "../transcript/validate.js";
import type { callDurationRuleSchema } from "./call-duration.js";
import type { commonRuleFields } from "./common.js";
import type { conditionRuleSchema } from "./condition.js";
import type { conditionSchema } from "./condition-expression.js";
import type { firstResponseRuleSchema } from "./first-response.js";
import type { forbiddenRuleSchema } from "./forbidden.js";
import type { interruptionRuleSchema } from "./interruption.js";
import type { orderRuleSchema } from "./order.js";
import type { knownRuleSchema, ruleSchema } from "./registry.js";
import type { requiredRuleSchema } from "./required.js";
import type { responseRuleSchema } from "./response.js";
import type { scoringSchema } from "./scoring.js";
import type { silenceRuleSchema } from "./silence.js";
import type { speechRateRuleSchema } from "./speech-rate.js";
import type * as Public from "./types.js";
import type { windowSchema } from "./window.js";
import type { Transcript } from "../transcript/model.js";

/** `true` only when A and B are the same type (not merely assignable to each other). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** `true` when each is assignable to the other: for input types, which are intersections. */
type Interchangeable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when given `true`. */
type Holds<T extends true> = T;

export type SchemaTypeChecks = [
  Holds<Same<z.infer<typeof commonRuleFields.speaker>, Public.SpeakerFilter>>,
  Holds<Same<z.infer<typeof commonRuleFields.severity>, Public.Severity>>,
  Holds<Same<Public.Rule["type"], Public.RuleType>>,
  Holds<Same<z.infer<typeof transcriptSchema>, Transcript>>,
  Holds<Same<z.infer<typeof windowSchema>, Public.Window>>,
  Holds<Same<z.infer<typeof conditionSchema>, Public.Condition>>,
  Holds<Same<z.infer<typeof forbiddenRuleSchema>, Public.ForbiddenRule>>,
  Holds<Same<z.infer<typeof requiredRuleSchema>, Public.RequiredRule>>,
  Holds<Same<z.infer<typeof conditionRuleSchema>, Public.ConditionRule>>,
  Holds<Same<z.infer<typeof orderRuleSchema>, Public.OrderRule>>,
  Holds<Same<z.infer<typeof responseRuleSchema>, Public.ResponseRule>>,
  Holds<Same<z.infer<typeof silenceRuleSchema>, Public.SilenceRule>>,
  Holds<Same<z.infer<typeof interruptionRuleSchema>, Public.InterruptionRule>>,
  Holds<Same<z.infer<typeof speechRateRuleSchema>, Public.SpeechRateRule>>,
  Holds<Same<z.infer<typeof firstResponseRuleSchema>, Public.FirstResponseRule>>,
  Holds<Same<z.infer<typeof callDurationRuleSchema>, Public.CallDurationRule>>,
  Holds<Same<z.infer<typeof ruleSchema>, Public.Rule>>,
  Holds<Same<z.input<typeof scoringSchema>, Public.ScoringInput>>,
  // ruleSchema preprocesses unknown types for better messages; its input is that of the known rules.
  Holds<Interchangeable<z.input<typeof knownRuleSchema>, Public.RuleInput>>,
  Holds<Interchangeable<{ rules: z.input<typeof knownRuleSchema>[]; scoring?: z.input<typeof scoringSchema> }, Public.RuleFileInput>>,
];
