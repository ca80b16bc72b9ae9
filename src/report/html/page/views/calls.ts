// 通话: the list of calls, filtered (rule, result, agent, search), sorted and paged.
import { h, resultTag } from "../dom.js";
import { callName, ruleMessage, type Report } from "../report.js";
import type { Review } from "../review.js";
import { listState, type SelectFilter, type SortKey } from "../state.js";
import { reviewCell } from "./review.js";

/** Calls per page of the list. */
const PAGE_SIZE = 50;

/** Orders of call indexes, by column; ties keep the report's order. */
function sorts(report: Report): Record<SortKey, (a: number, b: number) => number> {
  const calls = report.calls;
  return {
    index: (a, b) => a - b,
    name: (a, b) => callName(calls[a]!).localeCompare(callName(calls[b]!), "zh") || a - b,
    agent: (a, b) => (calls[a]!.agent ?? "").localeCompare(calls[b]!.agent ?? "", "zh") || a - b,
    score: (a, b) => calls[a]!.score - calls[b]!.score || a - b,
    passed: (a, b) => Number(calls[a]!.passed) - Number(calls[b]!.passed) || a - b,
    violations: (a, b) => calls[a]!.violations.length - calls[b]!.violations.length || a - b,
  };
}

/** The indexes of the calls the filters let through, in the list's order. */
export function filteredCalls(report: Report): number[] {
  const state = listState;
  const query = state.query.trim().toLowerCase();
  const chosen: number[] = [];
  report.calls.forEach((call, index) => {
    if (state.rule && !call.rules.includes(state.rule)) return;
    if (state.result && String(call.passed) !== state.result) return;
    if (state.agent && call.agent !== state.agent) return;
    if (query && !`${call.id ?? ""} ${call.file}`.toLowerCase().includes(query)) return;
    chosen.push(index);
  });
  chosen.sort(sorts(report)[state.sort]);
  if (state.descending) chosen.reverse();
  return chosen;
}

export function renderCalls(report: Report, main: HTMLElement, review: Review): void {
  const list = h("div", { id: "call-list" });
  const refresh = () => {
    listState.page = 0;
    renderList(report, list, review);
  };
  const select = (name: SelectFilter, label: string, options: [value: string, text: string][]) => {
    const element = h(
      "select",
      { name },
      options.map(([value, text]) => h("option", { value, selected: listState[name] === value }, text)),
    );
    element.addEventListener("change", () => {
      listState[name] = element.value;
      refresh();
    });
    return h("label", {}, label, element);
  };
  const search = h("input", { type: "search", name: "query", placeholder: "通话 id 或文件", value: listState.query });
  search.addEventListener("input", () => {
    listState.query = search.value;
    refresh();
  });
  const agentNames = report.agents.map((agent) => agent.agent);
  const filters = h(
    "div",
    { className: "filters" },
    select("rule", "规则", [
      ["", "全部规则"],
      ...report.rules
        .filter((rule) => rule.hits > 0)
        .map((rule): [string, string] => [rule.id, `${rule.message}(${rule.id})`]),
    ]),
    select("result", "结果", [
      ["", "全部"],
      ["true", "合格"],
      ["false", "不合格"],
    ]),
    agentNames.length > 0 &&
      select("agent", "坐席", [["", "全部坐席"], ...agentNames.map((name): [string, string] => [name, name])]),
    h("label", {}, "搜索", search),
  );
  main.append(h("section", { className: "panel" }, h("h2", {}, "通话"), filters, list));
  renderList(report, list, review);
}

function renderList(report: Report, list: HTMLElement, review: Review): void {
  const state = listState;
  const rerender = () => renderList(report, list, review);
  const chosen = filteredCalls(report);
  const pages = Math.max(1, Math.ceil(chosen.length / PAGE_SIZE));
  state.page = Math.min(state.page, pages - 1);
  const shown = chosen.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
  const header = (key: SortKey, title: string) =>
    h(
      "th",
      {
        className: `sortable${state.sort === key ? (state.descending ? " desc" : " asc") : ""}`,
        "data-sort": key,
        onclick: () => {
          state.descending = state.sort === key ? !state.descending : key === "score" ? false : key === "violations";
          state.sort = key;
          rerender();
        },
      },
      title,
    );
  const pager = h(
    "div",
    { className: "pager" },
    h("span", { id: "call-count" }, `共 ${chosen.length} 通`),
    h(
      "button",
      {
        disabled: state.page === 0,
        onclick: () => {
          state.page--;
          rerender();
        },
      },
      "上一页",
    ),
    h("span", { id: "page-label" }, `第 ${state.page + 1} / ${pages} 页`),
    h(
      "button",
      {
        disabled: state.page >= pages - 1,
        "data-action": "next-page",
        onclick: () => {
          state.page++;
          rerender();
        },
      },
      "下一页",
    ),
  );
  list.replaceChildren(
    h(
      "table",
      { className: "table calls" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          header("name", "通话"),
          header("agent", "坐席"),
          header("score", "得分"),
          header("passed", "结果"),
          header("violations", "问题"),
          h("th", {}, "命中规则"),
          h("th", {}, "复核"),
        ),
      ),
      h(
        "tbody",
        {},
        shown.map((index) => {
          const call = report.calls[index]!;
          return h(
            "tr",
            {
              "data-call": index,
              className: "clickable",
              onclick: () => {
                location.hash = `#call/${index}`;
              },
            },
            h(
              "td",
              {},
              h("a", { href: `#call/${index}`, className: "mono" }, callName(call)),
              call.id !== undefined && h("div", { className: "muted small" }, call.file),
            ),
            h("td", {}, call.agent ?? "—"),
            h("td", { className: "num score" }, String(call.score)),
            h("td", {}, resultTag(call.passed)),
            h("td", { className: "num" }, String(call.violations.length)),
            h(
              "td",
              { className: "rules-hit" },
              call.rules.map((rule) =>
                h(
                  "span",
                  { className: `chip sev-${report.ruleById.get(rule)?.severity ?? "info"}`, title: rule },
                  ruleMessage(report, rule),
                ),
              ),
            ),
            reviewCell(review, index),
          );
        }),
      ),
    ),
    ...(chosen.length === 0 ? [h("p", { className: "muted empty" }, "没有符合条件的通话。")] : []),
    pager,
  );
}
