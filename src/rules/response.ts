import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import { NO_VIOLATIONS, type Violation } from "../engine/violation.js";
import { combineDecidability, commonRuleFields, positiveSeconds, type SpeakerFilter } from "./common.js";
import { conditionDecidability, conditionExceptionLists, conditionPhraseLists, conditionSchema, matchesOf, mayHold, type ConditionHit } from "./condition-expression.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import type { ResponseRule } from "./types.js";
import { continuesRun } from "./window.js";
import { firstIndexWhere, lastIndexAtMost } from "../util/sorted.js";
export type { ResponseRule };

/**
 * How soon the reply must come: within the next N turns of the rule's speaker (in a timed call,
 * runs of segments), or N seconds.
 */
const replyWindowSchema = lazy(() => z.union(
  [z.strictObject({ turns: z.int().positive("轮数必须是正整数") }), z.strictObject({ seconds: positiveSeconds })],
  { error: "replyWithin 须为 { turns: N } 或 { seconds: N } 之一" },
));

/**
 * When `trigger` occurs, `reply` by the rule's `speaker` must (`expect: present`, default) or
 * must not (`expect: absent`) follow within `replyWithin`. E.g. the customer complains → the
 * agent apologises within 2 turns; the agent asks the customer to hold → thanks them after.
 */
export const responseRuleSchema = lazy(() => z.strictObject({
  ...commonRuleFields,
  type: z.literal("response"),
  trigger: conditionSchema,
  reply: conditionSchema,
  replyWithin: replyWindowSchema,
  expect: z.enum(["present", "absent"]).default("present"),
  /** In a timed call, a trigger counts only when a silence this long follows it: the wait it announced. */
  silenceAfter: z.strictObject({ seconds: positiveSeconds }).optional(),
  /** Once a trigger has had its reply, later triggers need none: the grievance said again. */
  replyOnce: z.boolean().optional(),
}));

/**
 * Where each trigger's reply window lies among the rule's speaker's turns: from the first of
 * them after the trigger, `turns` of them or as many as start by the deadline. Start times are
 * in order (the transcript validator sees to it), so a seconds window is a contiguous range found
 * by binary search: O(log n) per trigger, not a scan of the rest of the call.
 */
function replyWindow(rule: ResponseRule, trigger: number, speakerTurns: readonly number[], context: LintContext): { from: number; to: number } {
  const from = lastIndexAtMost(speakerTurns, trigger) + (speakerTurns[0]! <= trigger ? 1 : 0);
  const window = rule.replyWithin;
  if ("turns" in window) return { from, to: afterTurns(context, trigger, speakerTurns, from, window.turns) };
  const deadline = context.timeOf(trigger).end + window.seconds * 1000;
  return { from, to: firstIndexWhere(speakerTurns, (turn) => context.timeOf(turn).start > deadline, from) };
}

/**
 * Where the speaker's `count` turns from position `from` of `speakerTurns` end. In a timed call
 * a turn is a run of segments, as for `first`/`last` windows: ASR cuts 嗯 / 这个 /
 * 非常抱歉给您带来不便 into three. Segments that go on with the trigger's own run are the
 * trigger's turn, and count for nothing.
 */
function afterTurns(context: LintContext, trigger: number, speakerTurns: readonly number[], from: number, count: number): number {
  if (!context.hasTimes()) return Math.min(speakerTurns.length, from + count);
  let runs = 0;
  let previous = trigger;
  let to = from;
  for (; to < speakerTurns.length; to++) {
    const turn = speakerTurns[to]!;
    if (!continuesRun(context, previous, turn) && ++runs > count) break;
    previous = turn;
  }
  return to;
}

/**
 * One trigger per turn (its first match). A missing reply is reported over the turns it was
 * looked for in, like a missing required phrase; when the speaker says nothing more after the
 * trigger there is nothing to judge. A forbidden reply is reported at each of its matches.
 * Cost: O(turns + matches), plus a binary search per turn.
 */
function checkResponse(rule: ResponseRule, context: LintContext): readonly Violation[] {
  return rule.expect === "present" ? missingReplies(rule, context) : unwantedReplies(rule, context);
}

/**
 * How many of the speaker's turns before each position among them hold a reply (`[p]`: those
 * before position p), so that a window from position `from` to `to` holds one when the counts
 * there differ. Only the turns `inTurns` (turn indices, ascending) are looked at.
 */
function repliesBefore(rule: ResponseRule, context: LintContext, speakerTurns: readonly number[], inTurns: readonly number[]): number[] {
  const replied = new Set<number>();
  for (const hit of matchesOf(rule.reply, rule.speaker, context, inTurns)) replied.add(hit.turn);
  const repliedBefore = [0];
  speakerTurns.forEach((turn, position) => repliedBefore.push(repliedBefore[position]! + (replied.has(turn) ? 1 : 0)));
  return repliedBefore;
}

