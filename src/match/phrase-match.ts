import type { PatternHit } from "./aho-corasick.js";
import type { TurnBoundaries } from "./boundaries.js";

/** How a rule's phrases must sit in the text: on word boundaries, or anywhere. */
export type BoundaryMode = "token" | "none";

/**
 * Phrases matched together, and how they must sit in the text (`token` when absent). Rules and
 * rule conditions that name phrases are phrase lists; the rule set's one automaton holds them all.
 */
export interface PhraseList {
  readonly phrases: readonly string[];
  readonly boundary?: BoundaryMode | undefined;
  /** Whether the phrases match through fillers; absent = in transcripts, and in scripts when the rule set says so. */
  readonly fillers?: boolean | undefined;
  /** Whether the phrases also match what sounds the same; absent = as the rule set says. */
  readonly homophones?: boolean | undefined;
}

/** A half-open range `[start, end)` of a normalised text. */
export interface Span {
  start: number;
  end: number;
  /** How the text there differs from the phrase, when it is not the phrase itself (homophones). */
  detail?: string;
}

/**
 * Decides whether a candidate found by substring scan of `text` (the pattern's occurrence
 * there, `text.slice(hit.start, hit.end)`) is a real occurrence of its phrase. With `token`
 * boundaries it must start and end where jieba's tokens do — or the tokens covering it must be
 * nothing but the phrase repeated (喂喂 is one token, yet plainly 喂); then the whole repetition
 * is the match.
 */
export function acceptCandidate(
  hit: PatternHit,
  mode: BoundaryMode,
  text: string,
  boundaries: TurnBoundaries,
): Span | undefined {
  if (mode === "none") return { start: hit.start, end: hit.end };
  if (boundaries.isBoundary(hit.start) && boundaries.isBoundary(hit.end)) return { start: hit.start, end: hit.end };
  const start = boundaries.boundaryAtOrBefore(hit.start);
  const end = boundaries.boundaryAtOrAfter(hit.end);
  const covered = text.slice(start, end);
  const phrase = text.slice(hit.start, hit.end);
  return covered.length % phrase.length === 0 && covered === phrase.repeat(covered.length / phrase.length)
    ? { start, end }
    : undefined;
}
