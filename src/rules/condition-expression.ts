/** The condition expressions of `condition`, `order` and `response` rules: schema, evaluation, phrase lists, decidability. */
import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import type { PhraseList, Span } from "../match/phrase-match.js";
import { combineDecidability, phraseList, type Decidability, type SpeakerFilter } from "./common.js";
import { unexcused } from "./exceptions.js";
import { compileRegex, regexSchema, type RuleRegex } from "./regex.js";
import { windowDecidability, windowSchema, windowTurns } from "./window.js";
import { lastIndexAtMost } from "../util/sorted.js";
import { sortSmall } from "../util/array.js";
import type { Condition } from "./types.js";
export type { Condition };

const count = lazy(() => z.int().nonnegative("次数不能为负"));

const KINDS = ["phrases", "regex", "all", "any", "not", "near", "atLeast"] as const;
/** Keys that only a phrases or regex condition may have. */
const LEAF_KEYS = ["speaker", "within", "min", "max"] as const;

/**
 * A condition of a rule: a phrase list or a regex said by a speaker in a window (a number of
 * times), or `all` / `any` / `not` of conditions at any depth, or `near`: two phrase or regex
 * conditions within `chars` characters of each other in one turn, or `atLeast` N `of` conditions
 * matched in one turn (weak cues that together say what none says alone). Exactly one kind per object.
 * Written as one object with optional keys (not a union) so that a mistake deep inside is
 * reported at its own line and column.
 */
export const conditionSchema = lazy(buildConditionSchema);

/** {@link conditionSchema}, built: one schema that holds itself at any depth. */
function buildConditionSchema() {
  const schema = z
  .strictObject({
    phrases: phraseList.optional(),
    /** `token` (default) or `none`, as for rules. */
    boundary: z.enum(["token", "none"]).optional(),
    /** Contexts that contain a match of `phrases` within its clause and take it back, as a forbidden rule's. */
    unless: phraseList.optional(),
    regex: regexSchema.optional(),
    /** Whose turns; defaults to the rule's `speaker`. */
    speaker: z.enum(["agent", "customer", "any"]).optional(),
    within: windowSchema.optional(),
    /** Occurrences needed: at least `min` (default 1, or 0 when `max` is given), at most `max`. */
    min: count.optional(),
    max: count.optional(),
    get all() {
      return z.array(schema).min(1, "all 列表不能为空").optional();
    },
    get any() {
      return z.array(schema).min(1, "any 列表不能为空").optional();
    },
    get not() {
      return schema.optional();
    },
    get near() {
      return z.tuple([schema, schema]).optional();
    },
    /** For `near`: the most normalised characters allowed between the two matches. */
    chars: count.optional(),
    /** How many of the conditions of `of` must match in one turn. */
    atLeast: z.int().positive("atLeast 须为正整数").optional(),
    get of() {
      return z.array(schema).min(1, "of 列表不能为空").optional();
    },
    /** For `atLeast`: phrases that, said anywhere in a turn, keep the turn from counting. */
    unlessTurn: phraseList.optional(),
  })
  .superRefine((condition, context) => {
    const kinds = KINDS.filter((kind) => condition[kind] !== undefined);
    if (kinds.length === 0) {
      context.addIssue({ code: "custom", message: `条件须包含 ${KINDS.join("、")} 之一` });
      return;
    }
    if (kinds.length > 1) {
      context.addIssue({ code: "custom", path: [kinds[1]!], message: `一个条件只能有 ${KINDS.join("、")} 之一,这里同时有 ${kinds.join(" 和 ")}` });
    }
    const kind = kinds[0]!;
    const isLeaf = kind === "phrases" || kind === "regex";
    for (const key of LEAF_KEYS) {
      if (!isLeaf && condition[key] !== undefined) {
        context.addIssue({ code: "custom", path: [key], message: `${key} 只能用于 phrases 或 regex 条件` });
      }
    }
    for (const key of ["boundary", "unless"] as const) {
      if (condition[key] !== undefined && kind !== "phrases") {
        context.addIssue({ code: "custom", path: [key], message: `${key} 只能用于 phrases 条件` });
      }
    }
    if (condition.min !== undefined && condition.max !== undefined && condition.min > condition.max) {
      context.addIssue({ code: "custom", path: ["max"], message: `max (${condition.max}) 不能小于 min (${condition.min})` });
    }
    if (kind === "near" && condition.chars === undefined) {
      context.addIssue({ code: "custom", message: "near 条件须给出 chars(两处匹配之间最多相隔的字数)" });
    }
    if (kind !== "near" && condition.chars !== undefined) {
      context.addIssue({ code: "custom", path: ["chars"], message: "chars 只能用于 near 条件" });
    }
    if (kind === "atLeast" && condition.of === undefined) {
      context.addIssue({ code: "custom", message: "atLeast 条件须给出 of(在同一轮中计数的条件)" });
    }
    for (const key of ["of", "unlessTurn"] as const) {
      if (kind !== "atLeast" && condition[key] !== undefined) {
        context.addIssue({ code: "custom", path: [key], message: `${key} 只能用于 atLeast 条件` });
      }
    }
    if (condition.atLeast !== undefined && condition.of !== undefined && condition.atLeast > condition.of.length) {
      context.addIssue({ code: "custom", path: ["atLeast"], message: `atLeast (${condition.atLeast}) 不能大于 of 的条件数 (${condition.of.length})` });
    }
    condition.of?.forEach((part, index) => {
      if (!isTurnLocal(part)) {
        context.addIssue({ code: "custom", path: ["of", index], message: "of 的条件须逐轮判定:phrases、regex(不带 within、min、max)或它们的 any、near、atLeast" });
      }
    });
    condition.near?.forEach((part, index) => {
      if (part.phrases === undefined && part.regex === undefined) {
        context.addIssue({ code: "custom", path: ["near", index], message: "near 的两部分须是 phrases 或 regex 条件" });
      }
    });
  });
  return schema;
}

