import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../errors.js";
import type { LintedFile, LintInput, LintJob, LintSink } from "./lint-file.js";

/** Where `--cache` keeps its file when `--cache-location` does not say (relative to the cwd). */
export const DEFAULT_CACHE_DIR = ".huashu-cache";
const CACHE_FILE = "lint.json";
/** Bumped when the cache file's shape changes; an older file is then simply not used. */
const CACHE_VERSION = 1;

interface CacheEntry {
  /** SHA-256 of the file's bytes. */
  content: string;
  linted: LintedFile;
}

interface CacheFile {
  version: number;
  /** Hash of everything besides a file's bytes that decides its results. */
  settings: string;
  /** By absolute path. */
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
 * What decides a file's results besides its bytes: the rule set (its content), the huashu
 * version, how inputs are read, suppression settings and whether fixes are computed.
 */
export function cacheSettings(job: LintJob, version: string): string {
  return sha256(
    JSON.stringify({
      version,
      rules: job.rules,
      scoring: job.scoring,
      read: job.read,
      directives: job.directives,
      fix: job.fix,
    }),
  );
}

function isCacheFile(data: unknown): data is CacheFile {
  if (typeof data !== "object" || data === null) return false;
  const { version, settings, entries } = data as Partial<CacheFile>;
  return (
    version === CACHE_VERSION &&
    typeof settings === "string" &&
    typeof entries === "object" &&
    entries !== null &&
    Object.values(entries).every(
      (entry) =>
        typeof entry?.content === "string" &&
        typeof entry.linted === "object" &&
        entry.linted !== null &&
        Array.isArray(entry.linted.results),
    )
  );
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
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        warn({ file: path, message: `无法读取缓存,已忽略: ${(error as Error).message}` });
      return new LintCache(path, settings, undefined);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (!isCacheFile(data)) {
      warn({ file: path, message: "缓存文件已损坏或来自其他版本,已忽略,将重新生成" });
      return new LintCache(path, settings, undefined);
    }
    return new LintCache(path, settings, data);
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

  /** Writes the cache; a failure is a warning, never a failed run. */
  async save(warn: (diagnostic: Diagnostic) => void): Promise<void> {
    const data: CacheFile = { version: CACHE_VERSION, settings: this.settings, entries: this.entries };
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(this.path, JSON.stringify(data));
    } catch (error) {
      warn({ file: this.path, message: `无法写入缓存: ${(error as Error).message}` });
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
        content = readFileSync(resolve(cwd, input.file));
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
