import { LintContext } from "../engine/context.js";
import type { Notice, Violation } from "../engine/violation.js";
import { HuashuError } from "../errors.js";
import type { SpeakerFilter } from "../rules/common.js";
import { checkRule, type Rule } from "../rules/registry.js";
import type { RuleSet } from "../rules/rule-set.js";
import { goesOnRun } from "../rules/window.js";
import type { Speaker, Turn } from "../transcript/model.js";
import { assertTranscript, turnTimesProblem } from "../transcript/validate.js";
import { extent } from "../util/array.js";

/** Whether a turn by `speaker` is one a rule or condition for `filter` looks at. */
export function speaks(filter: SpeakerFilter, speaker: Speaker): boolean {
  return filter === "any" || filter === speaker;
}

/**
 * The turns of a live call that some rule still needs, kept at their positions in the call,
 * and the little the streaming rules need to know about the turns already let go: how many
 * runs of turns each speaker has had, each speaker's latest turn and the turn that ended latest.
 *
 * Rules are checked on *views*: a few kept turns, handed to the ordinary rule check as a small
 * transcript, each turn carrying its line in the call, so that violations come out with the
 * turn indices, lines and columns `lint()` reports for the whole call.
 */
export class CallBuffer {
  private readonly kept = new Map<number, Turn>();
  /** Turns pushed so far; the index the next turn gets. */
  length = 0;
  /** Runs of each speaker's turns so far (in a timed call, segments said in a row are one run). */
  private readonly runs = new Map<Speaker, number>();
  /** Who said the turn before the one being pushed, and when it ended (the turn itself may be let go). */
  private previous: Pick<Turn, "speaker" | "end"> | undefined;
  private readonly latestBySpeaker = new Map<Speaker, number>();
  private latestEnd: { turn: number; end: number } | undefined;
  private latestStart: number | undefined;
  private timed: boolean | undefined;
  /** Views built for the turn being pushed, shared by the rules that ask for the same turns. */
  private views = new Map<string, LintContext>();
  /** Rules that could not be judged on this call, and why (as `lint()` reports them). */
  readonly notices: Notice[] = [];

  constructor(private readonly ruleSet: RuleSet) {}

  /**
   * Takes the next turn and returns its index. The turns of a streamed call must either all
   * have times or none, and arrive in order of start time: rules decided when a number of
   * seconds has passed rely on no later turn starting earlier. Throws {@link HuashuError}.
   */
  append(turn: Turn): number {
    assertTranscript({ turns: [turn] });
    const index = this.length;
    const timed = turn.start !== undefined && turn.end !== undefined;
    this.timed ??= timed;
    if (timed !== this.timed) {
      throw new HuashuError([{ message: `第 ${index + 1} 轮: 同一通话的各轮须都带时间(start/end)或都不带` }]);
    }
    const timesProblem = turnTimesProblem(turn, this.latestStart);
    if (timesProblem) throw new HuashuError([{ message: `第 ${index + 1} 轮: ${timesProblem}` }]);
    this.kept.set(index, turn);
    this.length++;
    return index;
  }

  /** A kept turn. */
  turn(index: number): Turn {
    const turn = this.kept.get(index);
    if (!turn) throw new Error(`turn ${index} is no longer kept`);
    return turn;
  }

  /**
   * Whether the turn being pushed goes on the turn before it: in a timed call, the segments one
   * speaker says in a row, with no hold between them, are one turn for `first`/`last` windows
   * (see `windowTurns` and `goesOnRun` there).
   */
  continuesRun(): boolean {
    return this.timed === true && this.previous !== undefined && goesOnRun(this.previous, this.turn(this.length - 1));
  }

  /** How many turns of `filter`, as windows count them, started before the turn being pushed. */
  runsBefore(filter: SpeakerFilter): number {
    if (filter !== "any") return this.runs.get(filter) ?? 0;
    let total = 0;
    for (const count of this.runs.values()) total += count;
    return total;
  }

  /** The latest turn of `filter` before the turn being pushed. */
  latestBefore(filter: SpeakerFilter): number | undefined {
    const candidates = filter === "any" ? [...this.latestBySpeaker.values()] : [this.latestBySpeaker.get(filter)];
    return maxDefined(candidates);
  }

  /** The latest turn before the one being pushed whose speaker is not `speaker`. */
  latestNotBy(speaker: Speaker): number | undefined {
    return maxDefined([...this.latestBySpeaker].filter(([other]) => other !== speaker).map(([, turn]) => turn));
  }

  /** The turn before the one being pushed that ends latest. */
  latestEndingBefore(): number | undefined {
    return this.latestEnd?.turn;
  }

  /** A rule context over some kept turns (in call order), as if they were the whole call. */
  view(turns: readonly number[]): LintContext {
    const key = turns.join(",");
    let context = this.views.get(key);
    if (!context) {
      const located = turns.map((index) => {
        const turn = this.turn(index);
        return turn.source ? turn : { ...turn, source: { line: index + 1, column: 1 } };
      });
      context = new LintContext({ turns: located }, this.ruleSet, "lazy");
      this.views.set(key, context);
    }
    return context;
  }

  /** The violations of a rule on a view, with the turn indices of the call. */
  check(rule: Rule, turns: readonly number[]): readonly Violation[] {
    if (turns.length === 0) return [];
    const context = this.view(turns);
    const violations = checkRule(rule, context);
    for (const violation of violations) violation.turn = turns[violation.turn]!;
    for (const notice of context.notices) this.addNotice(notice);
    return violations;
  }

  /** Records that a rule could not be judged on this call (once per rule and message). */
  addNotice(notice: Notice): void {
    if (!this.notices.some((known) => known.ruleId === notice.ruleId && known.message === notice.message))
      this.notices.push(notice);
  }

  /** Whether turns have arrived and none had times. */
  get untimed(): boolean {
    return this.timed === false;
  }

  /**
   * Called once the rules have seen the turn just pushed: it becomes part of the call's
   * history, and every turn that neither the rules (`needed`) nor this summary need is let go.
   */
  settle(needed: ReadonlySet<number> | "all"): void {
    const index = this.length - 1;
    const turn = this.turn(index);
    if (!this.continuesRun()) this.runs.set(turn.speaker, (this.runs.get(turn.speaker) ?? 0) + 1);
    this.previous = { speaker: turn.speaker, end: turn.end };
    this.latestBySpeaker.set(turn.speaker, index);
    if (turn.end !== undefined && (!this.latestEnd || turn.end > this.latestEnd.end))
      this.latestEnd = { turn: index, end: turn.end };
    if (turn.start !== undefined) this.latestStart = turn.start;
    this.views = new Map();
    if (needed === "all") return;
    const summary = new Set([...this.latestBySpeaker.values(), ...(this.latestEnd ? [this.latestEnd.turn] : [])]);
    for (const kept of this.kept.keys()) {
      if (!needed.has(kept) && !summary.has(kept)) this.kept.delete(kept);
    }
  }

  /** How many turns are kept. */
  get size(): number {
    return this.kept.size;
  }

  /** Indices of every turn of the call, for rules that keep the whole call. */
  allTurns(): number[] {
    return Array.from({ length: this.length }, (_, index) => index);
  }
}

function maxDefined(values: ReadonlyArray<number | undefined>): number | undefined {
  const defined = values.filter((value): value is number => value !== undefined);
  return extent(defined)?.max;
}
