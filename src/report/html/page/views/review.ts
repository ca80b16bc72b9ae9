// The review's controls: the bar in the page's header (reviewer, totals, 导出标注), the
// buttons 确认 and 误报 on each hit of a call, the 漏报 choice and the note of each agent turn,
// the keys, and the review's column in the call list.
import { KNOWN_CATEGORIES } from "../../../../labels/categories.js";
import type { HitMark } from "../../../../labels/review-labels.js";
import { h } from "../dom.js";
import { numbered, type Report } from "../report.js";
import { judgedOnTurn, reviewable, type Review, type ReviewCounts } from "../review.js";

/** The labels format's categories in Chinese, for the 漏报 choice (a category of its own shows as it is). */
const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  address: "称呼",
  shirk: "推诿",
  impatient: "不耐烦",
  refusal: "拒绝",
  "dont-know": "不知道",
  rude: "粗鲁",
  other: "其他",
};

/** The keys of a call's review, as the page lists them. */
export const REVIEW_KEYS = "键盘: J 下一个问题 · K 上一个问题 · Y 确认 · N 误报(到头时转到列表中的下一通 / 上一通)";

const MARK_NAMES: Readonly<Record<HitMark, string>> = { confirmed: "确认", rejected: "误报" };

/** A call's review in a few words, for the call list and the call's head. */
export function countsText(counts: Omit<ReviewCounts, "hits">): string {
  return `确认 ${counts.confirmed} · 误报 ${counts.rejected} · 漏报 ${counts.added}`;
}

/** The review's cell of a call in the call list: whether the call is reviewed, and its counts. */
export function reviewCell(review: Review, call: number): HTMLTableCellElement {
  const counts = review.counts(call);
  const marked = counts.confirmed + counts.rejected;
  const state =
    marked === 0 && counts.added === 0 ? "" : marked === counts.hits ? "已复核" : `复核中 ${marked}/${counts.hits}`;
  return h(
    "td",
    { className: `review-cell${state === "已复核" ? " reviewed" : ""}`, "data-col": "review" },
    state && h("div", {}, state),
    state && h("div", { className: "muted small" }, countsText(counts)),
  );
}