function withinText(rule: ResponseRule): string {
  return "turns" in rule.replyWithin ? `${rule.replyWithin.turns} 轮内` : `${rule.replyWithin.seconds} 秒内`;
}

/**
 * `expect: present`. Every turn's reply window is known before any text is looked at, and the
 * replies in those windows before the triggers: a trigger is looked for only in the turns whose
 * window holds no reply. The customer's turns, where complaints are, are most of a call's text,
 * and many of them are answered or come last.
 */
function missingReplies(rule: ResponseRule, context: LintContext): readonly Violation[] {
  const speakerTurns = context.turnsOf(rule.speaker);
  // Most calls never say a trigger of most response rules (nobody is put on hold): the scan
  // tells it before any window or reply is worked out.
  if (speakerTurns.length === 0 || !mayHold(rule.trigger, rule.speaker, context)) return NO_VIOLATIONS;
  // Loops over plain lists: this runs for every turn of every call, and callbacks and an object
  // per turn were most of what it cost.
  const turnCount = context.transcript.turns.length;
  /** Each turn's window: the speaker's turns from position `froms[turn]` to `tos[turn]`. */
  const froms: number[] = [];
  const tos: number[] = [];
  for (let turn = 0; turn < turnCount; turn++) {
    const { from, to } = replyWindow(rule, turn, speakerTurns, context);
    froms.push(from);
    tos.push(to);
  }
  // The speaker's turns inside some window are where a reply counts.
  const inSomeWindow = coveredPositions(speakerTurns.length, froms, tos).map((position) => speakerTurns[position]!);
  if (inSomeWindow.length === 0) return NO_VIOLATIONS;
  const repliedBefore = repliesBefore(rule, context, speakerTurns, inSomeWindow);
  const unanswered: number[] = [];
  for (let turn = 0; turn < turnCount; turn++) {
    const from = froms[turn]!;
    const to = tos[turn]!;
    if (from < to && repliedBefore[to] === repliedBefore[from]) unanswered.push(turn);
  }
  const triggers = new Map<number, ConditionHit>();
  for (const hit of matchesOf(rule.trigger, rule.speaker, context, unanswered)) {
    if (!triggers.has(hit.turn)) triggers.set(hit.turn, hit);
  }
  let found = [...triggers.values()];
  const silence = rule.silenceAfter;
  if (silence && context.hasTimes()) found = found.filter((trigger) => silenceFollows(context, trigger.turn, rule.speaker, silence.seconds * 1000));
  if (rule.replyOnce && found.length > 0) {
    const answered = firstAnsweredTrigger(rule, context, found.at(-1)!.turn, froms, tos, repliedBefore);
    if (answered !== undefined) found = found.filter((trigger) => trigger.turn < answered);
  }
  if (found.length === 0) return NO_VIOLATIONS;
  const within = withinText(rule);
  return found.map((trigger) => {
    const from = froms[trigger.turn]!;
    const to = tos[trigger.turn]!;
    const said = context.originalText(trigger.turn, trigger.span);
    return context.violationOver(rule, speakerTurns.slice(from, to), `“${said}”之后${within}未见应有的回应`);
  });
}

/** How the wait after a trigger stands while the turns after it are heard (see `silenceAfter`). */
export interface SilenceWatch {
  /** The latest end of the turns heard so far: a gap is measured from it, as the silence rule measures one. */
  latestEnd: number;
  /** Whether the turns heard so far all go on with the trigger's own run. */
  inTriggerRun: boolean;
}

/**
 * One more turn after a trigger: `silent` when a silence of at least `ms` came before it (the
 * wait the trigger announced), `over` when it is the speaker's next turn (`own`) that does not go on
 * with the trigger's run (`continues`: its run goes on from the turn before), else `watching`. The
 * rule check and the streaming tracker both hear the turns through it.
 */
export function heardAfterTrigger(watch: SilenceWatch, start: number, end: number, continues: boolean, own: boolean, ms: number): "silent" | "over" | "watching" {
  if (start - watch.latestEnd >= ms) return "silent";
  watch.inTriggerRun &&= continues;
  if (!watch.inTriggerRun && own) return "over";
  watch.latestEnd = Math.max(watch.latestEnd, end);
  return "watching";
}

/**
 * Whether a silence of at least `ms` follows `trigger` before the speaker's next turn: in the rest
 * of the trigger's own run (请您稍等 / 我查一下 / a silence), or among the other party's turns
 * after it (请稍等 / 好 / a silence).
 */
