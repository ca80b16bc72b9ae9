// The report page's script (bundled into the page by page.ts): reads the data the page embeds
// and shows it. The figures are computed in Node (data.ts); this only displays, filters, sorts
// and pages. Views are chosen by the location's hash: #summary, #rules, #agents, #calls, #call/N.
import { destroyCharts, setChartDefaults } from "./charts.js";
import { h } from "./dom.js";
import { shownReport, unpack, type Report } from "./report.js";
import { renderAgents } from "./views/agents.js";
import { renderCall } from "./views/call.js";
import { renderCalls } from "./views/calls.js";
import { renderRules } from "./views/rules.js";
import { renderSummary } from "./views/summary.js";

/** The tabs, each a view of the whole report. */
const VIEWS = {
  summary: { title: "概览", render: renderSummary },
  rules: { title: "规则", render: renderRules },
  agents: { title: "坐席", render: renderAgents },
  calls: { title: "通话", render: renderCalls },
} satisfies Record<string, { title: string; render: (report: Report, main: HTMLElement) => void }>;

type ViewName = keyof typeof VIEWS;

const isViewName = (name: string): name is ViewName => Object.hasOwn(VIEWS, name);

/** The page's frame (title, tabs, the view's place) in #app; shows the view the hash names as it changes. */
function show(report: Report): void {
  const main = h("main", { id: "view" });
  const nav = h(
    "nav",
    { className: "tabs" },
    Object.entries(VIEWS).map(([name, view]) => h("a", { href: `#${name}`, "data-view": name }, view.title)),
  );
  const generated = new Date(report.generatedAt);
  document
    .getElementById("app")!
    .replaceChildren(
      h(
        "header",
        { className: "top" },
        h(
          "div",
          { className: "brand" },
          h("strong", {}, "huashu 话术质检报告"),
          h(
            "span",
            { className: "muted" },
            `生成于 ${generated.toLocaleString("zh-CN", { hour12: false })} · ${report.summary.calls} 通`,
          ),
        ),
        nav,
      ),
      main,
    );

  const route = () => {
    const hash = location.hash.replace(/^#/, "");
    const call = /^call\/(\d+)$/.exec(hash);
    for (const link of nav.querySelectorAll("a"))
      link.classList.toggle("active", link.dataset.view === (call ? "calls" : hash || "summary"));
    destroyCharts();
    main.replaceChildren();
    if (call && report.calls[Number(call[1])]) renderCall(report, main, Number(call[1]));
    else VIEWS[isViewName(hash) ? hash : "summary"].render(report, main);
    window.scrollTo(0, 0);
  };
  window.addEventListener("hashchange", route);
  setChartDefaults();
  route();
}

async function start(): Promise<void> {
  performance.mark("huashu-script");
  show(shownReport(await unpack(document.getElementById("report-data")!.textContent!)));
  document.body.dataset.ready = "true";
  // For the benchmark: when the page became interactive.
  performance.mark("huashu-ready");
}

void start();
