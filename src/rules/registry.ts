import { lazy, z } from "../util/zod.js";
import { listPlan, MissingTimesError, type LintContext } from "../engine/context.js";
import type { PhraseMatchers } from "../engine/types.js";
import { NO_VIOLATIONS, type Violation } from "../engine/violation.js";
import type { PhraseList } from "../match/phrase-match.js";
import { commonRuleFields } from "./common.js";
import { callDurationRuleSchema, callDurationRuleType } from "./call-duration.js";
import type { Decidability, SpeakerFilter } from "./common.js";
import { conditionRuleSchema, conditionRuleType } from "./condition.js";
import { firstResponseRuleSchema, firstResponseRuleType } from "./first-response.js";
import { forbiddenRuleSchema, forbiddenRuleType } from "./forbidden.js";
import { interruptionRuleSchema, interruptionRuleType } from "./interruption.js";
import { orderRuleSchema, orderRuleType } from "./order.js";
import { requiredRuleSchema, requiredRuleType } from "./required.js";
import { responseRuleSchema, responseRuleType } from "./response.js";
import type { BrokenOnlyBy, RuleScope, RuleTypeDefinition } from "./rule-type.js";
import { scoringSchema } from "./scoring.js";
import { silenceRuleSchema, silenceRuleType } from "./silence.js";
import { speechRateRuleSchema, speechRateRuleType } from "./speech-rate.js";
import { isFragment } from "../transcript/model.js";
import type { Rule, RuleType, RuleFileInput } from "./types.js";
import { chineseZodErrors } from "../util/chinese-errors.js";
export type { Rule, RuleType, RuleFileInput };

/** A rule of a known type, discriminated by `type`. */
export const knownRuleSchema = lazy(() => z
  .discriminatedUnion("type", [
    forbiddenRuleSchema,
    requiredRuleSchema,
    conditionRuleSchema,
    orderRuleSchema,
    responseRuleSchema,
    silenceRuleSchema,
    interruptionRuleSchema,
    speechRateRuleSchema,
    firstResponseRuleSchema,
    callDurationRuleSchema,
  ])
  .superRefine((rule, context) => {
    if (rule.autoFail && rule.deduct !== undefined) {
      context.addIssue({ code: "custom", path: ["deduct"], message: "autoFail(一票否决)的规则不再扣分,deduct 与 autoFail: true 不能同时使用" });
    }
  }));

/** What every rule has whatever its type, checked alone when the type is unknown. */
const commonFieldsSchema = lazy(() => z.looseObject(commonRuleFields));

/**
 * Any rule of a rule file. A rule of an unknown `type` is reported at its type and at every
 * problem of its common fields (id, message, severity…), instead of the type alone.
 */
export const ruleSchema = lazy(() => z.preprocess((value, context) => {
  const type = typeof value === "object" && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type === "string" && !RULE_TYPE_NAMES.includes(type)) {
    context.addIssue({ code: "custom", path: ["type"], message: `未知的规则类型 “${type}”,可用: ${RULE_TYPE_NAMES.join("、")}` });
    const common = commonFieldsSchema.safeParse(value, { error: chineseZodErrors });
    for (const issue of common.error?.issues ?? []) context.addIssue({ ...issue, code: "custom", message: issue.message });
  }
  return value;
}, knownRuleSchema));

const ruleTypes: { [T in RuleType]: RuleTypeDefinition<Extract<Rule, { type: T }>> } = {
  forbidden: forbiddenRuleType,
  required: requiredRuleType,
  condition: conditionRuleType,
  order: orderRuleType,
  response: responseRuleType,
  silence: silenceRuleType,
  interruption: interruptionRuleType,
  "speech-rate": speechRateRuleType,
  "first-response": firstResponseRuleType,
  "call-duration": callDurationRuleType,
};

/** The names of the rule types, as rule files write them. */
export const RULE_TYPE_NAMES: readonly string[] = Object.freeze(Object.keys(ruleTypes));

/** The definition of a rule's type (the map above pairs each type with its own definition). */
function definitionOf(rule: Rule): RuleTypeDefinition<Rule> {
  return ruleTypes[rule.type] as RuleTypeDefinition<Rule>;
}

/** Shown when a rule needs turn times the transcript does not have. */
export const MISSING_TIMES_NOTICE = "通话记录缺少时间戳(start/end),无法判断此规则";

/** Whether a rule's settings hold a seconds window anywhere (within, replyWithin, nested conditions). */
function usesSeconds(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if ("firstSeconds" in value || "lastSeconds" in value) return true;
  if ("replyWithin" in value && typeof value.replyWithin === "object" && value.replyWithin !== null && "seconds" in value.replyWithin) return true;
  return Object.values(value).some(usesSeconds);
}

/** What checking a rule needs every time, worked out once per rule. */
interface PreparedRule {
  needsTimes: boolean;
  wholeCall: boolean;
  /** The list that alone can break the rule, if its type says so (`RuleTypeDefinition.brokenOnlyBy`). */
  brokenOnlyBy: BrokenOnlyBy | undefined;
  /** {@link checkRule} for this rule, with the rest of what it needs worked out. */
  check: (context: LintContext) => readonly Violation[];
}

const preparedRules = new WeakMap<Rule, PreparedRule>();

