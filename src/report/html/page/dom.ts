// Building the page's elements, and how figures are written in it.
import type { Severity } from "../../../rules/common.js";
import type { Speaker } from "../../../transcript/model.js";

/** An attribute's value: `on…` attributes take a listener; absent, null and false leave the attribute out. */
type AttributeValue = string | number | boolean | null | undefined | ((event: Event) => void);

/** What an element holds: strings become text, never HTML; absent, null and false are nothing. */
type Child = Node | string | null | undefined | false;

/** An element with attributes and children (strings become text, never HTML). */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes?: Record<string, AttributeValue>,
  ...children: (Child | readonly Child[])[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "className") element.className = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child);
  }
  return element;
}

export const SEVERITY: Readonly<Record<Severity, string>> = { error: "错误", warning: "警告", info: "提示" };
export const SPEAKER: Readonly<Record<Speaker, string>> = { agent: "坐席", customer: "客户", other: "其他" };

export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
export const fixed1 = (value: number): string => value.toFixed(1);
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} 秒`;

/** A length of time as m:ss, or h:mm:ss from an hour. */
export function duration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** A text on one line, cut to `length` characters. */
export function clip(text: string, length: number): string {
  const line = text.replace(/\s*\n\s*/g, " / ");
  return line.length > length ? `${line.slice(0, length)}…` : line;
}

export const severityTag = (severity: Severity): HTMLSpanElement =>
  h("span", { className: `tag sev-${severity}` }, SEVERITY[severity]);

export const resultTag = (passed: boolean): HTMLSpanElement =>
  h("span", { className: `tag ${passed ? "pass" : "fail"}` }, passed ? "合格" : "不合格");
