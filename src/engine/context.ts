import type { PatternHit } from "../match/aho-corasick.js";
import { TurnBoundaries, type Segmentation } from "../match/boundaries.js";
import { acceptCandidate, type PhraseList, type Span } from "../match/phrase-match.js";
import { normalise, type NormalisedText } from "../normalise/normalise.js";
import type { SpeakerFilter } from "../rules/common.js";
import { regexSpans, type RuleRegex } from "../rules/regex.js";
import type { Rule } from "../rules/registry.js";
import type { RuleSet } from "../rules/rule-set.js";
import type { SourcePosition, Transcript, Turn } from "../transcript/model.js";
import { lastIndexAtMost } from "../util/sorted.js";
import type { Notice, Violation } from "./violation.js";

/**
 * Thrown by {@link LintContext.timeOf} when a turn has no times: the rule being checked
 * cannot be judged on this transcript, which the engine reports as a notice.
 */
export class MissingTimesError extends Error {
  override name = "MissingTimesError";
}

/** Start and end of a turn in ms. */
export interface TurnTimes {
  start: number;
  end: number;
}

/** What rule checks ask of a transcript. Everything is computed once, on first request. */
export class LintContext {
  private readonly normalisedTurns = new Map<number, NormalisedText>();
  private readonly hitsByTurn = new Map<number, Map<number, PatternHit[]>>();
  private readonly boundariesByTurn = new Map<number, TurnBoundaries>();
  private readonly lineStartsByTurn = new Map<number, number[]>();
  private readonly turnsBySpeaker = new Map<SpeakerFilter, number[]>();
  /** Rules that could not be judged on this transcript, and why. */
  readonly notices: Notice[] = [];

  constructor(
    readonly transcript: Transcript,
    private readonly ruleSet: RuleSet,
    private readonly segmentation: Segmentation,
  ) {
    // The eager baseline segments every turn, whether or not any rule needs it.
    if (segmentation === "eager") transcript.turns.forEach((_, turn) => this.boundaries(turn));
  }

  /** Indices of the turns a rule for `speaker` looks at. */
  turnsOf(speaker: SpeakerFilter): readonly number[] {
    const known = this.turnsBySpeaker.get(speaker);
    if (known) return known;
    const turns: number[] = [];
    this.transcript.turns.forEach((turn, index) => {
      if (speaker === "any" || turn.speaker === speaker) turns.push(index);
    });
    return remember(this.turnsBySpeaker, speaker, turns);
  }

  normalised(turn: number): NormalisedText {
    return this.normalisedTurns.get(turn) ?? remember(this.normalisedTurns, turn, normalise(this.transcript.turns[turn]!.text));
  }

  private hits(turn: number): Map<number, PatternHit[]> {
    const known = this.hitsByTurn.get(turn);
    if (known) return known;
    const hits = new Map<number, PatternHit[]>();
    for (const hit of this.ruleSet.phrases.scan(this.normalised(turn).text)) {
      const list = hits.get(hit.pattern);
      if (list) list.push(hit);
      else hits.set(hit.pattern, [hit]);
    }
    return remember(this.hitsByTurn, turn, hits);
  }

  private boundaries(turn: number): TurnBoundaries {
    return this.boundariesByTurn.get(turn) ?? remember(this.boundariesByTurn, turn, new TurnBoundaries(this.normalised(turn), this.segmentation));
  }

  private lineStarts(turn: number): readonly number[] {
    return this.lineStartsByTurn.get(turn) ?? remember(this.lineStartsByTurn, turn, lineStartsOf(this.transcript.turns[turn]!.text));
  }

  /**
   * Occurrences of the rule's phrases in a turn, in order and without overlaps (the longer
   * of two overlapping ones wins). Only candidates found by the scan are segmented.
   */
  matches(turn: number, list: PhraseList): Span[] {
    const hits = this.hits(turn);
    if (hits.size === 0) return [];
    const patterns = this.ruleSet.phrases.patterns;
    const text = this.normalised(turn).text;
    const spans: Span[] = [];
    for (const pattern of this.ruleSet.phrases.patternIdsOf(list)) {
      for (const hit of hits.get(pattern) ?? []) {
        const span = acceptCandidate(hit, patterns[pattern]!, list.boundary ?? "token", text, this.boundaries(turn));
        if (span) spans.push(span);
      }
    }
    return withoutOverlaps(spans);
  }

