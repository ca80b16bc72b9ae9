import { gzipSync } from "node:zlib";
// The chart library's own minified build, inlined so that the report needs no network. Its
// package exports no such subpath, hence the path into node_modules.
import chartSource from "../../../node_modules/chart.js/dist/chart.umd.min.js?raw";
import styles from "./style.css?raw";
// The page's own script (page/main.ts and what it imports), bundled for the browser.
import pageScript from "./page/main.ts?bundle";
import type { ReportData } from "./data.js";

/** Script text safe inside `<script>`: no `</script` ends it early, no source map is fetched. */
function inlineScript(source: string): string {
  return source.replace(/^\/\/# sourceMappingURL=.*$/gm, "").replace(/<\/(script)/gi, "<\\/$1");
}

/**
 * The data as gzipped JSON in base64: a third of the size of the JSON (mostly Chinese text),
 * which the browser parses that much faster; the page inflates it with DecompressionStream.
 */
function packJson(data: unknown): string {
  return gzipSync(JSON.stringify(data)).toString("base64");
}

/** The self-contained page: styles, chart library, data and the page's script in one file. */
export function page(data: ReportData): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>huashu 质检报告</title>
<style>${styles}</style>
</head>
<body>
<div id="app"><p class="loading">正在载入报告…</p></div>
<script type="application/octet-stream" id="report-data">${packJson(data)}</script>
<script>${inlineScript(chartSource)}</script>
<script>${inlineScript(pageScript)}</script>
</body>
</html>
`;
}