function silenceFollows(context: LintContext, trigger: number, speaker: SpeakerFilter, ms: number): boolean {
  const all = context.transcript.turns;
  const watch: SilenceWatch = { latestEnd: context.timeOf(trigger).end, inTriggerRun: true };
  for (let next = trigger + 1; next < all.length; next++) {
    const { start, end } = context.timeOf(next);
    const own = speaker === "any" || all[next]!.speaker === speaker;
    const heard = heardAfterTrigger(watch, start, end, continuesRun(context, next - 1, next), own, ms);
    if (heard !== "watching") return heard === "silent";
  }
  return false;
}

/**
 * The first turn before `before` that says a trigger and whose window holds a reply, if any: the
 * triggers after it have had theirs (`replyOnce`). The trigger is looked for only in such turns,
 * and only when some later trigger went unanswered.
 */
function firstAnsweredTrigger(
  rule: ResponseRule,
  context: LintContext,
  before: number,
  froms: readonly number[],
  tos: readonly number[],
  repliedBefore: readonly number[],
): number | undefined {
  const answered: number[] = [];
  for (let turn = 0; turn < before; turn++) {
    if (repliedBefore[tos[turn]!]! > repliedBefore[froms[turn]!]!) answered.push(turn);
  }
  return answered.length === 0 ? undefined : matchesOf(rule.trigger, rule.speaker, context, answered)[0]?.turn;
}

/** `expect: absent`: each reply inside the window of some trigger, reported once. */
function unwantedReplies(rule: ResponseRule, context: LintContext): readonly Violation[] {
  const triggers = new Set<number>();
  for (const hit of matchesOf(rule.trigger, rule.speaker, context)) triggers.add(hit.turn);
  if (triggers.size === 0) return NO_VIOLATIONS;
  const speakerTurns = context.turnsOf(rule.speaker);
  /** Replies by position among the speaker's turns; a reply in another speaker's turn never answers. */
  const positionOf = new Map(speakerTurns.map((turn, position) => [turn, position]));
  const repliesAt = new Map<number, ConditionHit[]>();
  for (const hit of matchesOf(rule.reply, rule.speaker, context)) {
    const position = positionOf.get(hit.turn);
    if (position === undefined) continue;
    const list = repliesAt.get(position);
    if (list) list.push(hit);
    else repliesAt.set(position, [hit]);
  }
  const froms: number[] = [];
  const tos: number[] = [];
  for (const trigger of triggers) {
    const { from, to } = replyWindow(rule, trigger, speakerTurns, context);
    froms.push(from);
    tos.push(to);
  }
  const within = withinText(rule);
  const violations: Violation[] = [];
  // Each position once: a reply in two windows is reported once.
  for (const position of coveredPositions(speakerTurns.length, froms, tos))
    for (const hit of repliesAt.get(position) ?? []) violations.push(context.violationAt(rule, hit.turn, hit.span, `${within}出现了不应有的回应`));
  return violations;
}

/**
 * The positions, ascending and each once, that some window from `froms[k]` to `tos[k]` covers
 * among `count` positions: +1 where a window opens, −1 where it closes, summed in one pass.
 */
function coveredPositions(count: number, froms: readonly number[], tos: readonly number[]): number[] {
  const edges = new Array<number>(count + 1).fill(0);
  for (let window = 0; window < froms.length; window++) {
    const from = froms[window]!;
    const to = tos[window]!;
    if (from >= to) continue;
    edges[from]!++;
    edges[to]!--;
  }
  const covered: number[] = [];
  let open = 0;
  for (let position = 0; position < count; position++) {
    open += edges[position]!;
    if (open > 0) covered.push(position);
  }
  return covered;
}

/**
 * Whether a response rule is decided only at the end of the call: with a seconds window the
 * silence of `silenceAfter` may come after the window has closed, and a window of `replyOnce`
 * may close after that of a later trigger (whose turn ended first); with both options a trigger
 * without its silence may still have answered the later ones.
 */
export function responseNeedsWholeCall(rule: ResponseRule): boolean {
  const silence = rule.silenceAfter !== undefined;
  const once = rule.replyOnce === true;
  return ("seconds" in rule.replyWithin && (silence || once)) || (silence && once);
}

export const responseRuleType: RuleTypeDefinition<ResponseRule> = {
  // The reply may come after the fragment.
  scope: () => "whole-call",
  check: checkResponse,
  phraseLists: (rule) => [...conditionPhraseLists(rule.trigger), ...conditionPhraseLists(rule.reply)],
  exceptionLists: (rule) => [...conditionExceptionLists(rule.trigger), ...conditionExceptionLists(rule.reply)],
  // Decided N turns or seconds after each trigger.
  decidability: (rule) =>
    responseNeedsWholeCall(rule)
      ? "end-of-call"
      : combineDecidability(conditionDecidability(rule.trigger), conditionDecidability(rule.reply)),
};
