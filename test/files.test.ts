import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { glob } from "tinyglobby";
import { describe, expect, it, vi } from "vitest";
import { findConfigFile } from "../src/project/config.js";
import { findInputFiles } from "../src/project/walk.js";
import { Progress } from "../src/cli/progress.js";

// The real glob, watched: which folders are searched for ignore files is what a test checks.
vi.mock("tinyglobby", async (importOriginal) => {
  const actual = await importOriginal<typeof import("tinyglobby")>();
  return { ...actual, glob: vi.fn(actual.glob) };
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "huashu-files-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const options = (root: string, overrides = {}) => ({
  root,
  include: ["**/*.txt", "**/*.md"],
  exclude: [],
  skip: new Set<string>(),
  ...overrides,
});

describe("finding input files", () => {
  it("walks include globs, honours .gitignore and .huashuignore at every level, excludes and skips", async () => {
    const root = tree({
      ".gitignore": "build/\n",
      "a.txt": "",
      "b.md": "",
      "c.yaml": "",
      "build/x.txt": "",
      "sub/.huashuignore": "*.md\n!keep.md\n",
      "sub/d.md": "",
      "sub/keep.md": "",
      "sub/e.txt": "",
      "drafts/f.txt": "",
      "node_modules/p/g.txt": "",
      ".hidden/h.txt": "",
      "skip.txt": "",
    });
    const found = await findInputFiles(
      ["."],
      root,
      options(root, { exclude: ["drafts/"], skip: new Set([join(root, "skip.txt")]) }),
    );
    expect(found.files.map((file) => file.slice(root.length + 1))).toEqual([
      "a.txt",
      "b.md",
      "sub/e.txt",
      "sub/keep.md",
    ]);
    expect(found.unmatched).toEqual([]);
  });

  it("walks a subfolder with the root's include patterns; reports empty globs and ignored explicit files", async () => {
    const root = tree({ ".gitignore": "old.txt\n", "scripts/a.txt": "", "scripts/old.txt": "", "other/b.txt": "" });
    const found = await findInputFiles(
      ["scripts", "scripts/old.txt", "*.docx", "missing.txt"],
      join(root, "other"),
      options(root),
    );
    // Paths resolve against the cwd (other/), so "scripts" there does not exist and is passed on as a file.
    expect(found.unmatched).toEqual(["*.docx"]);
    const fromRoot = await findInputFiles(
      ["scripts", "scripts/old.txt"],
      root,
      options(root, { include: ["scripts/**/*.txt"] }),
    );
    expect(fromRoot.files).toEqual([join(root, "scripts/a.txt")]);
    expect(fromRoot.ignored).toEqual(["scripts/old.txt"]);
  });

  it("reads only the ignore files that can apply: a named file's folders up to the root, and every one below a named folder", async () => {
    const root = tree({
      ".gitignore": "old.txt\n",
      "scripts/a.txt": "",
      "scripts/old.txt": "",
      "scripts/.huashuignore": "draft.txt\n",
      "scripts/draft.txt": "",
      "scripts/deep/.gitignore": "a.txt\n",
      "scripts/deep/a.txt": "",
      "other/.gitignore": "*.txt\n",
      "other/b.txt": "",
    });
    const ignoreFileSearches = () =>
      (vi.mocked(glob).mock.calls as unknown as Array<[string | string[], { cwd?: string }?]>).filter(([patterns]) =>
        String(patterns).includes(".gitignore"),
      );
    vi.mocked(glob).mockClear();
    const named = await findInputFiles(["scripts/a.txt", "scripts/old.txt", "scripts/draft.txt"], root, options(root));
    expect(named.files).toEqual([join(root, "scripts/a.txt")]);
    expect(named.ignored).toEqual(["scripts/old.txt", "scripts/draft.txt"]);
    expect(ignoreFileSearches()).toEqual([]);
    const walked = await findInputFiles(["scripts"], root, options(root));
    expect(walked.files).toEqual([join(root, "scripts/a.txt")]);
    // The folder is searched for ignore files, not the root with other/ in it.
    expect(ignoreFileSearches().map(([, options]) => options?.cwd)).toEqual([join(root, "scripts")]);
  });

  it("finds the nearest config file upward", () => {
    const root = tree({ "huashu.config.yaml": "rules: []\n", "a/b/c.txt": "" });
    expect(findConfigFile(join(root, "a", "b"))).toBe(join(root, "huashu.config.yaml"));
  });
});

describe("progress", () => {
  /** A Progress whose clock is `time.now`, writing into `out`. */
  function progressOf(totalFiles: number) {
    const state = { out: "", now: 0 };
    const progress = new Progress(
      totalFiles,
      (text) => (state.out += text),
      () => state.now,
    );
    return { progress, state };
  }

  it("draws a bar of files in place, with the calls and their rate, and clears itself when the last file is done", () => {
    const { progress, state } = progressOf(60);
    state.now = 2000;
    progress.callsDone(4);
    progress.filesDone(1); // within 100 ms of the last draw: skipped
    state.now = 4000;
    progress.filesDone(2);
    progress.filesDone(60);
    progress.callsDone(1); // after the last file: stays cleared
    const bar = (filled: number) => `[${"#".repeat(filled)}${" ".repeat(30 - filled)}]`;
    expect(state.out).toBe(
      `\r检查中 ${bar(0)} 0/60 个文件,4 通通话,2 通/秒\r检查中 ${bar(1)} 2/60 个文件,4 通通话,1 通/秒\r\u001b[K`,
    );
  });

  it("for one large input, shows the calls done and calls per second once there are 1,000", () => {
    const { progress, state } = progressOf(1);
    progress.callsDone(999);
    expect(state.out).toBe("");
    state.now = 500;
    progress.callsDone(1);
    state.now = 1000;
    progress.callsDone(35_810);
    expect(state.out).toBe("\r检查中 1,000 通通话,2,000 通/秒\r检查中 36,810 通通话,36,810 通/秒");
    progress.filesDone(1);
    expect(state.out.endsWith("\r\u001b[K")).toBe(true);
  });
});
