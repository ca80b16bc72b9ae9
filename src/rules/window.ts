import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import type { Decidability, SpeakerFilter } from "./common.js";
import { positiveSeconds } from "./common.js";
import type { Window } from "./types.js";
import type { Turn } from "../transcript/model.js";
export type { Window };

const turnCount = lazy(() => z.int().positive("轮数必须是正整数"));
const percent = lazy(() => z.number().min(0, "百分比须在 0 到 100 之间").max(100, "百分比须在 0 到 100 之间"));

/**
 * Which part of the call a rule or condition looks at; absent = the whole call. Turn windows
 * count the turns of the speaker concerned, the segments one speaker says in a row (no hold
 * between) being one turn (see {@link windowTurns}); seconds and percentages are of the whole
 * call (time 0 = start of the call; its end = the latest turn end).
 */
export const windowSchema = lazy(() => z.union(
  [
    z.strictObject({ first: turnCount }),
    z.strictObject({ last: turnCount }),
    z.strictObject({ firstSeconds: positiveSeconds }),
    z.strictObject({ lastSeconds: positiveSeconds }),
    z.strictObject({
      percent: z.tuple([percent, percent]).refine(([from, to]) => from < to, "百分比范围须从小到大,如 [0, 20]"),
    }),
  ],
  { error: "within 须为 { first: N }、{ last: N }、{ firstSeconds: N }、{ lastSeconds: N }、{ percent: [从, 到] } 之一" },
));

/**
 * The turns of `speaker` inside the window, in order. `first`/`last` N take the speaker's first
 * or last N turns; in a timed transcript (speech recognised from audio) a turn is what one speaker
 * says until someone else speaks or a hold comes (see {@link HOLD_MS}), however many segments it
 * fills — ASR cuts speech at every pause, so the opening 您好 / 中国移动 / 请问有什么可以帮您 is
 * three — while in an untimed one (a script, a chat log) every line is a turn its author meant. Seconds windows need times (else
 * `MissingTimesError`); a percentage window uses times when every turn has them, otherwise the
 * turn's position in the call (turn i of n sits at i/n).
 */
export function windowTurns(context: LintContext, speaker: SpeakerFilter, window: Window | undefined): readonly number[] {
  const turns = context.turnsOf(speaker);
  if (!window) return turns;
  if ("first" in window) return turnsInRuns(context, turns, 0, window.first);
  if ("last" in window) return turnsInRuns(context, turns, -window.last);
  if ("firstSeconds" in window) return turns.filter((turn) => context.timeOf(turn).start < window.firstSeconds * 1000);
  if ("lastSeconds" in window) {
    const from = context.callEnd() - window.lastSeconds * 1000;
    return turns.filter((turn) => context.timeOf(turn).end > from);
  }
  const [from, to] = window.percent;
  const total = context.transcript.turns.length;
  const timed = context.hasTimes();
  const callEnd = timed ? context.callEnd() : 0;
  const share = (turn: number) => (timed ? (callEnd === 0 ? 0 : (context.timeOf(turn).start / callEnd) * 100) : (turn / total) * 100);
  return turns.filter((turn) => share(turn) >= from && (share(turn) < to || to === 100));
}

/** The turns of the speaker's run `index` (from 0), runs counted as {@link windowTurns} counts them; none when there are fewer. */
export function runTurns(context: LintContext, speaker: SpeakerFilter, index: number): readonly number[] {
  return turnsInRuns(context, context.turnsOf(speaker), index, index + 1);
}

/**
 * The turns of the runs `from` to `to` (as `Array.slice` takes them) of `turns`, a run being
 * turns one after another in a timed call by one speaker, and every turn of an untimed call.
 */
function turnsInRuns(context: LintContext, turns: readonly number[], from: number, to?: number): readonly number[] {
  if (!context.hasTimes()) return turns.slice(from, to);
  const runs: number[][] = [];
  for (const turn of turns) {
    const run = runs.at(-1);
    if (run && continuesRun(context, run.at(-1)!, turn)) run.push(turn);
    else runs.push([turn]);
  }
  return runs.slice(from, to).flat();
}

/**
 * A silence after which the speaker who goes on speaks anew: longer than any pause in speech, it
 * is a hold (the agent checked something and came back), as long as the silence a hold notice
 * must announce in the built-in pack.
 */
export const HOLD_MS = 10_000;

/**
 * Whether a timed turn goes on the run of the turn said right before it: the same speaker, and
 * less than {@link HOLD_MS} between the one's end and the other's start. The rule checks and the
 * streaming call buffer both ask it.
 */
export function goesOnRun(before: Pick<Turn, "speaker" | "end">, turn: Pick<Turn, "speaker" | "start">): boolean {
  return before.speaker === turn.speaker && turn.start! - before.end! < HOLD_MS;
}

/** Whether `turn` goes on the run of `earlier` in a timed call: it follows it at once, and {@link goesOnRun}. */
export function continuesRun(context: LintContext, earlier: number, turn: number): boolean {
  const all = context.transcript.turns;
  return turn === earlier + 1 && goesOnRun(all[earlier]!, all[turn]!);
}

/** Windows anchored at the start of the call are known as turns arrive; the others need its end. */
export function windowDecidability(window: Window | undefined): Decidability {
  return !window || "first" in window || "firstSeconds" in window ? "per-turn" : "end-of-call";
}