/**
 * Whether a condition's matches in a turn depend on that turn alone: phrases and regexes
 * anywhere in the call, needed once, and `any`, `near` and `atLeast` of such. Then the matches over
 * a call are the matches over each of its turns on its own: the parts `atLeast` counts must be so,
 * and a live session decides such a condition turn by turn. Typed loosely, so that the schema's
 * refinement can ask it of what it has just parsed.
 */
export function isTurnLocal(condition: {
  phrases?: unknown;
  regex?: unknown;
  within?: unknown;
  min?: number | undefined;
  max?: number | undefined;
  any?: readonly object[] | undefined;
  near?: readonly object[] | undefined;
  of?: readonly object[] | undefined;
}): boolean {
  if (condition.phrases !== undefined || condition.regex !== undefined) {
    return condition.within === undefined && (condition.min ?? 1) === 1 && condition.max === undefined;
  }
  const parts = condition.any ?? condition.near ?? condition.of;
  return parts !== undefined && parts.every((part) => isTurnLocal(part));
}

/** Where a condition matched: a span of a turn's normalised text. */
export interface ConditionHit {
  turn: number;
  span: Span;
}

/**
 * Whether a condition holds on a transcript, and the evidence: the matches that make it hold
 * or, when it does not, those that made it fail (e.g. one occurrence too many), if any.
 */
export interface Outcome {
  matched: boolean;
  hits: ConditionHit[];
}

function isPhraseCondition(condition: Condition): condition is Condition & PhraseList {
  return condition.phrases !== undefined;
}

/** Patterns are compiled once per condition object. */
const compiled = new WeakMap<Condition, RuleRegex>();

function regexOf(condition: Condition & { regex: string }): RuleRegex {
  let pattern = compiled.get(condition);
  if (!pattern) {
    pattern = compileRegex(condition.regex);
    compiled.set(condition, pattern);
  }
  return pattern;
}

function inOrder(hits: ConditionHit[]): ConditionHit[] {
  return sortSmall(hits, (a, b) => a.turn - b.turn || a.span.start - b.span.start);
}

/** Hits grouped by turn, each group in order of start. */
function byTurn(hits: readonly ConditionHit[]): Map<number, ConditionHit[]> {
  const groups = new Map<number, ConditionHit[]>();
  for (const hit of hits) {
    const group = groups.get(hit.turn);
    if (group) group.push(hit);
    else groups.set(hit.turn, [hit]);
  }
  for (const group of groups.values()) group.sort((a, b) => a.span.start - b.span.start);
  return groups;
}

