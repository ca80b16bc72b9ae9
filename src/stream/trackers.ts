import type { Violation } from "../engine/violation.js";
import { isTurnLocal, matchesOf } from "../rules/condition-expression.js";
import type { ForbiddenRule } from "../rules/forbidden.js";
import type { OrderRule } from "../rules/order.js";
import type { Rule } from "../rules/registry.js";
import { ASKING_MAX_CHARS, askingChars, type RequiredRule } from "../rules/required.js";
import { heardAfterTrigger, responseNeedsWholeCall, type ResponseRule, type SilenceWatch } from "../rules/response.js";
import type { Window } from "../rules/window.js";
import type { Turn } from "../transcript/model.js";
import { speaks, type CallBuffer } from "./call-buffer.js";
import { extent, pushAll } from "../util/array.js";

/**
 * How the streaming engine decides one rule: which violations become final as each turn
 * arrives, which at the end of the call, and which turns it needs kept until then.
 */
export interface RuleTracker {
  /** After turn `index` has arrived: the violations of the rule now final. */
  push(index: number, call: CallBuffer): readonly Violation[];
  /** The call is over: the rule's remaining violations. */
  end(call: CallBuffer): readonly Violation[];
  /** The turns the rule still needs, or `all`: the whole call. */
  needs(): Iterable<number> | "all";
}

/**
 * A rule whose verdict on a turn is final when the turn arrives and depends on that turn and
 * at most a few earlier ones named by `viewOf` (e.g. the previous turn of the other party);
 * `undefined` when the turn cannot break the rule. Keeps nothing.
 */
function turnByTurn(
  rule: Rule,
  viewOf: (index: number, call: CallBuffer) => Array<number | undefined> | undefined,
): RuleTracker {
  return {
    push(index, call) {
      const view = viewOf(index, call);
      if (!view) return [];
      const turns = [...new Set(view.filter((turn): turn is number => turn !== undefined))].sort((a, b) => a - b);
      return call.check(rule, turns).filter((violation) => violation.turn === index);
    },
    end: () => [],
    needs: () => [],
  };
}

/** Turns of the rule's speaker only. */
function ownTurn(rule: Rule & { speaker: "agent" | "customer" | "any" }) {
  return (index: number, call: CallBuffer) => (speaks(rule.speaker, call.turn(index).speaker) ? [index] : undefined);
}

/**
 * A rule judged on a window at the start of the call (`first: N` turns of the speaker or
 * `firstSeconds`): keeps the window's turns and decides when the window closes — at the
 * speaker's N-th turn (in a timed call, when a turn arrives that does not go on it), or at the
 * first turn starting after the window (turns arrive in order of start) — or at the end of the
 * call.
 *
 * With `asked` (a `required` rule's `whenAsked` or `untilBusiness`, over `first: N` turns), the other party's short
 * question right after the window (喂 哪位), or its turn of no business (喂 听得到吗), brings the speaker's next turn into it: the window's
 * turns are kept with the other party's between them, then the other party's answer while it is
 * short enough to ask ({@link ASKING_MAX_CHARS}), then the speaker's next turn. The rule is then
 * decided when the window closes with the phrase, when the answer grows too long, when the
 * speaker goes on unasked, or when the speaker's next turn closes.
 */
