import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { lazy, z } from "../util/zod.js";
import { HuashuError, type Diagnostic } from "../errors.js";
import { resultSchema, violationSchema } from "../report/saved-results.js";
import { MAX_INPUT_BYTES } from "../transcript/decode.js";
import { fileErrorMessage, readRegularFile } from "../transcript/regular-file.js";
import type { LintedFile, LintInput, LintJob, LintSink } from "./lint-file.js";

/** Where `--cache` keeps its file when `--cache-location` does not say (relative to the cwd). */
export const DEFAULT_CACHE_DIR = ".huashu-cache";
const CACHE_FILE = "lint.json";
/** Bumped when the cache file's shape changes; an older file is then simply not used. */
const CACHE_VERSION = 1;
/** The largest cache file read; a larger one is ignored and written again. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

const count = lazy(() => z.int().nonnegative());
const diagnosticSchema = lazy(() =>
  z.object({
    file: z.string().optional(),
    line: z.int().optional(),
    column: z.int().optional(),
    message: z.string(),
  }),
);
/** A result as lint makes it: the saved-results schema without the defaults it has for older reports. */
const cachedResultSchema = lazy(() =>
  resultSchema.extend({
    file: z.string(),
    violations: z.array(
      violationSchema.extend({
        speaker: violationSchema.shape.speaker.unwrap(),
        region: violationSchema.shape.region.unwrap(),
      }),
    ),
    notices: resultSchema.shape.notices.unwrap(),
    deductions: resultSchema.shape.deductions.unwrap(),
    errorCount: count,
    warningCount: count,
    infoCount: count,
  }),
);

/**
 * A {@link LintedFile} as the cache holds it: every field a report or the run reads is checked
 * (a damaged entry would otherwise fail deep inside a reporter), and each result has the
 * baseline context of each of its violations.
 */
const lintedSchema = lazy(() =>
  z
    .looseObject({
      file: z.string(),
      results: z.array(cachedResultSchema),
      contexts: z.array(z.array(z.string())),
      suppressed: count,
      warnings: z.array(diagnosticSchema),
      fix: z.object({ before: z.string(), after: z.string(), bom: z.string(), count }).optional(),
    })
    .refine(
      ({ results, contexts }) =>
        contexts.length === results.length &&
        results.every((result, r) => contexts[r]!.length === result.violations.length),
    ),
);

const entrySchema = lazy(() =>
  z.object({
    /** SHA-256 of the file's bytes. */
    content: z.string(),
    linted: lintedSchema,
  }),
);

/** The cache file, its entries not yet checked: they are only when made under the same settings. */
const cacheFileSchema = lazy(() =>
  z.object({
    version: z.literal(CACHE_VERSION),
    /** Hash of everything besides a file's bytes that decides its results. */
    settings: z.string(),
    /** By absolute path. */
    entries: z.record(z.string(), z.unknown()),
  }),
);

interface CacheEntry {
  content: string;
  linted: LintedFile;
}

interface CacheFile {
  version: number;
  settings: string;
  entries: Record<string, CacheEntry>;
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The cache file for `--cache-location`: inside it when it is a folder (an existing one, or a
 * path ending in `/`), else the path itself.
 */
export function cacheFilePath(location: string | undefined, cwd: string): string {
  if (location === undefined) return join(cwd, DEFAULT_CACHE_DIR, CACHE_FILE);
  const path = resolve(cwd, location);
  const isFolder = /[\\/]$/.test(location) || (statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false);
  return isFolder ? join(path, CACHE_FILE) : path;
}

/**
 * What decides a file's results besides its bytes: the whole job — everything a worker is given
 * to lint a file (rules, scoring, matching, how inputs are read, suppression settings, fixes, the
 * project folder, whether turns are kept) — and huashu's version. Taking the whole job, not a
 * list of its fields, keeps a field added to it from being left out of the key.
 */
export function cacheSettings(job: LintJob, version: string): string {
  return sha256(JSON.stringify({ version, job }));
}

/**
 * The cache file in `data` when it is one: entries made under other `settings` are dropped
 * unchecked (they can never hit); those under the same are all checked, and one damaged entry
 * makes the file count as damaged.
 */
function cacheFileFrom(data: unknown, settings: string): CacheFile | undefined {
  const file = cacheFileSchema.safeParse(data);
  if (!file.success) return undefined;
  if (file.data.settings !== settings) return { ...file.data, entries: {} };
  // Checked, but kept as read: the schema's output would reorder the reports' keys.
  const valid = z.record(z.string(), entrySchema).safeParse(file.data.entries).success;
  return valid ? { ...file.data, entries: file.data.entries as Record<string, CacheEntry> } : undefined;
}

/**
 * Lint results by file content, kept between runs in one JSON file. A hit needs the same
 * bytes, the same settings and the same display name, so it reproduces the report exactly.
 * A cache that cannot be read or is damaged is ignored (with a warning) and rewritten.
 */
export class LintCache {
  private readonly entries: Record<string, CacheEntry>;

