// 规则: every rule, what it found, its standard wording and a few of its matches.
import { clip, h, percent, severityTag } from "../dom.js";
import { callName, type Report } from "../report.js";
import { callsLink } from "../state.js";

/** Matches shown per rule. */
const EXAMPLES = 3;

export function renderRules(report: Report, main: HTMLElement): void {
  const { rules, calls } = report;
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
              h("td", {}, callsLink(rule.message, { rule: rule.id }), h("div", { className: "muted mono" }, rule.id)),
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
                  .slice(0, EXAMPLES)
                  .map((example) =>
                    h(
                      "a",
                      { href: `#call/${example.call}`, className: "example", title: callName(calls[example.call]!) },
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
