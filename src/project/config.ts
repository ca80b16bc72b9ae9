import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { lazy, z } from "../util/zod.js";
import type { FileLocation } from "../errors.js";
import { commonRuleFields } from "../rules/common.js";
import { MAX_RULE_FILE_BYTES, readYamlFile } from "../rules/load.js";
import { parseValidatedYaml, yaml } from "../rules/parse.js";
import { matchingSchema } from "../rules/matching.js";
import type { Speaker } from "../transcript/model.js";
import { readRegularFile } from "../transcript/regular-file.js";

/** The config file `huashu lint` looks for, from the working directory upward. */
export const CONFIG_FILE = "huashu.config.yaml";

const severity = lazy(() => commonRuleFields.severity.unwrap());
const speaker = lazy(() => z.enum(["agent", "customer", "other"]) satisfies z.ZodType<Speaker>);

/**
 * A mapping keyed by user text (rule ids, role labels), read into a Map: a plain object would
 * answer `constructor` with Object's, and zod's record drops a `__proto__` key.
 */
function userKeyedMap<Value extends z.ZodType>(value: Value) {
  const toMap = (input: unknown) =>
    input !== null && typeof input === "object" && !Array.isArray(input) ? new Map(Object.entries(input)) : input;
  return z.preprocess(toMap, z.map(z.string().min(1), value));
}

/** `huashu.config.yaml`. Every key is optional; flags given on the command line win. */
export const configSchema = lazy(() =>
  z.strictObject({
    /** Rule files (relative to the config file) or built-in packs (`builtin:NAME`). */
    rules: z.array(z.string().min(1)).default([]),
    /** Per-rule severity, or `off` to drop the rule. */
    severity: userKeyedMap(severity.or(z.literal("off"))).default(new Map()),
    /** Globs (relative to the config file) of the files to lint when a folder is walked. */
    include: z.array(z.string().min(1)).min(1).optional(),
    /** Globs or gitignore-style patterns (relative to the config file) never to lint. */
    exclude: z.array(z.string().min(1)).default([]),
    /**
     * Gitignore-style patterns (relative to the config file) of the scripts that are whole calls;
     * other scripts are fragments, which rules judging a whole call pass over.
     */
    calls: z.array(z.string().min(1)).default([]),
    /** Extra role labels in scripts → speaker, e.g. `A: agent`. */
    speakers: userKeyedMap(speaker).default(new Map()),
    /** The lowest severity that makes the run fail (exit 1). */
    failLevel: severity.default("error"),
    /** More warnings than this makes the run fail. */
    maxWarnings: z.int().nonnegative().optional(),
    /** How phrases match beyond their exact wording: fillers, homophones (see docs/rules.md). */
    matching: matchingSchema.optional(),
    suppressions: z
      .strictObject({
        /** A `huashu-disable…` comment must give a reason after ` -- `. */
        requireReason: z.boolean().default(false),
        /** Report suppression comments that silence nothing, at this severity. */
        reportUnused: severity.or(z.literal("off")).default("off"),
      })
      .default({ requireReason: false, reportUnused: "off" }),
  }),
);

export type Config = z.infer<typeof configSchema>;

/** A config as read from its file, or the defaults when there is none. */
export interface LoadedConfig {
  /** The config file; absent when none was found. */
  path?: string;
  /** The folder paths in the config are relative to (the working directory without a config). */
  dir: string;
  config: Config;
  /** Where a key of the config file is, for error messages. */
  locationOf(path: readonly PropertyKey[]): Partial<FileLocation>;
}

/** The nearest `huashu.config.yaml` in `from` or a folder above it. */
export function findConfigFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Whether a YAML file is huashu's own — a rule file (a mapping with a `rules` list) or a
 * config — rather than a script, so that walking a folder never lints it. A file that cannot
 * be read, is not a regular file of rule-file size (a link to /dev/zero or a FIFO is never
 * opened) or is no YAML mapping is left for linting to judge.
 */
export function isRuleOrConfigYaml(path: string): boolean {
  let data: unknown;
  try {
    const document = yaml().parseDocument(readRegularFile(path, { maxBytes: MAX_RULE_FILE_BYTES }).toString("utf8"));
    if (document.errors.length > 0) return false;
    data = document.toJS();
  } catch {
    return false;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return false;
  return Array.isArray((data as { rules?: unknown }).rules) || configSchema.safeParse(data).success;
}

/** Reads and validates a config file; throws {@link HuashuError} with file:line:column of each problem. */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const { data, locate } = parseValidatedYaml(await readYamlFile(path, "配置文件"), path, configSchema);
  return { path, dir: dirname(path), config: data, locationOf: locate };
}

/**
 * The config a command uses in `cwd`: the file given with `-c` (relative to `cwd`), else the
 * nearest `huashu.config.yaml` in `cwd` or above, else the defaults.
 */
export async function commandConfig(cwd: string, flag: string | undefined): Promise<LoadedConfig> {
  const path = flag !== undefined ? resolve(cwd, flag) : findConfigFile(cwd);
  return path ? loadConfig(path) : defaultConfig(cwd);
}

/**
 * The config used when no config file exists: the schema's defaults (what it makes of `{}`,
 * written out so that a run without a config needs no zod), paths relative to `cwd`.
 */
export function defaultConfig(cwd: string): LoadedConfig {
  const config: Config = {
    rules: [],
    severity: new Map(),
    exclude: [],
    calls: [],
    speakers: new Map(),
    failLevel: "error",
    suppressions: { requireReason: false, reportUnused: "off" },
  };
  return { dir: cwd, config, locationOf: () => ({}) };
}
