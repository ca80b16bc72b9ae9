import { clauseAt, clauseEnd, type NormalisedText } from "../normalise/normalise.js";
import { tokenEnds } from "./segmenter.js";

/** When clauses are segmented: only those a candidate touches, or all of them up front. */
export type Segmentation = "lazy" | "eager";

/**
 * Word boundaries of one normalised turn. Clause starts and ends are always boundaries;
 * inside a clause, jieba's token ends are. Clauses are segmented once, on first question
 * (lazy) or all at construction (eager) — the answers are the same either way.
 */
export class TurnBoundaries {
  private readonly byClause = new Map<number, ReadonlySet<number>>();

  constructor(
    private readonly normalised: NormalisedText,
    segmentation: Segmentation,
  ) {
    if (segmentation === "eager") {
      for (let clause = 0; clause < normalised.clauseStarts.length; clause++) this.clauseBoundaries(clause);
    }
  }

  /** Boundaries of a clause as absolute offsets in the normalised text, start included. */
  private clauseBoundaries(clause: number): ReadonlySet<number> {
    let boundaries = this.byClause.get(clause);
    if (!boundaries) {
      const start = this.normalised.clauseStarts[clause]!;
      const text = this.normalised.text.slice(start, clauseEnd(this.normalised, clause));
      boundaries = new Set([start, ...tokenEnds(text).map((end) => start + end)]);
      this.byClause.set(clause, boundaries);
    }
    return boundaries;
  }

  /** Whether a token starts at `offset` (the end of the text counts as a boundary too). */
  isBoundary(offset: number): boolean {
    if (offset <= 0 || offset >= this.normalised.text.length) return true;
    const clause = clauseAt(this.normalised, offset);
    return this.normalised.clauseStarts[clause] === offset || this.clauseBoundaries(clause).has(offset);
  }

  /** The nearest boundary at or before `offset`. */
  boundaryAtOrBefore(offset: number): number {
    let at = offset;
    while (!this.isBoundary(at)) at--;
    return at;
  }

  /** The nearest boundary at or after `offset`. */
  boundaryAtOrAfter(offset: number): number {
    let at = offset;
    while (!this.isBoundary(at)) at++;
    return at;
  }
}
