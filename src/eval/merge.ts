import type { Diagnostic } from "../errors.js";
import { DEFAULT_CATEGORY } from "../labels/categories.js";
import type { CallVerdict, HitMark, LabelVerdict } from "../labels/review-labels.js";
import type { CallLabel, Label } from "./labels.js";

/** What one reviewer said in a {@link Disagreement}. */
export interface ReviewerSays {
  /** The line's `reviewer`, or, for a line without one, its labels file. */
  reviewer: string;
  /** Where the label is. */
  file: string;
  line: number;
  /** The turn's label (and category), for a disagreement about a turn; `done` or `missing`, about a call. */
  label?: LabelVerdict | CallVerdict;
  category?: string;
  /** The mark on the rule's hit, for a disagreement about a hit. */
  mark?: HitMark;
  note?: string;
}

/**
 * Reviewers who labelled the same turn, hit or call differently. A turn they disagree on is
 * scored as `borderline` (flagging it or not is not wrong), a hit as borderline for its rule,
 * a call not at all: a disagreement is listed, not averaged away.
 */
export interface Disagreement {
  /** The name of the source the labels belong to. */
  source: string;
  /** The transcript's id. */
  id: string;
  /** The turn and its text, for a turn or a hit. */
  turn?: number;
  text?: string;
  /** `label`: the turn's label or category; `hit`: the mark on one rule's hit; `call`: a call label. */
  about: "label" | "hit" | "call";
  /** The rule, for a hit or a call. */
  ruleId?: string;
  /** What each reviewer said, in label order. */
  says: ReviewerSays[];
}

/** A turn's labels, merged: scored as one label. */
export interface MergedLabel extends Label {
  /** Rules whose hit on the turn the reviewers marked differently (left out of `marks`). */
  disputedHits?: ReadonlySet<string>;
}

/** One source's labels, one per turn and per call and rule. */
export interface MergedLabels {
  labels: MergedLabel[];
  callLabels: CallLabel[];
  /** In label order, without their source (the caller knows it). */
  disagreements: Array<Omit<Disagreement, "source">>;
  /** A turn or call the same reviewer labelled twice, in two files. */
  problems: Diagnostic[];
}

/** Who wrote a label: its `reviewer`, or its file. */
function reviewerOf(label: Label | CallLabel): string {
  return label.reviewer ?? label.source.file;
}

/**
 * The labels grouped by `key` in order of first appearance, each reviewer's first label only;
 * a reviewer's second label of a key (in another file: parseLabels reports those within one)
 * is a problem.
 */
function byReviewer<T extends Label | CallLabel>(
  labels: readonly T[],
  key: (label: T) => string,
  what: (label: T) => string,
  problems: Diagnostic[],
): T[][] {
  const groups = new Map<string, T[]>();
  for (const label of labels) {
    const group = groups.get(key(label)) ?? [];
    const earlier = group.find((other) => reviewerOf(other) === reviewerOf(label));
    if (earlier) {
      problems.push({
        file: label.source.file,
        line: label.source.line,
        message: `${what(label)}已由 ${reviewerOf(label)} 在 ${earlier.source.file} 第 ${earlier.source.line} 行标注过`,
      });
      continue;
    }
    group.push(label);
    groups.set(key(label), group);
  }
  return [...groups.values()];
}

function says(label: Label | CallLabel, said: Omit<ReviewerSays, "reviewer" | "file" | "line">): ReviewerSays {
  return {
    reviewer: reviewerOf(label),
    file: label.source.file,
    line: label.source.line,
    ...said,
    ...(label.note !== undefined && { note: label.note }),
  };
}

/** One turn's labels by several reviewers as one, and what they disagree on. */
function mergeTurn(group: readonly Label[], disagreements: MergedLabels["disagreements"]): MergedLabel {
  const [first] = group as [Label, ...Label[]];
  if (group.length === 1) return first;
  const where = { id: first.id, turn: first.turn, text: first.text };
  const verdicts = new Set(group.map((label) => label.label));
  const categories = new Set(group.flatMap((label) => label.category ?? []));
  if (verdicts.size > 1 || categories.size > 1)
    disagreements.push({
      ...where,
      about: "label",
      says: group.map((label) =>
        says(label, { label: label.label, ...(label.category !== undefined && { category: label.category }) }),
      ),
    });
  const marks = new Map<string, HitMark>();
  const disputed = new Set<string>();
  const ruleIds = new Set(group.flatMap((label) => [...(label.marks?.keys() ?? [])]));
  for (const ruleId of ruleIds) {
    const marking = group.filter((label) => label.marks?.has(ruleId));
    const kinds = new Set(marking.map((label) => label.marks!.get(ruleId)!));
    if (kinds.size === 1) marks.set(ruleId, [...kinds][0]!);
    else {
      disputed.add(ruleId);
      disagreements.push({
        ...where,
        about: "hit",
        ruleId,
        says: marking.map((label) => says(label, { mark: label.marks!.get(ruleId)! })),
      });
    }
  }
  const label = verdicts.size > 1 ? "borderline" : first.label;
  const category = label === "clean" ? undefined : ([...categories][0] ?? DEFAULT_CATEGORY);
  const { category: _category, marks: _marks, ...rest } = first;
  return {
    ...rest,
    label,
    ...(category !== undefined && { category }),
    reviewer: [...new Set(group.map(reviewerOf))].join(" + "),
    ...(marks.size > 0 && { marks }),
    ...(disputed.size > 0 && { disputedHits: disputed }),
  };
}

/**
 * Merges one source's labels by reviewer: a turn (or a call for a rule) labelled by several
 * reviewers — different `reviewer`s, or lines without one in different files — becomes one
 * label. Where they agree it is theirs; a turn whose label they disagree on becomes
 * `borderline`, a hit they mark differently is left out of the marks (listed in
 * `disputedHits`), and a call they label differently is left out; each disagreement is
 * listed with what every reviewer said. Pure.
 */
export function mergeLabels(labels: readonly Label[], callLabels: readonly CallLabel[]): MergedLabels {
  const problems: Diagnostic[] = [];
  const disagreements: MergedLabels["disagreements"] = [];
  const turnGroups = byReviewer(
    labels,
    (label) => `${label.id}\u0000${label.turn}`,
    (label) => `${label.id} 第 ${label.turn} 轮`,
    problems,
  );
  const merged = turnGroups.map((group) => mergeTurn(group, disagreements));
  const callGroups = byReviewer(
    callLabels,
    (label) => `${label.id}\u0000${label.rule}`,
    (label) => `${label.id} 的 ${label.rule} `,
    problems,
  );
  const mergedCalls: CallLabel[] = [];
  for (const group of callGroups) {
    const [first] = group as [CallLabel, ...CallLabel[]];
    if (group.every((label) => label.label === first.label)) mergedCalls.push(first);
    else
      disagreements.push({
        id: first.id,
        about: "call",
        ruleId: first.rule,
        says: group.map((label) => says(label, { label: label.label })),
      });
  }
  return { labels: merged, callLabels: mergedCalls, disagreements, problems };
}