  private constructor(
    readonly path: string,
    private readonly settings: string,
    previous: CacheFile | undefined,
  ) {
    // Entries made under other settings can never hit again.
    this.entries = previous?.settings === settings ? previous.entries : {};
  }

  /** Opens the cache at `path`; `warn` hears about a damaged file. */
  static async open(path: string, settings: string, warn: (diagnostic: Diagnostic) => void): Promise<LintCache> {
    let text: string;
    try {
      text = readRegularFile(path, { maxBytes: MAX_CACHE_BYTES, what: "缓存文件" }).toString("utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        const message = error instanceof HuashuError ? error.diagnostics[0]!.message : fileErrorMessage(error);
        warn({ file: path, message: `无法读取缓存,已忽略: ${message}` });
      }
      return new LintCache(path, settings, undefined);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    const previous = cacheFileFrom(data, settings);
    if (!previous) {
      warn({ file: path, message: "缓存文件已损坏或来自其他版本,已忽略,将重新生成" });
      return new LintCache(path, settings, undefined);
    }
    return new LintCache(path, settings, previous);
  }

  /** The cached result of `file` (absolute path) when its bytes and name are unchanged. */
  get(file: string, name: string, content: Uint8Array): LintedFile | undefined {
    const entry = this.entries[file];
    return entry && entry.linted.file === name && entry.content === sha256(content) ? entry.linted : undefined;
  }

  /** Remembers a file's result; inputs that could not be linted are not kept. */
  set(file: string, content: Uint8Array, linted: LintedFile): void {
    if (linted.diagnostics) delete this.entries[file];
    else this.entries[file] = { content: sha256(content), linted };
  }

  /**
   * Writes the cache; a failure is a warning, never a failed run. Only over a regular file (or
   * none): a FIFO there would hold the run forever, a device take whatever is written.
   */
  async save(warn: (diagnostic: Diagnostic) => void): Promise<void> {
    const data: CacheFile = { version: CACHE_VERSION, settings: this.settings, entries: this.entries };
    try {
      if (statSync(this.path, { throwIfNoEntry: false })?.isFile() === false) {
        warn({ file: this.path, message: "不是普通文件,缓存未写入" });
        return;
      }
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(this.path, JSON.stringify(data));
    } catch (error) {
      warn({ file: this.path, message: `无法写入缓存: ${fileErrorMessage(error)}` });
    }
  }
}

/** A file's outcome put together again from the parts it came in. */
function joinParts(parts: readonly LintedFile[]): LintedFile {
  const last = parts.at(-1)!;
  return {
    ...last,
    results: parts.flatMap((part) => part.results),
    contexts: parts.flatMap((part) => part.contexts),
  };
}

/**
 * Lints the inputs, taking unchanged files from the cache when there is one (and updating
 * it). Outcomes go to `sink` in parts ({@link LintSink}), in the order of `inputs`; a cached
 * file comes as one part.
 */
export async function lintWithCache(
  inputs: readonly LintInput[],
  cache: LintCache | undefined,
  lint: (inputs: LintInput[], sink: LintSink) => Promise<void>,
  cwd: string,
  sink: (part: LintedFile, last: boolean) => void,
): Promise<void> {
  if (!cache) return lint([...inputs], (_, part, last) => sink(part, last));
  const hits: Array<{ index: number; linted: LintedFile }> = [];
  const misses: Array<{ index: number; input: LintInput }> = [];
  inputs.forEach((input, index) => {
    let content = input.content;
    if (content === undefined) {
      try {
        content = readRegularFile(resolve(cwd, input.file), { maxBytes: MAX_INPUT_BYTES });
      } catch {
        // Linting it reports why it cannot be read.
      }
    }
    const hit =
      input.content === undefined && content !== undefined
        ? cache.get(resolve(cwd, input.file), input.file, content)
        : undefined;
    if (hit) hits.push({ index, linted: hit });
    else misses.push({ index, input: content === undefined ? input : { ...input, content } });
  });
  let nextHit = 0;
  const hitsBefore = (index: number) => {
    for (; nextHit < hits.length && hits[nextHit]!.index < index; nextHit++) sink(hits[nextHit]!.linted, true);
  };
  // A linted file's parts, kept for the cache until its last one.
  let parts: LintedFile[] = [];
  await lint(
    misses.map(({ input }) => input),
    (miss, part, last) => {
      const { index, input } = misses[miss]!;
      hitsBefore(index);
      sink(part, last);
      parts.push(part);
      if (!last) return;
      // Standard input is never cached: it has no file to come back to.
      if (inputs[index]!.content === undefined && input.content !== undefined)
        cache.set(resolve(cwd, input.file), input.content, joinParts(parts));
      parts = [];
    },
  );
  hitsBefore(inputs.length);
}
