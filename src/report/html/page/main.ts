// The report page's script (bundled into the page by page.ts): reads the data the page embeds
// and shows it. The figures are computed in Node (data.ts); this only displays, filters, sorts
// and pages, and keeps a reviewer's marks (review.ts). Views are chosen by the location's hash:
// #summary, #rules, #agents, #calls, #call/N.
import { destroyCharts, setChartDefaults } from "./charts.js";
import { h } from "./dom.js";
import { shownReport, unpack, type Report } from "./report.js";
import { Review } from "./review.js";
import { renderAgents } from "./views/agents.js";
import { renderCall } from "./views/call.js";
import { filteredCalls, renderCalls } from "./views/calls.js";
import { CallReview, reviewBar } from "./views/review.js";
import { renderRules } from "./views/rules.js";
import { renderSummary } from "./views/summary.js";

/** The tabs, each a view of the whole report. */
const VIEWS = {
  summary: { title: "概览", render: renderSummary },
  rules: { title: "规则", render: renderRules },
  agents: { title: "坐席", render: renderAgents },
  calls: { title: "通话", render: renderCalls },
} satisfies Record<string, { title: string; render: (report: Report, main: HTMLElement, review: Review) => void }>;

type ViewName = keyof typeof VIEWS;

const isViewName = (name: string): name is ViewName => Object.hasOwn(VIEWS, name);

/** The page's frame (title, tabs, the view's place) in #app; shows the view the hash names as it changes. */
function show(report: Report, review: Review): void {
  const main = h("main", { id: "view" });
  const { bar, refresh } = reviewBar(review);
  const nav = h(
    "nav",
    { className: "tabs" },
    Object.entries(VIEWS).map(([name, view]) => h("a", { href: `#${name}`, "data-view": name }, view.title)),
  );
  const generated = new Date(report.generatedAt);
  document.getElementById("app")!.replaceChildren(
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
      // Saved results hold no conversation: nothing to review, nothing to export.
      report.calls.some((call) => call.turns !== undefined) && bar,
      nav,
    ),
    main,
  );

  /** The review of the call shown, which the keys act on. */
  let callReview: CallReview | undefined;
  /** Which hit to make current when a key moved to the call shown: its first (1) or last (-1). */
  let entering: 1 | -1 | undefined;
  /** Shows the call after or before `index` in the list's order, as the keys go past a call's ends. */
  const showCall = (index: number, step: 1 | -1) => {
    const order = filteredCalls(report);
    const next = order[order.indexOf(index) + step];
    if (next === undefined) return;
    entering = step;
    location.hash = `#call/${next}`;
  };

  const route = () => {
    const hash = location.hash.replace(/^#/, "");
    const call = /^call\/(\d+)$/.exec(hash);
    for (const link of nav.querySelectorAll("a"))
      link.classList.toggle("active", link.dataset.view === (call ? "calls" : hash || "summary"));
    destroyCharts();
    main.replaceChildren();
    callReview = undefined;
    const index = Number(call?.[1]);
    if (call && report.calls[index]) {
      if (report.calls[index].turns) callReview = new CallReview(report, review, index, refresh, showCall);
      renderCall(report, main, index, callReview);
    } else VIEWS[isViewName(hash) ? hash : "summary"].render(report, main, review);
    window.scrollTo(0, 0);
    if (entering !== undefined) callReview?.enter(entering);
    entering = undefined;
  };
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (callReview?.key(event.key)) event.preventDefault();
  });
  setChartDefaults();
  route();
}

/** The browser's localStorage, when the page may use it (a browser may refuse it to a file). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

async function start(): Promise<void> {
  performance.mark("huashu-script");
  const report = shownReport(await unpack(document.getElementById("report-data")!.textContent!));
  show(report, new Review(report, browserStorage()));
  document.body.dataset.ready = "true";
  // For the benchmark: when the page became interactive.
  performance.mark("huashu-ready");
}

void start();
