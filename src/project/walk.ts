import { readdir } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { glob, isDynamicPattern } from "tinyglobby";
import type { Diagnostic } from "../errors.js";
import { fileErrorMessage, readRegularFile } from "../transcript/regular-file.js";

/** Files named in these, in the root or any folder below it, are never linted. */
const IGNORE_FILES = [".gitignore", ".huashuignore"];
/** Never worth walking into: as ignore rules, and as globs for the walker. */
const ALWAYS_IGNORED = ["node_modules/", ".git/"];
const NEVER_WALKED = ALWAYS_IGNORED.map((folder) => `**/${folder}**`);
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

/** How folders are walked. */
export interface WalkOptions {
  /** The folder `include`, `exclude` and the top-level ignore files are relative to. */
  root: string;
  /** Globs of the files to lint inside a folder. */
  include: readonly string[];
  /** Gitignore-style patterns never to lint. */
  exclude: readonly string[];
  /** Absolute paths never to lint (the config, rule files, the baseline). */
  skip: ReadonlySet<string>;
  /** Whether a file a folder or glob turned up is worth linting (files named explicitly always are). */
  accept?: (file: string) => boolean;
}

/** The files to lint, in argument order (each folder or glob sorted by path), and what could not be used. */
export interface WalkResult {
  files: string[];
  /** Folders and globs in which no file to lint was found. */
  unmatched: string[];
  /** Files named explicitly but ignored. */
  ignored: string[];
  /** Folders inside the ones walked that could not be read (no permission, an I/O error). */
  unreadable: Diagnostic[];
}

/** Code-unit order: the same on every machine and locale. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A command-line path, resolved, and what is there: a folder, a file, or nothing (maybe a glob). */
interface NamedPath {
  arg: string;
  path: string;
  kind: "dir" | "file" | undefined;
}

