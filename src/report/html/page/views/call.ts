// One call: its figures, its problems, the timeline and the conversation with each violation
// in place (highlighted, marked missing before its window, or noted under its turns).
import { chart, COLOURS } from "../charts.js";
import { h, resultTag, seconds, severityTag, SPEAKER } from "../dom.js";
import { callName, numbered, withDetail, type Numbered, type Report, type ShownCall } from "../report.js";
import type { CallReview } from "./review.js";

/** A bar of the timeline: a turn (`turn`) or a timing violation (`message`), in seconds. */
interface TimelineBar {
  x: [number, number];
  y: string;
  turn?: number;
  message?: string;
}

/** One call; with its review's controls when the report has the conversation to review. */
export function renderCall(report: Report, main: HTMLElement, index: number, review?: CallReview): void {
  const call = report.calls[index]!;
  const back = h("a", { href: "#calls", className: "back" }, "← 返回通话列表");
  const head = h(
    "section",
    { className: "panel call-head" },
    back,
    h(
      "div",
      { className: "call-title" },
      h("h2", { className: "mono" }, callName(call)),
      resultTag(call.passed),
      h("span", { className: "score-big", "data-figure": "score" }, `${call.score} 分`),
    ),
    h(
      "div",
      { className: "muted" },
      `文件 ${call.file}`,
      call.agent !== undefined ? ` · 坐席 ${call.agent}` : "",
      ` · 问题 ${call.violations.length} 个(错误 ${call.counts[0]} · 警告 ${call.counts[1]} · 提示 ${call.counts[2]})`,
    ),
    review?.summary(),
    call.notices.length > 0 &&
      h(
        "ul",
        { className: "notices" },
        call.notices.map((notice) =>
          h("li", {}, `未检查 ${report.notices[notice]!.ruleId}: ${report.notices[notice]!.message}`),
        ),
      ),
  );
  const problems = h(
    "section",
    { className: "panel" },
    h("h3", {}, "问题"),
    call.violations.length === 0
      ? h("p", { className: "muted" }, "未发现问题。")
      : h(
          "ol",
          { className: "violation-list" },
          call.violations.map((v, number) =>
            h(
              "li",
              { className: `sev-${v.severity}` },
              h(
                "a",
                {
                  href: `#v-${number}`,
                  onclick: (event) => {
                    event.preventDefault();
                    focusViolation(number);
                  },
                },
                severityTag(v.severity),
                " ",
                withDetail(v),
              ),
              h("span", { className: "muted mono" }, ` ${v.rule}`),
              v.suggestion && h("div", { className: "suggestion" }, "规范用语: ", v.suggestion),
            ),
          ),
        ),
  );
  main.append(head, problems);
  if (call.turns) {
    const canvas = call.turns.some((turn) => turn.start !== undefined)
      ? h("canvas", { id: "chart-timeline", "aria-label": "时间轴" })
      : undefined;
    if (canvas) main.append(timeline(canvas));
    main.append(h("section", { className: "panel" }, h("h3", {}, "对话"), conversation(call, review)));
    // Drawn once the page has its full height, as the chart sizes itself to its box.
    if (canvas) drawTimeline(call, canvas);
  } else {
    main.append(
      h(
        "section",
        { className: "panel" },
        h("h3", {}, "对话"),
        h(
          "p",
          { className: "muted", id: "no-turns" },
          "这些结果没有保存对话原文,只能列出问题。用 huashu lint --format html 生成的报告带有完整对话。",
        ),
        h(
          "ul",
          { className: "plain-violations" },
          call.violations.map((v) =>
            h("li", {}, severityTag(v.severity), " ", withDetail(v), h("blockquote", {}, v.text)),
          ),
        ),
      ),
    );
  }
}

function focusViolation(number: number): void {
  const target = document.getElementById(`v-${number}`);
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.classList.add("flash");
  setTimeout(() => target.classList.remove("flash"), 1200);
}

/** Annotation under a turn: what is wrong and the standard wording, and the review's buttons. */
function note({ v, number }: Numbered, review: CallReview | undefined): HTMLDivElement {
  return h(
    "div",
    {
      className: `note-box sev-${v.severity} kind-${v.kind}`,
      id: v.kind === "span" ? null : `v-${number}`,
      "data-rule": v.rule,
    },
    h(
      "div",
      {},
      severityTag(v.severity),
      " ",
      h("strong", {}, withDetail(v)),
      h("span", { className: "muted mono" }, ` ${v.rule}`),
    ),
    v.suggestion &&
      h("div", { className: "suggestion" }, "规范用语: ", h("span", { className: "standard" }, v.suggestion)),
    review?.hitControls(number),
  );
}

/** Where an expected phrase was not said: placed before the first turn of its window. */
function missingNote({ v, number }: Numbered, review: CallReview | undefined): HTMLDivElement {
  return h(
    "div",
    { className: `missing sev-${v.severity}`, id: `v-${number}`, "data-rule": v.rule },
    h(
      "div",
      {},
      h("span", { className: "tag missing-tag" }, "缺少"),
      " ",
      h("strong", {}, withDetail(v)),
      h("span", { className: "muted mono" }, ` ${v.rule}`),
    ),
    h(
      "div",
      { className: "muted small" },
      v.endTurn > v.turn ? `在第 ${v.turn + 1}–${v.endTurn + 1} 轮中应当出现` : `在第 ${v.turn + 1} 轮应当出现`,
    ),
    v.suggestion && h("div", { className: "suggestion" }, "应说: ", h("span", { className: "standard" }, v.suggestion)),
    review?.hitControls(number),
  );
}

