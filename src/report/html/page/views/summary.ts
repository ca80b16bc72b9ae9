// 概览: the figures, the score histogram, the severities and the rules hit most.
import { chart, COLOURS } from "../charts.js";
import { clip, duration, fixed1, h, percent } from "../dom.js";
import type { Report } from "../report.js";
import { showCallsOf } from "../state.js";

/** Rules in the chart of the rules hit most. */
const TOP_RULES = 12;

function card(figure: string, label: string, value: string, note?: string): HTMLDivElement {
  return h(
    "div",
    { className: "card", "data-figure": figure },
    h("div", { className: "label" }, label),
    h("div", { className: "value" }, value),
    note && h("div", { className: "note" }, note),
  );
}

/** A panel holding one chart's canvas. */
function chartPanel(panel: string, title: string, box: string, canvas: HTMLCanvasElement): HTMLDivElement {
  return h("div", { className: panel }, h("h2", {}, title), h("div", { className: box }, canvas));
}

export function renderSummary(report: Report, main: HTMLElement): void {
  const { summary, rules } = report;
  const { severities, durations } = summary;
  const histogram = h("canvas", { id: "chart-histogram", "aria-label": "得分分布直方图" });
  const severity = h("canvas", { id: "chart-severity", "aria-label": "问题级别" });
  const topRules = h("canvas", { id: "chart-rules", "aria-label": "命中最多的规则" });
  main.append(
    h(
      "section",
      { className: "cards" },
      card("calls", "检查通话", String(summary.calls), `来自 ${summary.files} 个文件`),
      card(
        "pass-rate",
        "合格率",
        percent(summary.passRate),
        `合格 ${summary.passed} 通,不合格 ${summary.calls - summary.passed} 通`,
      ),
      card("mean-score", "平均得分", fixed1(summary.meanScore), `有问题的通话 ${summary.callsWithViolations} 通`),
      card(
        "violations",
        "问题总数",
        String(summary.violations),
        `错误 ${severities.error} · 警告 ${severities.warning} · 提示 ${severities.info}`,
      ),
      durations &&
        card(
          "durations",
          "通话时长",
          `${duration(durations.shortest)} – ${duration(durations.longest)}`,
          `${durations.calls} 通带时间,合计 ${duration(durations.total)}`,
        ),
    ),
    h(
      "section",
      { className: "grid" },
      chartPanel("panel wide", "得分分布", "chart", histogram),
      chartPanel("panel", "问题级别", "chart", severity),
      chartPanel("panel full", "命中最多的规则", "chart tall", topRules),
    ),
  );
  if (report.notices.length > 0) {
    main.append(
      h(
        "section",
        { className: "panel", id: "notices" },
        h("h2", {}, "未能检查的规则"),
        h(
          "table",
          { className: "table" },
          h(
            "thead",
            {},
            h("tr", {}, h("th", {}, "规则"), h("th", {}, "原因"), h("th", { className: "num" }, "通话数")),
          ),
          h(
            "tbody",
            {},
            report.notices.map((notice) =>
              h(
                "tr",
                {},
                h("td", { className: "mono" }, notice.ruleId),
                h("td", {}, notice.message),
                h("td", { className: "num" }, String(notice.calls)),
              ),
            ),
          ),
        ),
      ),
    );
  }
  chart("histogram", histogram, {
    type: "bar",
    data: {
      labels: summary.histogram.map((bin) => bin.label),
      datasets: [
        {
          label: "通话数",
          data: summary.histogram.map((bin) => bin.calls),
          backgroundColor: COLOURS.bar,
          borderRadius: 4,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: {
        x: { title: { display: true, text: "得分" } },
        y: { beginAtZero: true, title: { display: true, text: "通话数" } },
      },
    },
  });
  chart("severity", severity, {
    type: "doughnut",
    data: {
      labels: ["错误", "警告", "提示"],
      datasets: [
        {
          data: [severities.error, severities.warning, severities.info],
          backgroundColor: [COLOURS.error, COLOURS.warning, COLOURS.info],
        },
      ],
    },
    options: { maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } },
  });
  const top = rules.filter((rule) => rule.hits > 0).slice(0, TOP_RULES);
  chart("rules", topRules, {
    type: "bar",
    data: {
      labels: top.map((rule) => clip(rule.message, 24)),
      datasets: [
        {
          label: "命中次数",
          data: top.map((rule) => rule.hits),
          backgroundColor: top.map((rule) => COLOURS[rule.severity]),
          borderRadius: 4,
        },
      ],
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: { title: (items) => `${top[items[0]!.dataIndex]!.message}(${top[items[0]!.dataIndex]!.id})` },
        },
      },
      onClick: (_, elements) => elements[0] && showCallsOf({ rule: top[elements[0].index]!.id }),
    },
  });
}
