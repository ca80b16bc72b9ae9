// The page's charts: Chart.js's own build is inlined beside this script (page.ts) as the global
// `Chart`; a view draws into its canvases, and a change of view destroys what it drew.
import type * as ChartJs from "chart.js";

declare const Chart: typeof ChartJs.Chart;

export const COLOURS = {
  error: "#d64545",
  warning: "#e6a23c",
  info: "#3b82c4",
  agent: "#4f7cff",
  customer: "#1fa38a",
  pass: "#22a06b",
  fail: "#d64545",
  bar: "#4f7cff",
} as const;

const charts = new Map<string, { destroy(): void }>();

/** Draws a chart into a canvas of the view, replacing the chart drawn under the same key. */
export function chart<Type extends ChartJs.ChartType, Data = ChartJs.DefaultDataPoint<Type>>(
  key: string,
  canvas: HTMLCanvasElement,
  config: ChartJs.ChartConfiguration<Type, Data>,
): void {
  charts.get(key)?.destroy();
  charts.set(key, new Chart(canvas, config));
}

/** Destroys every chart, before the view changes. */
export function destroyCharts(): void {
  for (const instance of charts.values()) instance.destroy();
  charts.clear();
}

/** Defaults for every chart: the page's font and colour, no animation. */
export function setChartDefaults(): void {
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.color = "#4a5568";
}
