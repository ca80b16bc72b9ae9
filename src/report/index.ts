import { checkstyle } from "./checkstyle.js";
import type { ReporterName } from "./formats.js";
import { github } from "./github.js";
import { html } from "./html.js";
import { json } from "./json.js";
import { jsonl } from "./jsonl.js";
import { junit } from "./junit.js";
import { markdown } from "./markdown.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";
import type { Reporter } from "./types.js";

/** Reporters by `--format` name. */
export const reporters = Object.freeze({
  stylish,
  json,
  jsonl,
  sarif,
  junit,
  checkstyle,
  github,
  markdown,
  html,
} satisfies Record<ReporterName, Reporter>);

export { checkstyle, github, html, json, jsonl, junit, markdown, sarif, stylish };
export { streamingReporters, type ReporterName } from "./formats.js";
export {
  expandJsonReport,
  type JsonDeduction,
  type JsonReport,
  type JsonResult,
  type JsonRule,
  type JsonViolation,
} from "./json.js";
export { batchReporter, RunTotals } from "./stream.js";
export type { ReportStream, RunSummary, StreamingReporter } from "./stream.js";
export type { FileResult, Reporter, ReportOptions } from "./types.js";