/**
 * The hits of `own` that some hit of `other` (same turn, in order of start) lies within
 * `chars` of: `other.start ≤ own.end + chars` and `other.end ≥ own.start − chars`. The first
 * condition holds for a prefix of `other`, so the running maximum of its ends decides.
 */
function closeTo(own: readonly ConditionHit[], other: readonly ConditionHit[], chars: number): ConditionHit[] {
  const kept: ConditionHit[] = [];
  const byEnd = [...own].sort((a, b) => a.span.end - b.span.end);
  let next = 0;
  let latestEnd = -Infinity;
  for (const hit of byEnd) {
    while (next < other.length && other[next]!.span.start <= hit.span.end + chars) latestEnd = Math.max(latestEnd, other[next++]!.span.end);
    if (latestEnd >= hit.span.start - chars) kept.push(hit);
  }
  return kept;
}

/** Hits of either part of `near` close enough to a hit of the other part, in order. O((a + b) log(a + b)). */
function nearHits(first: ConditionHit[], second: ConditionHit[], chars: number): ConditionHit[] {
  const secondByTurn = byTurn(second);
  const kept = new Set<ConditionHit>();
  for (const [turn, firstHits] of byTurn(first)) {
    const secondHits = secondByTurn.get(turn);
    if (!secondHits) continue;
    for (const hit of closeTo(firstHits, secondHits, chars)) kept.add(hit);
    for (const hit of closeTo(secondHits, firstHits, chars)) kept.add(hit);
  }
  return inOrder([...kept]);
}

/** An `atLeast` condition: the schema gives it `of` whenever it gives it `atLeast`, and `of` only then. */
type AtLeastCondition = Condition & { of: Condition[]; atLeast: number };

function isAtLeast(condition: Condition): condition is AtLeastCondition {
  return condition.of !== undefined && condition.atLeast !== undefined;
}

/** `unlessTurn` of an `atLeast` condition as a phrase list of the rule set's index, made once. */
const turnExceptionLists = new WeakMap<Condition, PhraseList>();

function turnExceptionsOf(condition: Condition): PhraseList | undefined {
  if (!condition.unlessTurn) return undefined;
  let list = turnExceptionLists.get(condition);
  if (!list) {
    list = { phrases: condition.unlessTurn, boundary: "none" };
    turnExceptionLists.set(condition, list);
  }
  return list;
}

/**
 * The turns where a turn-by-turn condition may match, ascending: for phrases, those whose scan
 * found the list (see {@link LintContext.candidateTurns}), which costs no matching; every turn of
 * the window for a regex; the union for `any`, the turns common to both parts for `near`, and for
 * `atLeast` those where enough parts may match. With `inTurns` (ascending), only those turns are
 * looked at, as {@link evaluateCondition} looks at them: the others' text is not even scanned.
 */
function candidateTurnsOf(condition: Condition, speaker: SpeakerFilter, context: LintContext, inTurns?: readonly number[]): readonly number[] {
  if (condition.any) return unionOf(condition.any.map((part) => candidateTurnsOf(part, speaker, context, inTurns)));
  if (condition.near) {
    const [first, second] = condition.near.map((part) => candidateTurnsOf(part, speaker, context, inTurns)) as [readonly number[], readonly number[]];
    return first.filter((turn) => includesSorted(second, turn));
  }
  if (isAtLeast(condition)) return turnsWithAtLeast(condition.of.map((part) => candidateTurnsOf(part, speaker, context, inTurns)), condition.atLeast);
  const turns = turnsInWindow(condition, speaker, context, inTurns);
  return isPhraseCondition(condition) ? context.candidateTurns(condition, turns) : turns;
}

/** The turns, ascending, that are in at least `least` of the ascending lists. */
function turnsWithAtLeast(lists: readonly (readonly number[])[], least: number): number[] {
  const counts = new Map<number, number>();
  for (const list of lists) for (const turn of list) counts.set(turn, (counts.get(turn) ?? 0) + 1);
  const turns: number[] = [];
  for (const [turn, count] of counts) if (count >= least) turns.push(turn);
  return turns.sort((a, b) => a - b);
}