function prepared(rule: Rule): PreparedRule {
  let known = preparedRules.get(rule);
  if (known === undefined) {
    const definition = definitionOf(rule);
    const { examples: _examples, ...settings } = rule;
    const needsTimes = definition.timed === true || usesSeconds(settings);
    const wholeCall = definition.scope(rule) === "whole-call";
    const brokenOnlyBy = definition.brokenOnlyBy?.(rule);
    const occurs = brokenOnlyBy && ((context: LintContext) => context.occursIn(brokenOnlyBy.list, brokenOnlyBy.speaker));
    known = { needsTimes, wholeCall, brokenOnlyBy, check: checkOf(rule, definition, needsTimes, wholeCall, occurs) };
    preparedRules.set(rule, known);
  }
  return known;
}

/** Whether a rule cannot be judged without turn times. */
export function ruleNeedsTimes(rule: Rule): boolean {
  return prepared(rule).needsTimes;
}

/** What a rule, with its settings, can judge: anything said, or a whole call only (see {@link RuleScope}). */
export function scopeOf(rule: Rule): RuleScope {
  return prepared(rule).wholeCall ? "whole-call" : "speech";
}

/**
 * Runs the check of the rule's type. A rule that judges whole calls passes over a script
 * fragment, silently: it cannot apply there (timing rules among them). A rule that needs times
 * the call lacks yields no violation and, for a transcript, a notice in the context instead —
 * decided up front, so no exception is thrown for each untimed call; `MissingTimesError`
 * remains the guard for anything missed. A script, whole call or not, has no times to lack:
 * timing rules pass over it silently too.
 */
export function checkRule(rule: Rule, context: LintContext): readonly Violation[] {
  return prepared(rule).check(context);
}

/**
 * {@link checkRule} of each rule, in order, for a lint to call on every transcript: what each
 * check needs is then read from its closure, not looked up for every rule of every call.
 */
export function ruleChecks(rules: readonly Rule[], matchers: PhraseMatchers): ReadonlyArray<(context: LintContext) => readonly Violation[]> {
  return rules.map((rule) => {
    const { needsTimes, wholeCall, brokenOnlyBy, check } = prepared(rule);
    if (!brokenOnlyBy) return check;
    // Most rules of a set are broken only by a list that most calls never say: that test comes
    // first on every call, so its list's plan is looked up here once, not on each of them.
    const plan = listPlan(matchers, brokenOnlyBy.list);
    return checkOf(rule, definitionOf(rule), needsTimes, wholeCall, (context) => context.occursPlanned(plan, brokenOnlyBy.speaker));
  });
}

function checkOf(
  rule: Rule,
  definition: RuleTypeDefinition<Rule>,
  needsTimes: boolean,
  wholeCall: boolean,
  /** Whether what alone breaks the rule is said in the call; absent when anything may. */
  occurs: ((context: LintContext) => boolean) | undefined,
): (context: LintContext) => readonly Violation[] {
  return (context) => {
    if (wholeCall && isFragment(context.transcript)) return NO_VIOLATIONS;
    if (needsTimes && !context.hasTimes()) return missingTimes(rule, context);
    if (occurs && !occurs(context)) return NO_VIOLATIONS;
    try {
      return definition.check(rule, context);
    } catch (error) {
      if (!(error instanceof MissingTimesError)) throw error;
      return missingTimes(rule, context);
    }
  };
}

/** No violations for a rule that needs times the call lacks, and a notice unless the call is a script. */
function missingTimes(rule: Rule, context: LintContext): readonly Violation[] {
  if (context.transcript.kind !== "script") context.notice(rule, MISSING_TIMES_NOTICE);
  return NO_VIOLATIONS;
}

/**
 * The phrase lists of a rule that the rule set's main automaton holds: those said by the agent
 * (or anyone). Every turn a rule looks at is scanned with it.
 */
export function phraseListsOf(rule: Rule): readonly PhraseList[] {
  return definitionOf(rule).phraseLists(rule).filter((list) => !saidByCustomer(rule, list));
}

/**
 * The lists of a rule consulted only in some turns, kept out of the main automaton in one that
 * only the turns asked about meet: where the rule matched (`unlessTurn`), the other party's answer
 * or the customer's first turn (see `RuleTypeDefinition.exceptionLists`).
 */
export function occasionalListsOf(rule: Rule): readonly PhraseList[] {
  return definitionOf(rule).exceptionLists?.(rule) ?? [];
}

/**
 * The lists of a rule said only by the customer (a complaint that calls for an apology), in an
 * automaton of their own. Most rules look only at the agent's turns, so the customer's — often most
 * of a call's text — are scanned with this small automaton alone, and find none of the hits of the
 * occasional lists, which are looked for in few of them.
 */
export function customerListsOf(rule: Rule): readonly PhraseList[] {
  return definitionOf(rule).phraseLists(rule).filter((list) => saidByCustomer(rule, list));
}

/** Whether a list is matched only in the customer's turns: its own speaker (a condition's), else its rule's. */
function saidByCustomer(rule: Rule, list: PhraseList): boolean {
  const own = (list as { readonly speaker?: SpeakerFilter }).speaker;
  return (own ?? ("speaker" in rule ? rule.speaker : undefined)) === "customer";
}

/** Whether a rule, with its settings, can be decided as turns arrive. */
export function decidabilityOf(rule: Rule): Decidability {
  return definitionOf(rule).decidability(rule);
}

/** A whole rule file. */
export const ruleFileSchema = lazy(() => z.strictObject({
  rules: z.array(ruleSchema),
  scoring: scoringSchema.optional(),
}));
