// The review (复核): a reviewer's marks on the report's hits — confirmed (确认) or a false
// positive (误报) — and the agent turns they mark as missed (漏报), with notes. Kept in the
// browser's localStorage under the report's own id, so that a review goes on after the page
// is closed; exported as labels that `huashu eval --labels` reads.
import {
  labelsJsonl,
  reviewedCallLine,
  reviewedTurnLine,
  type CallLabelLine,
  type HitMark,
  type TurnLabelLine,
} from "../../../labels/review-labels.js";
import { callName, numbered, type Report, type ShownCall, type ShownViolation } from "./report.js";

/** What is kept of one call's review. */
interface CallMarks {
  /** By violation number. */
  hits: Record<number, HitMark>;
  /** Category of each agent turn marked as missed, by turn index. */
  misses: Record<number, string>;
  /** Notes: `t<turn>` of a turn, `v<number>` of a hit judged per call. */
  notes: Record<string, string>;
}

/** What is kept of a review, as localStorage holds it. */
interface SavedReview {
  reviewer?: string;
  /** By call index. */
  calls: Record<number, CallMarks>;
}

/** A call's marks counted: the hits the review can mark, and what it made of them. */
export interface ReviewCounts {
  /** Hits the review can mark. */
  hits: number;
  confirmed: number;
  rejected: number;
  /** Agent turns marked as missed. */
  added: number;
}

/** Where a review is kept: one entry per report. */
const STORAGE_PREFIX = "huashu-review:";

/**
 * Whether the review judges a violation on its turn (a turn label's `hits`) or on the whole
 * call (a call label): matches and marked turns are judged where they were said; a missing
 * phrase or a timing is about the call.
 */
export function judgedOnTurn(v: ShownViolation): boolean {
  return v.kind === "span" || v.kind === "turns";
}

/**
 * Whether a reviewer can mark a violation: one in an agent's turn, or about the whole call.
 * Labels are about agent turns; a note on the file (a suppression comment) is about neither.
 */
export function reviewable(call: ShownCall, v: ShownViolation): boolean {
  if (v.kind === "file" || !call.turns) return false;
  return !judgedOnTurn(v) || call.turns[v.turn]?.speaker === "agent";
}

export class Review {
  private readonly saved: SavedReview;
  private readonly key: string;

  constructor(
    private readonly report: Report,
    private readonly storage: Storage | undefined,
  ) {
    this.key = `${STORAGE_PREFIX}${report.id}`;
    this.saved = load(storage, this.key);
  }

  get reviewer(): string {
    return this.saved.reviewer ?? "";
  }

  set reviewer(name: string) {
    this.saved.reviewer = name.trim() || undefined;
    this.save();
  }

  hit(call: number, number: number): HitMark | undefined {
    return this.saved.calls[call]?.hits[number];
  }

  /** Marks a hit, or clears its mark. */
  markHit(call: number, number: number, mark: HitMark | undefined): void {
    this.put(call, "hits", number, mark);
  }

  missed(call: number, turn: number): string | undefined {
    return this.saved.calls[call]?.misses[turn];
  }

  /** Marks an agent turn as missed with a category, or clears it. */
  markMissed(call: number, turn: number, category: string | undefined): void {
    this.put(call, "misses", turn, category);
  }

  note(call: number, item: string): string {
    return this.saved.calls[call]?.notes[item] ?? "";
  }

  /** Sets the note of a turn (`t<turn>`) or of a hit judged per call (`v<number>`); an empty one clears it. */
  setNote(call: number, item: string, text: string): void {
    this.put(call, "notes", item, text.trim() || undefined);
  }

  /** Whether a turn has a mark: a hit on it marked, or the turn marked as missed. */
  turnMarked(call: number, turn: number): boolean {
    const marks = this.saved.calls[call];
    if (!marks) return false;
    if (marks.misses[turn] !== undefined) return true;
    const violations = this.report.calls[call]!.violations;
    return Object.keys(marks.hits).some((number) => {
      const v = violations[Number(number)]!;
      return judgedOnTurn(v) && v.turn === turn;
    });
  }