function unionOf(lists: readonly (readonly number[])[]): readonly number[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  return turnsWithAtLeast(nonEmpty, 1);
}

/**
 * The hits of `atLeast`: those of its parts in the turns where at least `atLeast` of them match
 * and no phrase of `unlessTurn` is said. Every part is matched turn by turn (see the schema). The
 * scan tells, without matching, the turns where enough parts may match; only those are matched.
 */
function atLeastHits(condition: AtLeastCondition, speaker: SpeakerFilter, context: LintContext, inTurns?: readonly number[]): ConditionHit[] {
  let turns = candidateTurnsOf(condition, speaker, context, inTurns);
  if (turns.length === 0) return [];
  const exceptions = turnExceptionsOf(condition);
  if (exceptions) turns = turns.filter((turn) => !context.hasMatch(turn, exceptions));
  if (turns.length === 0) return [];
  const partsIn = new Map<number, number>();
  const all: ConditionHit[] = [];
  for (const part of condition.of) {
    const outcome = evaluateCondition(part, speaker, context, turns);
    if (!outcome.matched) continue;
    let previous = -1;
    for (const hit of outcome.hits) {
      all.push(hit);
      // A part's hits come in order of turn: the part counts once per turn.
      if (hit.turn !== previous) partsIn.set(hit.turn, (partsIn.get(hit.turn) ?? 0) + 1);
      previous = hit.turn;
    }
  }
  return inOrder(all.filter((hit) => (partsIn.get(hit.turn) ?? 0) >= condition.atLeast));
}

/**
 * Evaluates a condition. `speaker` is the rule's, used by phrase and regex conditions that
 * name none. Throws `MissingTimesError` when a seconds window meets a transcript without times.
 * With `inTurns` (ascending), only those turns are looked at: the caller has checked
 * {@link holdsTurnByTurn}.
 */
export function evaluateCondition(condition: Condition, speaker: SpeakerFilter, context: LintContext, inTurns?: readonly number[]): Outcome {
  if (condition.all) {
    const parts = condition.all.map((part) => evaluateCondition(part, speaker, context));
    const matched = parts.every((part) => part.matched);
    return { matched, hits: inOrder(parts.filter((part) => part.matched === matched).flatMap((part) => part.hits)) };
  }
  if (condition.any) {
    const parts = condition.any.map((part) => evaluateCondition(part, speaker, context, inTurns));
    const matched = parts.some((part) => part.matched);
    return { matched, hits: inOrder(parts.filter((part) => part.matched === matched).flatMap((part) => part.hits)) };
  }
  if (condition.not) {
    const inner = evaluateCondition(condition.not, speaker, context);
    return { matched: !inner.matched, hits: inner.hits };
  }
  if (condition.near) {
    const [first, second] = condition.near.map((part) => evaluateCondition(part, speaker, context, inTurns).hits) as [ConditionHit[], ConditionHit[]];
    const hits = nearHits(first, second, condition.chars ?? 0);
    return { matched: hits.length > 0, hits };
  }
  if (isAtLeast(condition)) {
    const hits = atLeastHits(condition, speaker, context, inTurns);
    return { matched: hits.length > 0, hits };
  }
  const turns = turnsInWindow(condition, speaker, context, inTurns);
  // Loops, not flatMap: conditions are evaluated on every call, mostly over turns with no match.
  const hits: ConditionHit[] = [];
  if (isPhraseCondition(condition)) {
    for (const turn of context.candidateTurns(condition, turns))
      for (const span of unexcused(context, turn, condition, context.matches(turn, condition))) hits.push({ turn, span });
  } else {
    const pattern = regexOf(condition as Condition & { regex: string });
    for (const turn of turns) for (const span of context.regexMatches(turn, pattern)) hits.push({ turn, span });
  }
  const min = condition.min ?? (condition.max === undefined ? 1 : 0);
  return { matched: hits.length >= min && hits.length <= (condition.max ?? Infinity), hits };
}

/**
 * The matches of a condition where it holds, none where it does not: triggers and anchors.
 * With `inTurns` (ascending), only the matches in those turns, and where the condition allows,
 * only those turns' text is looked at.
 */