  /** Matches of a rule's regular expression in the normalised text of a turn, without overlaps. */
  regexMatches(turn: number, pattern: RuleRegex): Span[] {
    return withoutOverlaps(regexSpans(pattern, this.normalised(turn).text));
  }

  /** Times of a turn; throws {@link MissingTimesError} when the turn has none. */
  timeOf(turn: number): TurnTimes {
    const { start, end } = this.transcript.turns[turn]!;
    if (start === undefined || end === undefined) throw new MissingTimesError();
    return { start, end };
  }

  /** When the call ends, in ms from its start: the latest turn end. Needs times on every turn. */
  callEnd(): number {
    return this.transcript.turns.reduce((latest, _, turn) => Math.max(latest, this.timeOf(turn).end), 0);
  }

  /** Records that a rule could not be judged (once per rule and message). */
  notice(rule: Rule, message: string): void {
    if (!this.notices.some((notice) => notice.ruleId === rule.id && notice.message === message)) {
      this.notices.push({ ruleId: rule.id, message });
    }
  }

  /** A violation at a matched span of a turn. */
  violationAt(rule: Rule, turn: number, span: Span, detail?: string): Violation {
    const source = this.transcript.turns[turn]!;
    const { from, to } = this.originalRange(turn, span);
    return this.violation(rule, turn, source.text.slice(from, to), position(source, turn, this.lineStarts(turn), from), position(source, turn, this.lineStarts(turn), to), source.start, source.end, detail);
  }

  /** The original text of a span of a turn's normalised text. */
  originalText(turn: number, span: Span): string {
    const { from, to } = this.originalRange(turn, span);
    return this.transcript.turns[turn]!.text.slice(from, to);
  }

  private originalRange(turn: number, span: Span): { from: number; to: number } {
    const normalised = this.normalised(turn);
    return { from: normalised.originalStart[span.start]!, to: normalised.originalEnd[span.end - 1]! };
  }

  /** A violation covering whole turns, e.g. the window a required phrase was looked for in. */
  violationOver(rule: Rule, turns: readonly number[], detail?: string): Violation {
    const first = turns[0]!;
    const last = turns[turns.length - 1]!;
    const lastTurn = this.transcript.turns[last]!;
    const firstTurn = this.transcript.turns[first]!;
    return this.violation(
      rule,
      first,
      turns.map((turn) => this.transcript.turns[turn]!.text).join("\n"),
      position(firstTurn, first, this.lineStarts(first), 0),
      position(lastTurn, last, this.lineStarts(last), lastTurn.text.length),
      firstTurn.start,
      lastTurn.end,
      detail,
    );
  }

  private violation(
    rule: Rule,
    turn: number,
    text: string,
    from: SourcePosition,
    to: SourcePosition,
    start: number | undefined,
    end: number | undefined,
    detail: string | undefined,
  ): Violation {
    // Optional fields are assigned, not spread: spreading in this hot path is several times slower.
    const violation: Violation = {
      ruleId: rule.id,
      type: rule.type,
      severity: rule.severity,
      message: rule.message,
      speaker: this.transcript.turns[turn]!.speaker,
      turn,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      text,
    };
    if (rule.suggestion !== undefined) violation.suggestion = rule.suggestion;
    if (detail !== undefined) violation.detail = detail;
    if (start !== undefined) violation.start = start;
    if (end !== undefined) violation.end = end;
    return violation;
  }
}

/** Spans in order; of two overlapping ones the earlier (or, at one start, the longer) is kept. */
function withoutOverlaps(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of spans) {
    const last = kept[kept.length - 1];
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}

/** Source line and column of an offset in a turn's text, given the offsets where its lines start. */
function position(turn: Turn, index: number, lineStarts: readonly number[], offset: number): SourcePosition {
  const base = turn.source ?? { line: index + 1, column: 1 };
  const line = lastIndexAtMost(lineStarts, offset);
  return line === 0 ? { line: base.line, column: base.column + offset } : { line: base.line + line, column: offset - lineStarts[line]! + 1 };
}

/** Offsets where the lines of a text start (0 first). */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

/** Stores `value` under `key` and returns it; callers look the cache up first, allocating nothing on a hit. */
function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  cache.set(key, value);
  return value;
}
