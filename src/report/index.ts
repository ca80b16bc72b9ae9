import { json } from "./json.js";
import { stylish } from "./stylish.js";
import type { Reporter } from "./types.js";

/** Reporters by `--format` name. */
export const reporters = { stylish, json } satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof reporters;
export type { FileResult, Reporter } from "./types.js";