/** A turn's text with its matched spans highlighted; overlapping matches keep the first. */
function highlighted(text: string, spans: readonly Numbered[]): (string | HTMLElement)[] {
  const parts: (string | HTMLElement)[] = [];
  let at = 0;
  for (const { v, number } of spans) {
    if (v.from! < at) continue;
    parts.push(text.slice(at, v.from));
    parts.push(
      h(
        "mark",
        { className: `hl sev-${v.severity}`, id: `v-${number}`, "data-rule": v.rule, title: withDetail(v) },
        text.slice(v.from, v.to),
      ),
    );
    at = v.to!;
  }
  parts.push(text.slice(at));
  return parts;
}

function conversation(call: ShownCall, review: CallReview | undefined): HTMLDivElement {
  const all = numbered(call);
  const list = h(
    "div",
    { className: "conversation" },
    all.filter(({ v }) => v.kind === "file").map((file) => note(file, review)),
  );
  call.turns!.forEach((turn, index) => {
    for (const missing of all.filter(({ v }) => v.kind === "missing" && v.turn === index))
      list.append(missingNote(missing, review));
    const here = all.filter(({ v }) => v.turn <= index && index <= v.endTurn);
    const spans = here.filter(({ v }) => v.kind === "span" && v.turn === index).sort((a, b) => a.v.from! - b.v.from!);
    const marked = here.filter(({ v }) => v.kind === "timing" || v.kind === "turns");
    const inWindow = here.some(({ v }) => v.kind === "missing");
    const time =
      turn.start !== undefined
        ? `${seconds(turn.start)}${turn.end !== undefined ? ` – ${seconds(turn.end)}` : ""}`
        : "";
    list.append(
      h(
        "div",
        {
          className: `turn ${turn.speaker}${marked.length > 0 ? " marked" : ""}${inWindow ? " window" : ""}`,
          "data-turn": index,
        },
        h(
          "div",
          { className: "who" },
          `${SPEAKER[turn.speaker]} · 第 ${index + 1} 轮`,
          time && h("span", { className: "time" }, time),
        ),
        h("div", { className: "bubble" }, highlighted(turn.text, spans)),
        // A note goes under the last turn it concerns.
        [...spans, ...marked.filter(({ v }) => v.endTurn === index)].map((shown) => note(shown, review)),
        turn.speaker === "agent" && review?.turnControls(index),
      ),
    );
  });
  return list;
}

function timeline(canvas: HTMLCanvasElement): HTMLElement {
  return h(
    "section",
    { className: "panel" },
    h("h3", {}, "时间轴"),
    h("p", { className: "muted small" }, "坐席与客户的发言,以及静音、抢话、语速等时间类规则发现的问题(秒)。"),
    h("div", { className: "chart timeline" }, canvas),
  );
}

function drawTimeline(call: ShownCall, canvas: HTMLCanvasElement): void {
  const bars = (speaker: "agent" | "customer"): TimelineBar[] =>
    call.turns!.flatMap((turn, index) =>
      turn.speaker === speaker && turn.start !== undefined
        ? [{ x: [turn.start / 1000, (turn.end ?? turn.start + 500) / 1000], y: SPEAKER[speaker], turn: index }]
        : [],
    );
  const timed = call.violations.filter((v) => v.kind === "timing" && v.start !== undefined);
  chart<"bar", TimelineBar[]>("timeline", canvas, {
    type: "bar",
    data: {
      labels: ["坐席", "客户", "问题"],
      datasets: [
        {
          label: "坐席发言",
          data: bars("agent"),
          backgroundColor: COLOURS.agent,
          borderSkipped: false,
          borderRadius: 3,
        },
        {
          label: "客户发言",
          data: bars("customer"),
          backgroundColor: COLOURS.customer,
          borderSkipped: false,
          borderRadius: 3,
        },
        {
          label: "时间类问题",
          data: timed.map((v) => ({
            x: [v.start! / 1000, (v.end ?? v.start!) / 1000],
            y: "问题",
            message: withDetail(v),
          })),
          backgroundColor: timed.map((v) => COLOURS[v.severity]),
          borderSkipped: false,
          borderRadius: 3,
        },
      ],
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      // Each speaker's bars on one line, not side by side.
      datasets: { bar: { grouped: false } },
      scales: {
        x: { type: "linear", beginAtZero: true, title: { display: true, text: "秒" } },
        y: { stacked: true },
      },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: (item) => {
              const raw = item.raw as TimelineBar;
              const range = `${raw.x[0].toFixed(1)}–${raw.x[1].toFixed(1)} 秒`;
              return raw.message ? `${raw.message} ${range}` : `第 ${raw.turn! + 1} 轮 ${range}`;
            },
          },
        },
      },
    },
  });
}
