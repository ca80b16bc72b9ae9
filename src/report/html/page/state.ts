// What the call list shows: its filters, order and page. It outlives the views, so that a
// click on a rule or an agent elsewhere opens the list filtered, and going back keeps it.
import { h } from "./dom.js";

/** A column the call list sorts by. */
export type SortKey = "index" | "name" | "agent" | "score" | "passed" | "violations";

/** The call list's filters ("" = all), order and page. */
export interface ListState {
  rule: string;
  /** "true" (passed), "false" (failed) or "". */
  result: string;
  agent: string;
  query: string;
  sort: SortKey;
  descending: boolean;
  page: number;
}

/** The filters a select of the call list sets. */
export type SelectFilter = "rule" | "result" | "agent";

export const listState: ListState = {
  rule: "",
  result: "",
  agent: "",
  query: "",
  sort: "index",
  descending: false,
  page: 0,
};

/** The one filter set when another view opens the call list: a rule's calls, or an agent's. */
export type CallsOf = { rule: string } | { agent: string };

/** Opens the call list with only one filter set. */
export function showCallsOf(filter: CallsOf): void {
  Object.assign(listState, { rule: "", result: "", agent: "", query: "", page: 0 }, filter);
  location.hash = "#calls";
}

/** A link that opens the call list with only one filter set. */
export function callsLink(label: string, filter: CallsOf): HTMLAnchorElement {
  return h(
    "a",
    {
      href: "#calls",
      onclick: (event) => {
        event.preventDefault();
        showCallsOf(filter);
      },
    },
    label,
  );
}
