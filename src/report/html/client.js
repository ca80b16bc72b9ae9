// The report page's script: reads the data embedded by src/report/html/page.ts and shows it.
// The figures are computed in Node (data.ts); this only displays, filters, sorts and pages.
(async function () {
  "use strict";
  performance.mark("huashu-script");

  /** @type {import("./data.js").ReportData} */
  const data = await unpack(document.getElementById("report-data").textContent);
  const { summary, rules, agents, calls } = data;
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  // Violations leave out what their rule's row says (data.ts): fill it back in.
  for (const call of calls) {
    for (const v of call.violations) {
      const rule = ruleById.get(v.rule);
      v.severity ??= rule.severity;
      v.message ??= rule.message;
      v.suggestion ??= rule.suggestion;
      if (v.text === undefined) v.text = textOf(call, v);
    }
  }
  const PAGE_SIZE = 50;
  const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
  const SPEAKER = { agent: "坐席", customer: "客户", other: "其他" };
  const COLOURS = {
    error: "#d64545",
    warning: "#e6a23c",
    info: "#3b82c4",
    agent: "#4f7cff",
    customer: "#1fa38a",
    pass: "#22a06b",
    fail: "#d64545",
    bar: "#4f7cff",
  };

  /** The text a violation is about, from the turns: the match, else the turns it concerns. */
  function textOf(call, v) {
    const turns = call.turns ?? [];
    if (v.kind === "span") return turns[v.turn].text.slice(v.from, v.to);
    return turns
      .slice(v.turn, v.endTurn + 1)
      .map((turn) => turn.text)
      .join("\n");
  }

  const state = { rule: "", result: "", agent: "", query: "", sort: "index", descending: false, page: 0 };
  const charts = new Map();

  // ---- helpers ----

  /** The report's data: gzipped JSON in base64 (page.ts). */
  async function unpack(base64) {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(inflated).text());
  }

  /** An element with attributes and children (strings become text, never HTML). */
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else if (name === "className") element.className = value;
      else element.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      element.append(child instanceof Node ? child : String(child));
    }
    return element;
  }
  const percent = (share) => `${(share * 100).toFixed(1)}%`;
  const fixed1 = (value) => value.toFixed(1);
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} 秒`;
  function duration(ms) {
    const total = Math.round(ms / 1000);
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const rest = String(total % 60).padStart(2, "0");
    return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
  }
  const callName = (call) => call.id ?? call.file;
  const severityTag = (severity) => h("span", { className: `tag sev-${severity}` }, SEVERITY[severity]);
  const resultTag = (passed) => h("span", { className: `tag ${passed ? "pass" : "fail"}` }, passed ? "合格" : "不合格");
  const ruleMessage = (id) => ruleById.get(id)?.message ?? id;
  const withDetail = (v) => (v.detail ? `${v.message}(${v.detail})` : v.message);

  function chart(key, canvas, config) {
    charts.get(key)?.destroy();
    charts.set(key, new Chart(canvas, config));
  }

  // ---- layout ----

  const views = {
    summary: { title: "概览", render: renderSummary },
    rules: { title: "规则", render: renderRules },
    agents: { title: "坐席", render: renderAgents },
    calls: { title: "通话", render: renderCalls },
  };
  const main = h("main", { id: "view" });
  const nav = h(
    "nav",
    { className: "tabs" },
    Object.entries(views).map(([name, view]) => h("a", { href: `#${name}`, "data-view": name }, view.title)),
  );
  const generated = new Date(data.generatedAt);
  document
    .getElementById("app")
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
            `生成于 ${generated.toLocaleString("zh-CN", { hour12: false })} · ${summary.calls} 通`,
          ),
        ),
        nav,
      ),
      main,
    );

  function route() {
    const hash = location.hash.replace(/^#/, "");
    const call = /^call\/(\d+)$/.exec(hash);
    for (const link of nav.querySelectorAll("a"))
      link.classList.toggle("active", link.dataset.view === (call ? "calls" : hash || "summary"));
    for (const instance of charts.values()) instance.destroy();
    charts.clear();
    main.replaceChildren();
    if (call && calls[Number(call[1])]) renderCall(Number(call[1]));
    else (views[hash] ?? views.summary).render();
    window.scrollTo(0, 0);
  }
  window.addEventListener("hashchange", route);

  // ---- summary ----

  function card(figure, label, value, note) {
    return h(
      "div",
      { className: "card", "data-figure": figure },
      h("div", { className: "label" }, label),
      h("div", { className: "value" }, value),
      note && h("div", { className: "note" }, note),
    );
  }

  function renderSummary() {
    const { severities, durations } = summary;
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
        h(
          "div",
          { className: "panel wide" },
          h("h2", {}, "得分分布"),
          h("div", { className: "chart" }, h("canvas", { id: "chart-histogram", "aria-label": "得分分布直方图" })),
        ),
        h(
          "div",
          { className: "panel" },
          h("h2", {}, "问题级别"),
          h("div", { className: "chart" }, h("canvas", { id: "chart-severity", "aria-label": "问题级别" })),
        ),
        h(
          "div",
          { className: "panel full" },
          h("h2", {}, "命中最多的规则"),
          h("div", { className: "chart tall" }, h("canvas", { id: "chart-rules", "aria-label": "命中最多的规则" })),
        ),
      ),
    );
    if (data.notices.length > 0) {
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
              data.notices.map((notice) =>
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
    chart("histogram", document.getElementById("chart-histogram"), {
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
    chart("severity", document.getElementById("chart-severity"), {
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
    const top = rules.filter((rule) => rule.hits > 0).slice(0, 12);
    chart("rules", document.getElementById("chart-rules"), {
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
            callbacks: { title: (items) => `${top[items[0].dataIndex].message}(${top[items[0].dataIndex].id})` },
          },
        },
        onClick: (_, elements) => elements[0] && showCallsOf(top[elements[0].index].id),
      },
    });
  }

  // ---- rules ----

  function showCallsOf(rule) {
    Object.assign(state, { rule, result: "", agent: "", query: "", page: 0 });
    location.hash = "#calls";
  }

  function renderRules() {
    const hit = rules.filter((rule) => rule.hits > 0).length;
    main.append(
      h(
        "section",
        { className: "panel" },
        h("h2", {}, `规则(共 ${rules.length} 条,命中 ${hit} 条)`),
        h("p", { className: "muted" }, "点击规则查看命中它的通话。扣分为各通话因该规则被扣的分数之和。"),
        h(
          "table",
          { className: "table", id: "rule-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["规则", "级别", "命中次数", "涉及通话", "占比", "扣分", "规范用语", "示例"].map((title) =>
                h("th", {}, title),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            rules.map((rule) =>
              h(
                "tr",
                { "data-rule": rule.id, className: rule.hits === 0 ? "dim" : "" },
                h(
                  "td",
                  {},
                  h(
                    "a",
                    {
                      href: "#calls",
                      onclick: (event) => {
                        event.preventDefault();
                        showCallsOf(rule.id);
                      },
                    },
                    rule.message,
                  ),
                  h("div", { className: "muted mono" }, rule.id),
                ),
                h("td", {}, severityTag(rule.severity)),
                h("td", { className: "num", "data-col": "hits" }, String(rule.hits)),
                h("td", { className: "num", "data-col": "calls" }, String(rule.calls)),
                h("td", { className: "num", "data-col": "share" }, percent(rule.share)),
                h("td", { className: "num", "data-col": "points" }, String(rule.points)),
                h("td", { className: "suggestion" }, rule.suggestion ?? "—"),
                h(
                  "td",
                  { className: "examples" },
                  rule.examples
                    .slice(0, 3)
                    .map((example) =>
                      h(
                        "a",
                        { href: `#call/${example.call}`, className: "example", title: callName(calls[example.call]) },
                        `“${clip(example.text, 30)}”`,
                      ),
                    ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  function clip(text, length) {
    const line = text.replace(/\s*\n\s*/g, " / ");
    return line.length > length ? `${line.slice(0, length)}…` : line;
  }

  // ---- agents ----

  function renderAgents() {
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
    main.append(
      h(
        "section",
        { className: "panel" },
        h("h2", {}, `坐席(${agents.length} 位)`),
        h("div", { className: "chart" }, h("canvas", { id: "chart-agents", "aria-label": "各坐席平均得分" })),
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
                h(
                  "td",
                  {},
                  h(
                    "a",
                    {
                      href: "#calls",
                      onclick: (event) => {
                        event.preventDefault();
                        Object.assign(state, { rule: "", result: "", agent: agent.agent, query: "", page: 0 });
                        location.hash = "#calls";
                      },
                    },
                    agent.agent,
                  ),
                ),
                h("td", { className: "num", "data-col": "calls" }, String(agent.calls)),
                h("td", { className: "num", "data-col": "pass-rate" }, percent(agent.passRate)),
                h("td", { className: "num", "data-col": "mean-score" }, fixed1(agent.meanScore)),
                h(
                  "td",
                  {},
                  agent.topRules.length === 0
                    ? "—"
                    : agent.topRules.map((top) =>
                        h("div", { className: "top-rule" }, `${ruleMessage(top.rule)} × ${top.hits}`),
                      ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
    chart("agents", document.getElementById("chart-agents"), {
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

  // ---- calls ----

  const SORTS = {
    index: (a, b) => a - b,
    name: (a, b) => callName(calls[a]).localeCompare(callName(calls[b]), "zh") || a - b,
    agent: (a, b) => (calls[a].agent ?? "").localeCompare(calls[b].agent ?? "", "zh") || a - b,
    score: (a, b) => calls[a].score - calls[b].score || a - b,
    passed: (a, b) => Number(calls[a].passed) - Number(calls[b].passed) || a - b,
    violations: (a, b) => calls[a].violations.length - calls[b].violations.length || a - b,
  };

  function filteredCalls() {
    const query = state.query.trim().toLowerCase();
    const chosen = [];
    calls.forEach((call, index) => {
      if (state.rule && !call.rules.includes(state.rule)) return;
      if (state.result && String(call.passed) !== state.result) return;
      if (state.agent && call.agent !== state.agent) return;
      if (query && !`${call.id ?? ""} ${call.file}`.toLowerCase().includes(query)) return;
      chosen.push(index);
    });
    chosen.sort(SORTS[state.sort]);
    if (state.descending) chosen.reverse();
    return chosen;
  }

  function renderCalls() {
    const select = (name, label, options) =>
      h(
        "label",
        {},
        label,
        h(
          "select",
          {
            name,
            onchange: (event) => {
              state[name] = event.target.value;
              state.page = 0;
              renderList();
            },
          },
          options.map(([value, text]) => h("option", { value, selected: state[name] === value }, text)),
        ),
      );
    const agentNames = agents.map((agent) => agent.agent);
    const filters = h(
      "div",
      { className: "filters" },
      select("rule", "规则", [
        ["", "全部规则"],
        ...rules.filter((rule) => rule.hits > 0).map((rule) => [rule.id, `${rule.message}(${rule.id})`]),
      ]),
      select("result", "结果", [
        ["", "全部"],
        ["true", "合格"],
        ["false", "不合格"],
      ]),
      agentNames.length > 0 && select("agent", "坐席", [["", "全部坐席"], ...agentNames.map((name) => [name, name])]),
      h(
        "label",
        {},
        "搜索",
        h("input", {
          type: "search",
          name: "query",
          placeholder: "通话 id 或文件",
          value: state.query,
          oninput: (event) => {
            state.query = event.target.value;
            state.page = 0;
            renderList();
          },
        }),
      ),
    );
    const list = h("div", { id: "call-list" });
    main.append(h("section", { className: "panel" }, h("h2", {}, "通话"), filters, list));
    renderList();
  }

  function renderList() {
    const list = document.getElementById("call-list");
    const chosen = filteredCalls();
    const pages = Math.max(1, Math.ceil(chosen.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const shown = chosen.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
    const header = (key, title) =>
      h(
        "th",
        {
          className: `sortable${state.sort === key ? (state.descending ? " desc" : " asc") : ""}`,
          "data-sort": key,
          onclick: () => {
            state.descending = state.sort === key ? !state.descending : key === "score" ? false : key === "violations";
            state.sort = key;
            renderList();
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
            renderList();
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
            renderList();
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
          ),
        ),
        h(
          "tbody",
          {},
          shown.map((index) => {
            const call = calls[index];
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
                    { className: `chip sev-${ruleById.get(rule)?.severity ?? "info"}`, title: rule },
                    ruleMessage(rule),
                  ),
                ),
              ),
            );
          }),
        ),
      ),
      chosen.length === 0 ? h("p", { className: "muted empty" }, "没有符合条件的通话。") : null,
      pager,
    );
  }

  // ---- one call ----

  function renderCall(index) {
    const call = calls[index];
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
      call.notices.length > 0 &&
        h(
          "ul",
          { className: "notices" },
          call.notices.map((index) =>
            h("li", {}, `未检查 ${data.notices[index].ruleId}: ${data.notices[index].message}`),
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
      if (call.turns.some((turn) => turn.start !== undefined)) main.append(timeline());
      main.append(h("section", { className: "panel" }, h("h3", {}, "对话"), conversation(call)));
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
    drawTimeline(call);
  }

  function focusViolation(number) {
    const target = document.getElementById(`v-${number}`);
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.classList.add("flash");
    setTimeout(() => target.classList.remove("flash"), 1200);
  }

  /** Annotation under a turn: what is wrong and the standard wording. */
  function note(v, number) {
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
    );
  }

  /** A turn's text with its matched spans highlighted; overlapping matches keep the first. */
  function highlighted(text, spans) {
    const parts = [];
    let at = 0;
    for (const { v, number } of spans) {
      if (v.from < at) continue;
      parts.push(text.slice(at, v.from));
      parts.push(
        h(
          "mark",
          { className: `hl sev-${v.severity}`, id: `v-${number}`, "data-rule": v.rule, title: withDetail(v) },
          text.slice(v.from, v.to),
        ),
      );
      at = v.to;
    }
    parts.push(text.slice(at));
    return parts;
  }

  function conversation(call) {
    const numbered = call.violations.map((v, number) => ({ v, number }));
    const fileNotes = numbered.filter(({ v }) => v.kind === "file");
    const list = h(
      "div",
      { className: "conversation" },
      fileNotes.map(({ v, number }) => note(v, number)),
    );
    call.turns.forEach((turn, index) => {
      const missing = numbered.filter(({ v }) => v.kind === "missing" && v.turn === index);
      for (const { v, number } of missing) {
        list.append(
          h(
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
            v.suggestion &&
              h("div", { className: "suggestion" }, "应说: ", h("span", { className: "standard" }, v.suggestion)),
          ),
        );
      }
      const here = numbered.filter(({ v }) => v.turn <= index && index <= v.endTurn);
      const spans = here.filter(({ v }) => v.kind === "span" && v.turn === index).sort((a, b) => a.v.from - b.v.from);
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
          h(
            "div",
            { className: "bubble" },
            highlighted(
              turn.text,
              spans.map(({ v, number }) => ({ v, number })),
            ),
          ),
          // A note goes under the last turn it concerns.
          [...spans, ...marked.filter(({ v }) => v.endTurn === index)].map(({ v, number }) => note(v, number)),
        ),
      );
    });
    return list;
  }

  function timeline() {
    return h(
      "section",
      { className: "panel" },
      h("h3", {}, "时间轴"),
      h("p", { className: "muted small" }, "坐席与客户的发言,以及静音、抢话、语速等时间类规则发现的问题(秒)。"),
      h("div", { className: "chart timeline" }, h("canvas", { id: "chart-timeline", "aria-label": "时间轴" })),
    );
  }

  function drawTimeline(call) {
    const canvas = document.getElementById("chart-timeline");
    if (!canvas) return;
    const bars = (speaker) =>
      call.turns.flatMap((turn, index) =>
        turn.speaker === speaker && turn.start !== undefined
          ? [{ x: [turn.start / 1000, (turn.end ?? turn.start + 500) / 1000], y: SPEAKER[speaker], turn: index }]
          : [],
      );
    const timed = call.violations.filter((v) => v.kind === "timing" && v.start !== undefined);
    chart("timeline", canvas, {
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
              x: [v.start / 1000, (v.end ?? v.start) / 1000],
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
        grouped: false,
        scales: {
          x: { type: "linear", beginAtZero: true, title: { display: true, text: "秒" } },
          y: { stacked: true },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: (item) => {
                const raw = item.raw;
                const range = `${raw.x[0].toFixed(1)}–${raw.x[1].toFixed(1)} 秒`;
                return raw.message ? `${raw.message} ${range}` : `第 ${raw.turn + 1} 轮 ${range}`;
              },
            },
          },
        },
      },
    });
  }

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.color = "#4a5568";
  route();
  document.body.dataset.ready = "true";
  // For the benchmark: when the page became interactive.
  performance.mark("huashu-ready");
})();