function startWindow(
  rule: Rule & { speaker: "agent" | "customer" | "any" },
  window: { first: number } | { firstSeconds: number },
  asked = false,
): RuleTracker {
  const kept: number[] = [];
  let runs = 0;
  let answered = 0; // characters of the other party's answer after the window
  let said = 0; // characters the other party said before the window (kept with `untilBusiness`)
  const early = asked && rule.type === "required" && rule.untilBusiness !== undefined;
  let windowOver = false;
  let closed = false;
  const close = (call: CallBuffer) => ((closed = true), call.check(rule, kept));
  // The window is over: without `asked` that decides; with it, the phrase in the window settles it
  // (the window's turns alone show whether it is there), and else the other party may still ask.
  const over = (call: CallBuffer): readonly Violation[] | undefined => {
    if (!asked) return close(call);
    windowOver = true;
    return call.check(rule, kept).length === 0 ? ((closed = true), []) : undefined;
  };
  return {
    push(index, call) {
      if (closed) return [];
      const turn = call.turn(index);
      const own = speaks(rule.speaker, turn.speaker);
      if ("firstSeconds" in window) {
        // Without times the rule cannot be judged: checking the turn yields the notice.
        const inWindow = turn.start === undefined || turn.start < window.firstSeconds * 1000;
        if (own && inWindow) kept.push(index);
        closed = turn.start === undefined ? own : !inWindow;
        return closed ? call.check(rule, kept) : [];
      }
      const first = window.first;
      const continues = call.continuesRun();
      if (!continues && runs === first + 1) return close(call);
      if (!windowOver && !continues && runs === first) {
        const decided = over(call);
        if (decided) return decided;
      }
      if (own) {
        // Past the window, the speaker goes on without a question before: nothing brings this turn in.
        if (windowOver && !continues && runs === first && answered === 0) return close(call);
        if (!continues) runs++;
        kept.push(index);
        // Untimed, no turn goes on another: the window (or the answer) is closed by this turn.
        if (call.untimed && runs === first) {
          const decided = over(call);
          if (decided) return decided;
        }
        return call.untimed && runs === first + 1 ? close(call) : [];
      }
      // Before the speaker's first turn the other party's turns count for nothing (but to tell, with
      // `untilBusiness`, whether the call has begun: kept while they are short enough to leave it
      // unbegun); after it, with `asked`, they are kept so that the kept turns have the call's runs
      // (two of the speaker's turns with the other party's between are two turns).
      if (runs === 0 && early && said <= ASKING_MAX_CHARS) {
        said += askingChars(turn.text);
        kept.push(index);
      }
      if (!asked || runs === 0) return [];
      kept.push(index);
      if (!windowOver) return [];
      answered += askingChars(turn.text);
      return answered > ASKING_MAX_CHARS ? close(call) : [];
    },
    end: (call) => (closed ? [] : call.check(rule, kept)),
    needs: () => (closed ? [] : kept),
  };
}

/**
 * A `required` rule over `first: N` turns with `inFirstAnswer`: the speaker's answer to the other
 * party's first business may settle it, so it keeps the call from its start and decides once that
 * answer is over, when the other party speaks for the (N + 2)-th time after the speaker (the window
 * takes at most N of those turns, the turn `whenAsked` or `untilBusiness` brings in one more, and the
 * answer ends with the next), or at the end of the call.
 */
function firstAnswerWindow(rule: RequiredRule, first: number): RuleTracker {
  const kept: number[] = [];
  let handovers = 0; // the other party's turns right after one of the speaker's
  let speakerLast = false; // whether the latest turn is the speaker's
  let closed = false;
  return {
    push(index, call) {
      if (closed) return [];
      kept.push(index);
      const own = speaks(rule.speaker, call.turn(index).speaker);
      if (!own && speakerLast) handovers++;
      speakerLast = own;
      if (handovers < first + 2) return [];
      closed = true;
      return call.check(rule, kept);
    },
    end: (call) => (closed ? [] : call.check(rule, kept)),
    needs: () => (closed ? [] : kept),
  };
}

/** A rule judged on the last N turns of its speaker (runs of segments, in a timed call): keeps those, decides at the end. */
function endWindow(rule: Rule & { speaker: "agent" | "customer" | "any" }, last: number): RuleTracker {
  const runs: number[][] = [];
  return {
    push(index, call) {
      if (!speaks(rule.speaker, call.turn(index).speaker)) return [];
      const run = runs.at(-1);
      if (run && call.continuesRun()) run.push(index);
      else runs.push([index]);
      if (runs.length > last) runs.shift();
      return [];
    },
    end: (call) => call.check(rule, runs.flat()),
    needs: () => runs.flat(),
  };
}

/**
 * A tracker's window and every turn after it: the turns from the first of those `tracker` keeps
 * to the latest, checked at the end. In one piece, so the speaker's runs are those of the call.
 */
function throughEnd(tracker: RuleTracker, rule: Rule): RuleTracker {
  let latest = -1;
  const turns = (): number[] => {
    const kept = tracker.needs();
    const first = kept === "all" ? 0 : (extent(kept)?.min ?? Infinity);
    const through: number[] = [];
    for (let index = first; index <= latest; index++) through.push(index);
    return through;
  };
  return {
    push(index, call) {
      latest = index;
      tracker.push(index, call);
      return [];
    },
    end: (call) => call.check(rule, turns()),
    needs: turns,
  };
}

/** A rule that needs the whole call: keeps every turn, decides at the end. */
function wholeCall(rule: Rule): RuleTracker {
  return {
    push: () => [],
    end: (call) => call.check(rule, call.allTurns()),
    needs: () => "all",
  };
}

