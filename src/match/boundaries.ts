import { clauseAt, clauseEnd, type NormalisedText } from "../normalise/normalise.js";
import { lastIndexAtMost } from "../util/sorted.js";
import { tokenEnds } from "./segmenter.js";
import { finalParticlesFrom, NEGATIONS } from "./token-pattern.js";

/** When clauses are segmented: only those a candidate touches, or all of them up front. */
export type Segmentation = "lazy" | "eager";

/**
 * Word boundaries of one normalised turn. Clause starts and ends are always boundaries;
 * inside a clause, jieba's token ends are. Clauses are segmented once, on first question
 * (lazy) or all at construction (eager) — the answers are the same either way.
 */
export class TurnBoundaries {
  /** By clause: where its tokens end, from its start (the segmenter's own array, shared, not copied). */
  private readonly byClause = new Map<number, readonly number[]>();

  constructor(
    private readonly normalised: NormalisedText,
    segmentation: Segmentation,
  ) {
    if (segmentation === "eager") {
      for (let clause = 0; clause < normalised.clauseStarts.length; clause++) this.clauseEnds(clause);
    }
  }

  /** Where the tokens of a clause end, as offsets from its start, ascending. */
  private clauseEnds(clause: number): readonly number[] {
    let ends = this.byClause.get(clause);
    if (!ends) {
      const start = this.normalised.clauseStarts[clause]!;
      ends = tokenEnds(this.normalised.text.slice(start, clauseEnd(this.normalised, clause)));
      this.byClause.set(clause, ends);
    }
    return ends;
  }

  /**
   * Whether a word starts at `offset`: a token does, a negation jieba glued onto the word before
   * it (真不知道 holds 不知道), or the final particles said last in a clause that jieba glued onto
   * its last word (不懂亲 holds 不懂). The end of the text counts as a boundary too.
   */
  isBoundary(offset: number): boolean {
    if (offset <= 0 || offset >= this.normalised.text.length) return true;
    const clause = clauseAt(this.normalised, offset);
    const start = this.normalised.clauseStarts[clause]!;
    if (start === offset) return true;
    const ends = this.clauseEnds(clause);
    if (ends[lastIndexAtMost(ends, offset - start)] === offset - start) return true;
    const text = this.normalised.text;
    return (
      NEGATIONS.includes(text[offset]!) || offset >= finalParticlesFrom(text, start, clauseEnd(this.normalised, clause))
    );
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
