import { checkstyle } from "./checkstyle.js";
import { github } from "./github.js";
import { html } from "./html.js";
import { json } from "./json.js";
import { junit } from "./junit.js";
import { markdown } from "./markdown.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";
import type { Reporter } from "./types.js";

/** Reporters by `--format` name. */
export const reporters = Object.freeze({
  stylish,
  json,
  sarif,
  junit,
  checkstyle,
  github,
  markdown,
  html,
} satisfies Record<string, Reporter>);

/** A `--format` name. */
export type ReporterName = keyof typeof reporters;
export { checkstyle, github, html, json, junit, markdown, sarif, stylish };
export type { FileResult, Reporter, ReportOptions } from "./types.js";