/** The bar in the page's header: the reviewer's name, what the review has marked, and the export. */
export function reviewBar(review: Review): { bar: HTMLElement; refresh: () => void } {
  const totals = h("span", { id: "review-totals", className: "muted" });
  const refresh = () => {
    const counts = review.totals();
    totals.textContent = `复核 ${counts.calls} 通 · ${countsText(counts)}`;
  };
  const reviewer = h("input", {
    name: "reviewer",
    "aria-label": "复核人",
    placeholder: "复核人",
    value: review.reviewer,
  });
  reviewer.addEventListener("change", () => {
    review.reviewer = reviewer.value;
  });
  const exportButton = h("button", { type: "button", id: "export-labels" }, "导出标注");
  exportButton.addEventListener("click", () => download("labels.jsonl", review.labels()));
  refresh();
  return { bar: h("div", { className: "review-bar" }, totals, reviewer, exportButton), refresh };
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/jsonl" }));
  h("a", { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The review of the call shown: builds its controls, keeps them and the counts in step with
 * the marks, and answers the keys. One at a time: showing another view ends it.
 */
export class CallReview {
  /** The reviewable hits, in the order the keys go through them. */
  private readonly hits: number[];
  /** Position in {@link hits} of the hit the keys act on. */
  private current = -1;
  private readonly counts = h("span", { className: "review-counts", "data-figure": "review" });

  constructor(
    private readonly report: Report,
    private readonly review: Review,
    private readonly index: number,
    /** After each change of a mark: the header's totals. */
    private readonly changed: () => void,
    /** Shows another call of the list, the first (`1`) or last (`-1`) of its hits current. */
    private readonly showCall: (index: number, from: 1 | -1) => void,
  ) {
    const call = report.calls[index]!;
    this.hits = numbered(call)
      .filter(({ v }) => reviewable(call, v))
      .map(({ number }) => number);
    this.refreshCounts();
  }

  /** The call's review in its head: counts and keys. */
  summary(): HTMLElement {
    return h(
      "div",
      { className: "review-summary" },
      "复核: ",
      this.counts,
      h("div", { className: "muted small" }, REVIEW_KEYS),
    );
  }

  /** The buttons 确认 and 误报 of a hit (and its note, for a hit judged per call); nothing for a hit the review cannot mark. */
  hitControls(number: number): HTMLElement | undefined {
    if (!this.hits.includes(number)) return undefined;
    const v = this.report.calls[this.index]!.violations[number]!;
    const button = (mark: HitMark) => {
      const element = h("button", { type: "button", className: `review-${mark}`, "data-mark": mark }, MARK_NAMES[mark]);
      element.addEventListener("click", () => {
        this.current = this.hits.indexOf(number);
        this.mark(number, this.review.hit(this.index, number) === mark ? undefined : mark);
      });
      return element;
    };
    const controls = h(
      "div",
      { className: "review", "data-v": number },
      button("confirmed"),
      button("rejected"),
      !judgedOnTurn(v) && this.noteInput(`v${number}`),
    );
    this.showMark(controls, this.review.hit(this.index, number));
    return controls;
  }

  /** The 漏报 choice and the note of an agent turn. */
  turnControls(turn: number): HTMLElement {
    const missed = this.review.missed(this.index, turn);
    const choice = h(
      "select",
      { name: "missed", "aria-label": "漏报" },
      h("option", { value: "" }, "漏报…"),
      [...KNOWN_CATEGORIES, ...(missed !== undefined && !KNOWN_CATEGORIES.includes(missed) ? [missed] : [])].map(
        (category) =>
          h(
            "option",
            { value: category, selected: category === missed },
            `漏报: ${CATEGORY_NAMES[category] ?? category}`,
          ),
      ),
    );
    const controls = h(
      "div",
      { className: "review-turn", "data-turn-review": turn },
      choice,
      this.noteInput(`t${turn}`),
    );
    choice.addEventListener("change", () => {
      this.review.markMissed(this.index, turn, choice.value || undefined);
      this.showTurn(controls, turn);
      this.afterChange();
    });
    this.showTurn(controls, turn);
    return controls;
  }

  /** Answers a key of the review; whether it was one. */
  key(key: string): boolean {
    switch (key.toLowerCase()) {
      case "j":
        this.move(1);
        return true;
      case "k":
        this.move(-1);
        return true;
      case "y":
        this.markCurrent("confirmed");
        return true;
      case "n":
        this.markCurrent("rejected");
        return true;
      default:
        return false;
    }
  }

  /** Makes the first (`1`) or last (`-1`) hit current, as the keys arrive from another call. */
  enter(from: 1 | -1): void {
    if (this.hits.length > 0) this.focus(from === 1 ? 0 : this.hits.length - 1);
  }

  private noteInput(item: string): HTMLInputElement {
    const input = h("input", {
      className: "review-note",
      name: "note",
      "aria-label": "备注",
      placeholder: "备注",
      value: this.review.note(this.index, item),
    });
    input.addEventListener("change", () => this.review.setNote(this.index, item, input.value));
    return input;
  }

  private markCurrent(mark: HitMark): void {
    if (this.current < 0) return this.move(1);
    this.mark(this.hits[this.current]!, mark);
    this.move(1);
  }

  private mark(number: number, mark: HitMark | undefined): void {
    this.review.markHit(this.index, number, mark);
    const controls = document.querySelector<HTMLElement>(`.review[data-v="${number}"]`);
    if (controls) this.showMark(controls, mark);
    const v = this.report.calls[this.index]!.violations[number]!;
    if (judgedOnTurn(v)) {
      const turn = document.querySelector<HTMLElement>(`[data-turn-review="${v.turn}"]`);
      if (turn) this.showTurn(turn, v.turn);
    }
    this.afterChange();
  }

  /** Goes to the next (`1`) or previous (`-1`) hit; past the call's ends, to the next call of the list with hits. */
  private move(step: 1 | -1): void {
    const next = this.current < 0 && step === 1 ? 0 : this.current + step;
    if (next >= 0 && next < this.hits.length) return this.focus(next);
    this.showCall(this.index, step);
  }

  private focus(position: number): void {
    document.querySelector(".review-current")?.classList.remove("review-current");
    this.current = position;
    const controls = document.querySelector<HTMLElement>(`.review[data-v="${this.hits[position]}"]`);
    const box = controls?.parentElement;
    if (!box) return;
    box.classList.add("review-current");
    box.scrollIntoView({ block: "center" });
  }

  /** Shows a hit's mark on its buttons (the box around them follows, in the styles). */
  private showMark(controls: HTMLElement, mark: HitMark | undefined): void {
    for (const button of controls.querySelectorAll<HTMLButtonElement>("button[data-mark]"))
      button.setAttribute("aria-pressed", String(button.dataset.mark === mark));
    controls.classList.toggle("confirmed", mark === "confirmed");
    controls.classList.toggle("rejected", mark === "rejected");
  }

  private showTurn(controls: HTMLElement, turn: number): void {
    controls.classList.toggle("marked", this.review.turnMarked(this.index, turn));
    controls.classList.toggle("missed", this.review.missed(this.index, turn) !== undefined);
  }

  private afterChange(): void {
    this.refreshCounts();
    this.changed();
  }

  private refreshCounts(): void {
    this.counts.textContent = countsText(this.review.counts(this.index));
  }
}
