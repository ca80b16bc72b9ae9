import { checkstyle, checkstyleStream } from "./checkstyle.js";
import { github, githubStream } from "./github.js";
import { html } from "./html.js";
import { json, jsonStream } from "./json.js";
import { jsonl, jsonlStream } from "./jsonl.js";
import { junit, junitStream } from "./junit.js";
import { markdown } from "./markdown.js";
import { sarif, sarifStream } from "./sarif.js";
import type { StreamingReporter } from "./stream.js";
import { stylish, stylishStream } from "./stylish.js";
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
} satisfies Record<string, Reporter>);

/** A `--format` name. */
export type ReporterName = keyof typeof reporters;

/**
 * The formats that stream, by `--format` name: their report is written result by result, so
 * a run's memory does not grow with its results. The others (html, markdown) collect them.
 */
export const streamingReporters: Readonly<Partial<Record<ReporterName, StreamingReporter>>> = Object.freeze({
  stylish: stylishStream,
  json: jsonStream,
  jsonl: jsonlStream,
  sarif: sarifStream,
  junit: junitStream,
  checkstyle: checkstyleStream,
  github: githubStream,
});

export { checkstyle, github, html, json, jsonl, junit, markdown, sarif, stylish };
export { batchReporter, RunTotals } from "./stream.js";
export type { ReportStream, RunSummary, StreamingReporter } from "./stream.js";
export type { FileResult, Reporter, ReportOptions } from "./types.js";
