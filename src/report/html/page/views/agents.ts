// 坐席: each agent's calls, pass rate, mean score and the rules they broke most.
import { chart, COLOURS } from "../charts.js";
import { fixed1, h, percent } from "../dom.js";
import { ruleMessage, type Report } from "../report.js";
import { callsLink } from "../state.js";

export function renderAgents(report: Report, main: HTMLElement): void {
  const { agents } = report;
  if (agents.length === 0) {
    main.append(
      h(
        "section",
        { className: "panel" },
        h("h2", {}, "坐席"),
        h(
          "p",
          { className: "muted", id: "no-agents" },
          "这些通话记录没有坐席工号(agentId)。带工号的格式见 README“输入格式”。",
        ),
      ),
    );
    return;
  }
  const canvas = h("canvas", { id: "chart-agents", "aria-label": "各坐席平均得分" });
  main.append(
    h(
      "section",
      { className: "panel" },
      h("h2", {}, `坐席(${agents.length} 位)`),
      h("div", { className: "chart" }, canvas),
      h(
        "table",
        { className: "table", id: "agent-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["坐席", "通话", "合格率", "平均得分", "主要问题"].map((title) => h("th", {}, title)),
          ),
        ),
        h(
          "tbody",
          {},
          agents.map((agent) =>
            h(
              "tr",
              { "data-agent": agent.agent },
              h("td", {}, callsLink(agent.agent, { agent: agent.agent })),
              h("td", { className: "num", "data-col": "calls" }, String(agent.calls)),
              h("td", { className: "num", "data-col": "pass-rate" }, percent(agent.passRate)),
              h("td", { className: "num", "data-col": "mean-score" }, fixed1(agent.meanScore)),
              h(
                "td",
                {},
                agent.topRules.length === 0
                  ? "—"
                  : agent.topRules.map((top) =>
                      h("div", { className: "top-rule" }, `${ruleMessage(report, top.rule)} × ${top.hits}`),
                    ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  chart("agents", canvas, {
    type: "bar",
    data: {
      labels: agents.map((agent) => agent.agent),
      datasets: [
        {
          label: "平均得分",
          data: agents.map((agent) => agent.meanScore),
          backgroundColor: COLOURS.bar,
          borderRadius: 4,
          yAxisID: "y",
        },
        {
          label: "合格率(%)",
          data: agents.map((agent) => agent.passRate * 100),
          backgroundColor: COLOURS.pass,
          borderRadius: 4,
          yAxisID: "y",
        },
      ],
    },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  });
}
