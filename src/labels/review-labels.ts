import { ruleCategory, type RuleTags } from "./categories.js";

/** How a reviewer judged one turn. */
export type LabelVerdict = "violation" | "borderline" | "clean";

/** How a reviewer judged a call against a whole-call rule: it has what the rule asks for, or lacks it. */
export type CallVerdict = "done" | "missing";

/** Every {@link HitMark}, as the labels file spells them. */
export const HIT_MARKS = Object.freeze(["confirmed", "rejected"] as const);

/** A reviewer's verdict on one hit: `confirmed` (a true hit) or `rejected` (a false positive, 误报). */
export type HitMark = (typeof HIT_MARKS)[number];

/**
 * One line of a labels file about a turn, as `huashu eval --labels` reads it: written by hand,
 * or exported by a review of the HTML report (then with `reviewer` and `hits`).
 */
export interface TurnLabelLine {
  /** The transcript's id (a file without one is known by its path as shown). */
  id: string;
  /** Index of the turn in its transcript, counting every turn from 0 (customer turns included). */
  turn: number;
  label: LabelVerdict;
  /** For `violation` and `borderline`: one of the known categories, or one of the labels' own. */
  category?: string;
  /** The words that cause the label, as copied from `text`. */
  span?: string;
  /** The reviewer's reason. */
  note?: string;
  /** The turn's text, as in the transcript: checked, so that a wrong `turn` does not go unnoticed. */
  text: string;
  /** Who reviewed the turn: labels of different reviewers for one turn are merged, and their disagreements listed. */
  reviewer?: string;
  /** The reviewer's verdict on the hits of the rules that flagged the turn, by rule id. */
  hits?: Record<string, HitMark>;
}

/** A {@link TurnLabelLine} that a review wrote: a reviewed turn is a violation or it is clean. */
export interface ReviewedTurnLine extends TurnLabelLine {
  label: "violation" | "clean";
}

/** One line of a labels file about a whole call and a rule that judges calls. */
export interface CallLabelLine {
  /** The transcript's id. */
  id: string;
  /** The id of the whole-call rule judged, e.g. `flow.closing.anything-else`. */
  rule: string;
  /** `done`: the call has what the rule asks for, or nothing in it calls for it; `missing`: it lacks it. */
  label: CallVerdict;
  /** The reviewer's reason. */
  note?: string;
  /** Who labelled the call. */
  reviewer?: string;
}

/** One hit on a reviewed turn: the rule that made it, and the reviewer's mark, if any yet. */
export interface HitReview {
  rule: RuleTags;
  mark?: HitMark;
}

/** What a reviewer marked on one agent turn. */
export interface TurnReview {
  /** The transcript's id (a file without one: its path as the report shows it). */
  id: string;
  turn: number;
  /** The turn's text, as in the transcript. */
  text: string;
  /**
   * Every hit on the turn of a rule that judges the words of one turn (a `span` violation),
   * marked or not; a rule may appear more than once.
   */
  hits: readonly HitReview[];
  /** Marked as a missed violation (漏报): the category the reviewer chose. */
  missed?: string;
  /** The reviewer's category for the turn, over the one its confirmed hits' rules give. */
  category?: string;
  span?: string;
  note?: string;
  reviewer?: string;
}

/**
 * The reviewer's mark on each rule that hit the turn: `confirmed` when one of the rule's hits
 * is, `rejected` when every one is, and absent while some are not marked yet.
 */
function ruleMarks(hits: readonly HitReview[]): HitReview[] {
  const byRule = new Map<string, { rule: RuleTags; marks: Set<HitMark | undefined> }>();
  for (const hit of hits) {
    const seen = byRule.get(hit.rule.id) ?? { rule: hit.rule, marks: new Set() };
    seen.marks.add(hit.mark);
    byRule.set(hit.rule.id, seen);
  }
  return [...byRule.values()].map(({ rule, marks }) =>
    marks.has("confirmed") ? { rule, mark: "confirmed" } : marks.has(undefined) ? { rule } : { rule, mark: "rejected" },
  );
}

/**
 * The labels line of a reviewed agent turn, or `undefined` while the marks do not decide it
 * (nothing marked, or a hit not yet marked and none confirmed, no miss). A confirmed hit or
 * a marked miss makes the turn a `violation` — of the reviewer's category (`category`, or
 * the miss's), else that of the first confirmed hit's rule ({@link ruleCategory}); every hit
 * rejected makes it `clean`. `hits` lists the marked rules. Pure.
 */
export function reviewedTurnLine(review: TurnReview): ReviewedTurnLine | undefined {
  const rules = ruleMarks(review.hits);
  const marked = rules.filter((rule) => rule.mark !== undefined);
  const confirmed = marked.find((rule) => rule.mark === "confirmed");
  const violation = confirmed !== undefined || review.missed !== undefined;
  if (!violation && (marked.length === 0 || marked.length < rules.length)) return undefined;
  const category = violation ? (review.category ?? review.missed ?? ruleCategory(confirmed!.rule)) : undefined;
  return {
    id: review.id,
    turn: review.turn,
    label: violation ? "violation" : "clean",
    ...(category !== undefined && { category }),
    ...(violation && review.span !== undefined && { span: review.span }),
    ...(review.note !== undefined && { note: review.note }),
    text: review.text,
    ...(review.reviewer !== undefined && { reviewer: review.reviewer }),
    ...(marked.length > 0 && { hits: Object.fromEntries(marked.map((rule) => [rule.rule.id, rule.mark!])) }),
  };
}

/** A reviewer's mark on the hit of a whole-call rule (a missing phrase, a timing): a call label. */
export interface CallReview {
  id: string;
  rule: string;
  mark: HitMark;
  note?: string;
  reviewer?: string;
}

/**
 * The call label of a reviewed hit of a whole-call rule: `confirmed` — the call lacks what the
 * rule asks for (`missing`); `rejected` — it does not (`done`). Pure.
 */
export function reviewedCallLine(review: CallReview): CallLabelLine {
  return {
    id: review.id,
    rule: review.rule,
    label: review.mark === "confirmed" ? "missing" : "done",
    ...(review.note !== undefined && { note: review.note }),
    ...(review.reviewer !== undefined && { reviewer: review.reviewer }),
  };
}

/** Labels lines as the text of a labels file (JSON Lines, ending with a line break; empty for none). */
export function labelsJsonl(lines: readonly (TurnLabelLine | CallLabelLine)[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join("");
}