/** `a/b` relative to `from`, or undefined when outside it. */
export function inside(from: string, path: string): string | undefined {
  const rel = relative(from, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}

/**
 * The ignore files that can apply to what `args` name, sorted: those of the folders from the
 * root down to each named file or folder, and every one below a named folder. A glob may reach
 * anywhere, so with one every ignore file under the root is read. Linting one script from a
 * home folder must not walk the whole of it (nor must the language server, for each document).
 */
async function ignoreFilesFor(named: readonly NamedPath[], root: string): Promise<string[]> {
  const searched = { dot: true, absolute: true, ignore: NEVER_WALKED };
  const patterns = IGNORE_FILES.map((name) => `**/${name}`);
  const folders = new Set<string>();
  const below = new Set<string>();
  for (const { arg, path, kind } of named) {
    if (!kind && isDynamicPattern(arg)) return (await glob(patterns, { ...searched, cwd: root })).sort(byPath);
    const folder = kind === "dir" ? path : dirname(path);
    if (!isInside(root, folder)) continue;
    for (let dir = folder; dir !== root; dir = dirname(dir)) folders.add(dir);
    folders.add(root);
    if (kind === "dir") below.add(folder);
  }
  const found = new Set<string>();
  for (const folder of below) for (const file of await glob(patterns, { ...searched, cwd: folder })) found.add(file);
  for (const folder of folders) {
    for (const name of IGNORE_FILES) {
      const file = resolve(folder, name);
      if (
        await stat(file).then(
          (stats) => stats.isFile(),
          () => false,
        )
      )
        found.add(file);
    }
  }
  return [...found].map((file) => resolve(file)).sort(byPath);
}

/** The ignore files that can apply to the paths named (see {@link ignoreFilesFor}), each for its own folder, plus the config's excludes. */
async function loadIgnores(
  named: readonly NamedPath[],
  options: WalkOptions,
): Promise<Array<{ dir: string; rules: Ignore }>> {
  const ignores = [{ dir: options.root, rules: ignore().add([...ALWAYS_IGNORED, ...options.exclude]) }];
  for (const file of await ignoreFilesFor(named, options.root))
    ignores.push({ dir: dirname(file), rules: ignore().add(readIgnoreFile(file)) });
  return ignores;
}

/**
 * Expands command-line paths into the files to lint. A file is linted as named unless an
 * ignore rule covers it; a folder is walked for `include` matches; a glob is expanded; any
 * other path is passed on as a file, so reading it reports the problem.
 * Ignore files apply inside the root: `.gitignore` and `.huashuignore` at every level.
 */
export async function findInputFiles(args: readonly string[], cwd: string, options: WalkOptions): Promise<WalkResult> {
  const named: NamedPath[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const kind = await stat(path).then(
      (stats) => (stats.isDirectory() ? "dir" : "file"),
      () => undefined,
    );
    named.push({ arg, path, kind });
  }
  const ignores = await loadIgnores(named, options);
  const isIgnored = (file: string, folder = false) =>
    options.skip.has(file) ||
    ignores.some(({ dir, rules }) => {
      const rel = inside(dir, file);
      return rel !== undefined && rules.ignores(folder ? `${rel}/` : rel);
    });
  // A Map keeps the first place of a file named twice, or reached twice through symbolic links.
  const files = new Map<string, string>();
  const add = async (file: string) => {
    const real = await realpath(file).catch(() => file);
    if (!files.has(real)) files.set(real, file);
  };
  const result: WalkResult = { files: [], unmatched: [], ignored: [], unreadable: [] };
  // The walker skips folders it cannot read without a word: note them as it goes.
  const failedFolders = new Map<string, NodeJS.ErrnoException>();
  const noteFailures: typeof readdir = ((
    path: string,
    options: never,
    callback: (error: NodeJS.ErrnoException | null, entries: never) => void,
  ) =>
    readdir(path, options, (error, entries) => {
      // A folder deleted while the walk goes on has nothing left to lint.
      if (error && error.code !== "ENOENT") failedFolders.set(resolve(path), error);
      callback(error, entries as never);
    })) as typeof readdir;
  const walk = { dot: false, absolute: true, ignore: NEVER_WALKED, fs: { readdir: noteFailures } };
  for (const { arg, path, kind } of named) {
    let matches: string[];
    if (kind === "file") {
      if (isIgnored(path)) result.ignored.push(arg);
      else await add(path);
      continue;
    } else if (kind === "dir") {
      const base = path === options.root || inside(options.root, path) !== undefined ? options.root : path;
      matches = (await glob([...options.include], { ...walk, cwd: base })).filter(
        (file) => inside(path, file) !== undefined,
      );
    } else if (isDynamicPattern(arg)) {
      matches = await glob(arg, { ...walk, cwd });
    } else {
      // Linting it reports why it cannot be read, beside the other files' results.
      await add(path);
      continue;
    }
    const unreadable = [...failedFolders].filter(
      ([folder]) => (kind !== "dir" || isInside(path, folder)) && !isIgnored(folder, true),
    );
    failedFolders.clear();
    for (const [folder, error] of unreadable)
      result.unreadable.push({ file: folder, message: `无法读取文件夹: ${fileErrorMessage(error)}` });
    const kept = matches
      .map((file) => resolve(file))
      .filter((file) => !isIgnored(file) && (options.accept?.(file) ?? true));
    if (matches.length === 0 && unreadable.length === 0) result.unmatched.push(arg);
    for (const file of kept.sort(byPath)) await add(file);
  }
  result.files = [...files.values()];
  return result;
}

/** Whether `path` is `folder` or inside it. */
export function isInside(folder: string, path: string): boolean {
  return path === folder || inside(folder, path) !== undefined;
}

/** A path as reports show it: relative to the working directory when inside it. */
export function displayPath(cwd: string, file: string): string {
  return inside(cwd, file) ?? file;
}

/**
 * An ignore file's patterns: a regular file of at most 1 MiB, so a `.gitignore` that is a FIFO
 * or a link to /dev/zero is passed over, not waited on or read without end.
 */
function readIgnoreFile(file: string): string {
  try {
    return readRegularFile(file, { maxBytes: MAX_IGNORE_FILE_BYTES }).toString("utf8");
  } catch {
    return "";
  }
}