/**
 * A `then` with no `first` before it: each arriving turn is checked together with the turn of
 * the earliest `first` match, if any; the rule reports only its first offence.
 */
function orderTracker(rule: OrderRule): RuleTracker {
  let earliest: number | undefined;
  let done = false;
  return {
    push(index, call) {
      if (done) return [];
      const view = earliest === undefined ? [index] : [earliest, index];
      const violations = call.check(rule, view).filter((violation) => violation.turn === index);
      done = violations.length > 0;
      if (earliest === undefined && matchesOf(rule.first, rule.speaker, call.view([index])).length > 0)
        earliest = index;
      return violations;
    },
    end: () => [],
    needs: () => (earliest === undefined || done ? [] : [earliest]),
  };
}

/**
 * Replies after triggers. Each trigger turn is kept with the turns of its reply window; a
 * missing reply is decided when the window closes — after the speaker's N-th turn after the
 * trigger (in a timed call, once a turn that does not go on that run arrives: the run may go on),
 * or at the first turn starting after the deadline — or at the end of the call; a forbidden reply
 * as soon as it is said. Each decision checks the trigger's turn with its window as the rule check
 * would see them in the whole call. `silenceAfter`: whether the silence came is followed turn by
 * turn until the speaker's next turn (as the rule check looks for it); `replyOnce`: once a window
 * closed with its reply, the triggers after it are not judged.
 */
function responseTracker(rule: ResponseRule): RuleTracker {
  let pending: PendingTrigger[] = [];
  let replied = false;
  const replyWithin = rule.replyWithin;
  const silence = rule.silenceAfter && rule.silenceAfter.seconds * 1000;
  const missingReply = (call: CallBuffer, entry: PendingTrigger): readonly Violation[] => {
    if (replied || entry.window.length === 0 || (silence && !call.untimed && entry.silentBefore === undefined))
      return [];
    // The turn the silence came before, so that the check sees it too.
    const turns = [entry.trigger, ...entry.window, ...(entry.silentBefore === undefined ? [] : [entry.silentBefore])];
    const violations = call
      .check(
        rule,
        [...new Set(turns)].sort((a, b) => a - b),
      )
      .filter((violation) => violation.turn === entry.window[0]);
    replied = rule.replyOnce === true && violations.length === 0;
    return violations;
  };
  return {
    push(index, call) {
      const turn = call.turn(index);
      const own = speaks(rule.speaker, turn.speaker);
      const continues = call.continuesRun();
      const violations: Violation[] = [];
      const open: typeof pending = [];
      let joined: number | undefined;
      for (const entry of pending) {
        if (silence && entry.watch) watchSilence(entry, entry.watch, index, turn, own, continues, silence);
        // Past the deadline, or after the last turn of the window: this turn does not go on its run.
        let closed =
          "seconds" in replyWithin ? turn.start! > entry.deadline : entry.turns === replyWithin.turns && !continues;
        if (own && !closed) {
          entry.window.push(index);
          joined ??= entry.trigger;
          if (!continues) entry.turns++;
          // Untimed, every line is a turn: none can go on the N-th.
          closed = "turns" in replyWithin && entry.turns === replyWithin.turns && call.untimed;
        }
        if (closed && rule.expect === "present") pushAll(violations, missingReply(call, entry));
        if (!closed) open.push(entry);
      }
      pending = open;
      // A forbidden reply is the same violation whichever trigger's window it falls in.
      if (rule.expect === "absent" && joined !== undefined) {
        pushAll(
          violations,
          call.check(rule, [joined, index]).filter((violation) => violation.turn === index),
        );
      }
      if (matchesOf(rule.trigger, rule.speaker, call.view([index])).length > 0) {
        if ("seconds" in replyWithin && turn.end === undefined) {
          call.check(rule, [index]); // records that the rule needs times
        } else {
          pending.push({
            trigger: index,
            window: [],
            turns: 0,
            deadline: "seconds" in replyWithin ? turn.end! + replyWithin.seconds * 1000 : Infinity,
            ...(silence ? { watch: { latestEnd: turn.end!, inTriggerRun: true } } : {}),
          });
        }
      }
      return violations;
    },
    end: (call) => (rule.expect === "present" ? pending.flatMap((entry) => missingReply(call, entry)) : []),
    needs: () =>
      pending.flatMap((entry) => [
        entry.trigger,
        ...entry.window,
        ...(entry.silentBefore === undefined ? [] : [entry.silentBefore]),
      ]),
  };
}

