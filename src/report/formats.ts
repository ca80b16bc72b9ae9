import { checkstyleStream } from "./checkstyle.js";
import { githubStream } from "./github.js";
import { jsonStream } from "./json.js";
import { jsonlStream } from "./jsonl.js";
import { junitStream } from "./junit.js";
import { markdown } from "./markdown.js";
import { sarifStream } from "./sarif.js";
import type { StreamingReporter } from "./stream.js";
import { stylishStream } from "./stylish.js";
import type { Reporter } from "./types.js";

/** The `--format` names, as the CLI lists them. */
export const REPORTER_NAMES = [
  "stylish",
  "json",
  "jsonl",
  "sarif",
  "junit",
  "checkstyle",
  "github",
  "markdown",
  "html",
] as const;

/** A `--format` name. */
export type ReporterName = (typeof REPORTER_NAMES)[number];

/** Whether `name` is a `--format` name. */
export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}

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

/**
 * The formats that collect their results, each reporter loaded when a run uses it: the html
 * page inlines a 200 KB chart library that a start-up need not compile.
 */
export const collectingReporters: Readonly<Partial<Record<ReporterName, () => Promise<Reporter>>>> = Object.freeze({
  markdown: () => Promise.resolve(markdown),
  html: () => import("./html.js").then((module) => module.html),
});