  counts(call: number): ReviewCounts {
    const shown = this.report.calls[call]!;
    const marks = this.saved.calls[call];
    const counts = { hits: 0, confirmed: 0, rejected: 0, added: 0 };
    shown.violations.forEach((v, number) => {
      if (!reviewable(shown, v)) return;
      counts.hits++;
      const mark = marks?.hits[number];
      if (mark === "confirmed") counts.confirmed++;
      else if (mark === "rejected") counts.rejected++;
    });
    counts.added = marks ? Object.keys(marks.misses).length : 0;
    return counts;
  }

  /** The counts over every call the review has marked. */
  totals(): Omit<ReviewCounts, "hits"> & { calls: number } {
    const totals = { calls: 0, confirmed: 0, rejected: 0, added: 0 };
    for (const call of Object.keys(this.saved.calls)) {
      const counts = this.counts(Number(call));
      if (counts.confirmed + counts.rejected + counts.added === 0) continue;
      totals.calls++;
      totals.confirmed += counts.confirmed;
      totals.rejected += counts.rejected;
      totals.added += counts.added;
    }
    return totals;
  }

  /** The review as labels lines, in call and turn order: one per decided agent turn, one per marked hit judged per call. */
  lines(): (TurnLabelLine | CallLabelLine)[] {
    const lines: (TurnLabelLine | CallLabelLine)[] = [];
    const reviewer = this.saved.reviewer;
    const calls = Object.keys(this.saved.calls)
      .map(Number)
      .sort((a, b) => a - b);
    for (const index of calls) {
      const call = this.report.calls[index]!;
      const marks = this.saved.calls[index]!;
      const id = callName(call);
      const turns = new Set(Object.keys(marks.misses).map(Number));
      for (const number of Object.keys(marks.hits).map(Number)) {
        const v = call.violations[number]!;
        if (judgedOnTurn(v)) turns.add(v.turn);
      }
      for (const turn of [...turns].sort((a, b) => a - b)) {
        const hits = numbered(call).filter(({ v }) => judgedOnTurn(v) && v.turn === turn);
        const confirmed = hits.find(({ number }) => marks.hits[number] === "confirmed")?.v;
        const note = marks.notes[`t${turn}`];
        const line = reviewedTurnLine({
          id,
          turn,
          text: call.turns![turn]!.text,
          hits: hits.map(({ v, number }) => ({ rule: this.ruleTags(v.rule), mark: marks.hits[number] })),
          ...(marks.misses[turn] !== undefined && { missed: marks.misses[turn] }),
          ...(confirmed?.kind === "span" && { span: confirmed.text }),
          ...(note !== undefined && { note }),
          ...(reviewer !== undefined && { reviewer }),
        });
        if (line) lines.push(line);
      }
      for (const number of Object.keys(marks.hits).map(Number)) {
        const v = call.violations[number]!;
        if (judgedOnTurn(v)) continue;
        lines.push(
          reviewedCallLine({
            id,
            rule: v.rule,
            mark: marks.hits[number]!,
            ...(marks.notes[`v${number}`] !== undefined && { note: marks.notes[`v${number}`] }),
            ...(reviewer !== undefined && { reviewer }),
          }),
        );
      }
    }
    return lines;
  }

  /** The labels file of the review (`labels.jsonl`). */
  labels(): string {
    return labelsJsonl(this.lines());
  }

  private ruleTags(id: string): { id: string; tags?: string[] } {
    const tags = this.report.ruleById.get(id)?.tags;
    return tags ? { id, tags } : { id };
  }

  /** Sets one entry of a call's marks, or removes it (`undefined`), and keeps the review. */
  private put<Kind extends keyof CallMarks>(
    call: number,
    kind: Kind,
    key: keyof CallMarks[Kind],
    value: CallMarks[Kind][keyof CallMarks[Kind]] | undefined,
  ): void {
    const entries = (this.saved.calls[call] ??= { hits: {}, misses: {}, notes: {} })[kind];
    if (value === undefined) delete entries[key];
    else entries[key] = value;
    this.save();
  }

  private save(): void {
    this.storage?.setItem(this.key, JSON.stringify(this.saved));
  }
}

/** The review kept for a report, or a new one; what cannot be read starts afresh. */
function load(storage: Storage | undefined, key: string): SavedReview {
  try {
    const saved = JSON.parse(storage?.getItem(key) ?? "null") as SavedReview | null;
    if (saved && typeof saved.calls === "object") return saved;
  } catch {
    // A review that cannot be read (another page's entry, edited by hand) starts afresh.
  }
  return { calls: {} };
}
