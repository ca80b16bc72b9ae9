import { ScoreTally, type ScoreCard } from "../engine/score.js";
import type { Notice, Violation } from "../engine/violation.js";
import { HuashuError } from "../errors.js";
import { MISSING_TIMES_NOTICE, ruleNeedsTimes } from "../rules/registry.js";
import { RuleSet } from "../rules/rule-set.js";
import type { Turn } from "../transcript/model.js";
import { CallBuffer } from "./call-buffer.js";
import { trackerFor, type RuleTracker } from "./trackers.js";

/** Options of {@link createSession}. */
export interface SessionOptions {
  /** The rules to check against. */
  rules: RuleSet;
}

/** What {@link StreamSession.end} returns: the violations not yet reported, and the verdict. */
export interface SessionEnd extends ScoreCard {
  /** Violations decided only now that the call is over. */
  violations: Violation[];
  /** Rules that could not be judged on this call, and why. */
  notices: Notice[];
}

/**
 * One live call being checked as its turns arrive (实时质检). Every violation is reported
 * exactly once, by the `push` that makes it final or else by `end`; together they are exactly
 * the violations `lint()` reports for the whole call, with the same turn indices, lines and
 * columns, and `end` gives the same score and verdict.
 *
 * Memory: a session keeps only the turns its rules still need (see docs/pipelines.md, “Streaming API”),
 * plus each speaker's latest turn and the turn that ended latest; {@link bufferedTurns} says
 * how many.
 */
export class StreamSession {
  private readonly call: CallBuffer;
  private readonly trackers: RuleTracker[];
  private readonly tally = new ScoreTally();
  private ended = false;

  /** @internal Use {@link createSession}. */
  constructor(private readonly ruleSet: RuleSet) {
    this.call = new CallBuffer(ruleSet);
    this.trackers = ruleSet.rules.map(trackerFor);
  }

  /**
   * Adds the next turn of the call and returns the violations that have become final: a
   * forbidden phrase at once, a missing required phrase when its window closes, a missing
   * reply when its reply window expires. The turns of a call must all have times or none, and
   * arrive in order of start time; a turn that is not valid throws {@link HuashuError} and is
   * not added.
   */
  push(turn: Turn): Violation[] {
    if (this.ended) throw new HuashuError([{ message: "通话已结束,不能再添加轮次" }]);
    const index = this.call.append(turn);
    const violations = this.trackers.flatMap((tracker) => tracker.push(index, this.call));
    const needed = new Set<number>();
    let all = false;
    for (const tracker of this.trackers) {
      const needs = tracker.needs();
      if (needs === "all") all = true;
      else for (const turn of needs) needed.add(turn);
    }
    this.call.settle(all ? "all" : needed);
    return this.counted(violations);
  }

  /** Ends the call: the violations decided only now, the notices, and the score. */
  end(): SessionEnd {
    if (this.ended) throw new HuashuError([{ message: "通话已结束" }]);
    this.ended = true;
    const violations = this.counted(this.trackers.flatMap((tracker) => tracker.end(this.call)));
    // As lint() does: on an untimed call, every rule that needs times could not be judged.
    if (this.call.untimed) {
      for (const rule of this.ruleSet.rules)
        if (ruleNeedsTimes(rule)) this.call.addNotice({ ruleId: rule.id, message: MISSING_TIMES_NOTICE });
    }
    return { violations, notices: this.call.notices, ...this.tally.card(this.ruleSet) };
  }

  /** How many turns the session holds now. */
  get bufferedTurns(): number {
    return this.call.size;
  }

  /** Turns pushed so far. */
  get turnCount(): number {
    return this.call.length;
  }

  private counted(violations: Violation[]): Violation[] {
    for (const violation of violations) this.tally.add(violation);
    return violations;
  }
}

/**
 * Starts checking a live call against a rule set: push its turns as they are transcribed,
 * then end it. Sessions are independent; one rule set may serve any number of them.
 */
export function createSession(options: SessionOptions): StreamSession {
  if (typeof options !== "object" || options === null || !(options.rules instanceof RuleSet)) {
    throw new HuashuError([
      { message: "createSession(): 须给出选项 { rules },rules 由 loadRules、parseRules 或 builtinRules 得到" },
    ]);
  }
  return new StreamSession(options.rules);
}