/** A trigger whose reply window is open; with `silenceAfter`, where the silence came, or whether it still may. */
interface PendingTrigger {
  trigger: number;
  window: number[];
  turns: number;
  deadline: number;
  /** With `silenceAfter`, the turn the silence came before, once it came. */
  silentBefore?: number;
  /** With `silenceAfter`, while the silence may still come: the turns heard since the trigger. */
  watch?: SilenceWatch;
}

/** One turn after a trigger, heard as the rule check hears it (`heardAfterTrigger`). */
function watchSilence(
  entry: PendingTrigger,
  watch: SilenceWatch,
  index: number,
  turn: Turn,
  own: boolean,
  continues: boolean,
  ms: number,
): void {
  if (turn.start === undefined || turn.end === undefined) return;
  const heard = heardAfterTrigger(watch, turn.start, turn.end, continues, own, ms);
  if (heard === "silent") entry.silentBefore = index;
  if (heard !== "watching") entry.watch = undefined;
}

function phraseRuleTracker(rule: ForbiddenRule | RequiredRule, window: Window | undefined): RuleTracker {
  // The answer that takes a match back (`unlessAnswered`) may come after the window: the rule
  // needs the turns from its window to the end of the call.
  if (rule.type === "required" && rule.unlessAnswered) {
    return window && "last" in window ? throughEnd(endWindow(rule, window.last), rule) : wholeCall(rule);
  }
  // The speaker's answer to the other party's first business (`inFirstAnswer`) may settle it.
  if (rule.type === "required" && rule.inFirstAnswer && window && "first" in window)
    return firstAnswerWindow(rule, window.first);
  // The other party's question (`whenAsked`) or its turn of no business (`untilBusiness`) may bring
  // the speaker's next turn into the window.
  if (rule.type === "required" && (rule.whenAsked || rule.untilBusiness) && window && "first" in window)
    return startWindow(rule, window, true);
  if (window && "last" in window) return endWindow(rule, window.last);
  if (rule.type === "required") {
    return window && ("first" in window || "firstSeconds" in window) ? startWindow(rule, window) : wholeCall(rule);
  }
  if (!window || "firstSeconds" in window) return turnByTurn(rule, ownTurn(rule));
  if ("first" in window) {
    const first = window.first;
    // The turn is in the window when its run is: the speaker's run so far, or a new one.
    return turnByTurn(rule, (index, call) =>
      speaks(rule.speaker, call.turn(index).speaker) &&
      call.runsBefore(rule.speaker) + (call.continuesRun() ? 0 : 1) <= first
        ? [index]
        : undefined,
    );
  }
  return wholeCall(rule);
}

/**
 * The tracker for a rule. Rules whose verdicts depend on a bounded part of the call keep only
 * that part; the others (`must` conditions, `not`/`max`/`all`/count or end windows in
 * conditions, per-call speech rate, call duration, windows at the end other than `last`) keep
 * the whole call and are decided when it ends.
 */
export function trackerFor(rule: Rule): RuleTracker {
  switch (rule.type) {
    case "forbidden":
    case "required":
      return phraseRuleTracker(rule, rule.within);
    case "condition":
      return rule.mustNot && isTurnLocal(rule.mustNot) ? turnByTurn(rule, (index) => [index]) : wholeCall(rule);
    case "order":
      return isTurnLocal(rule.first) && isTurnLocal(rule.then) ? orderTracker(rule) : wholeCall(rule);
    case "response":
      return isTurnLocal(rule.trigger) && isTurnLocal(rule.reply) && !responseNeedsWholeCall(rule)
        ? responseTracker(rule)
        : wholeCall(rule);
    case "silence":
      // The gap runs from the latest end so far; the hold notice is in the speaker's latest turn.
      return turnByTurn(rule, (index, call) => [call.latestEndingBefore(), call.latestBefore(rule.speaker), index]);
    case "interruption":
      return turnByTurn(rule, (index, call) => {
        const speaker = call.turn(index).speaker;
        return speaks(rule.speaker, speaker) ? [call.latestNotBy(speaker), index] : undefined;
      });
    case "first-response":
      return turnByTurn(rule, (index, call) =>
        speaks(rule.speaker, call.turn(index).speaker) && call.runsBefore(rule.speaker) === 0 ? [index] : undefined,
      );
    case "speech-rate":
      return rule.per === "turn" ? turnByTurn(rule, ownTurn(rule)) : wholeCall(rule);
    case "call-duration":
      return wholeCall(rule);
  }
}