export function matchesOf(condition: Condition, speaker: SpeakerFilter, context: LintContext, inTurns?: readonly number[]): ConditionHit[] {
  if (inTurns && holdsTurnByTurn(condition)) {
    const outcome = evaluateCondition(condition, speaker, context, inTurns);
    return outcome.matched ? outcome.hits : [];
  }
  const outcome = evaluateCondition(condition, speaker, context);
  const hits = outcome.matched ? outcome.hits : [];
  return inTurns ? hits.filter((hit) => includesSorted(inTurns, hit.turn)) : hits;
}

/**
 * `false` when a condition cannot hold anywhere in the call, as the scan that every call has
 * shows: phrases that occur in none of their speaker's turns, and `any` or `near` of such. `true`
 * whenever that would take more text scanned (see {@link LintContext.mayOccurIn}), and for
 * anything else: a regex, `not`, `all` and counts are evaluated as they are.
 */
export function mayHold(condition: Condition, speaker: SpeakerFilter, context: LintContext): boolean {
  if (condition.any) return condition.any.some((part) => mayHold(part, speaker, context));
  if (condition.near) return condition.near.every((part) => mayHold(part, speaker, context));
  if (isAtLeast(condition)) return condition.of.filter((part) => mayHold(part, speaker, context)).length >= condition.atLeast;
  if (!isPhraseCondition(condition) || condition.all || condition.not || (condition.min ?? 1) < 1 || condition.max !== undefined) return true;
  return context.mayOccurIn(condition, condition.speaker ?? speaker);
}

/**
 * Whether a condition's matches in a turn are decided by that turn alone: then its matches in
 * some turns are found by looking at those only. Not so for `all`, `not` and counts (`min` > 1,
 * `max`), which the other turns' matches decide.
 */
function holdsTurnByTurn(condition: Condition): boolean {
  if (condition.all || condition.not) return false;
  if (condition.any) return condition.any.every(holdsTurnByTurn);
  if (condition.near || condition.of) return true;
  return (condition.min ?? 1) <= 1 && condition.max === undefined;
}

/** The turns of a phrase or regex condition's window, only those among `inTurns` (ascending) when given. */
function turnsInWindow(condition: Condition, speaker: SpeakerFilter, context: LintContext, inTurns: readonly number[] | undefined): readonly number[] {
  const window = windowTurns(context, condition.speaker ?? speaker, condition.within);
  return inTurns ? window.filter((turn) => includesSorted(inTurns, turn)) : window;
}

function includesSorted(ascending: readonly number[], value: number): boolean {
  return ascending.length > 0 && ascending[lastIndexAtMost(ascending, value)] === value;
}

/** The conditions a condition is made of, at its first level: those of `all`, `any`, `not`, `near` and `of`. */
function subconditions(condition: Condition): Condition[] {
  return [...(condition.all ?? []), ...(condition.any ?? []), ...(condition.not ? [condition.not] : []), ...(condition.near ?? []), ...(condition.of ?? [])];
}

/** Every phrase list inside a condition, for the rule set's phrase index. */
export function conditionPhraseLists(condition: Condition): PhraseList[] {
  if (isPhraseCondition(condition)) return [condition];
  return subconditions(condition).flatMap(conditionPhraseLists);
}

/**
 * The lists of a condition looked for only in turns where the rest of it matched (`unlessTurn`
 * of `atLeast`): kept out of the automaton every turn is scanned with.
 */
export function conditionExceptionLists(condition: Condition): PhraseList[] {
  const own = turnExceptionsOf(condition);
  return [...(own ? [own] : []), ...subconditions(condition).flatMap(conditionExceptionLists)];
}

/**
 * Whether each match of a condition is final when its turn arrives: yes for phrases and regexes
 * in windows anchored at the start, and for `any`, `near` and `atLeast` of such. No for `not` and `max`
 * (absence is only known at the end of the call), nor for `all` and `min` > 1: their matches
 * count only once later turns complete them, which turns earlier turns into triggers after the fact.
 */
export function conditionDecidability(condition: Condition): Decidability {
  if (condition.not || condition.max !== undefined || condition.all || (condition.min ?? 1) > 1) return "end-of-call";
  const parts = [...(condition.any ?? []), ...(condition.near ?? []), ...(condition.of ?? [])];
  return combineDecidability(windowDecidability(condition.within), ...parts.map(conditionDecidability));
}
