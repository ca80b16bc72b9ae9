import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readRegularFile } from "../src/transcript/regular-file.js";
import { huashu, ROOT } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";
import { fixtureRulesPath } from "./helpers/rules.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const RULES = fixtureRulesPath("basic.yaml");
const HANG_MS = 120_000;

/** A fresh folder that every user may read and enter (the unprivileged run needs that). */
function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-faults-"));
  chmodSync(dir, 0o755);
  return dir;
}

type JsonResult = { file: string; violations: unknown[] };
const linted = (stdout: string) =>
  jsonResults<JsonResult>(stdout)
    .map((result) => result.file)
    .sort();

describe("huashu lint: special files, folders and links", () => {
  it(
    "reports /dev/zero and a FIFO named explicitly as not regular files, unread, and lints the other file",
    () => {
      const dir = tempFolder();
      writeFileSync(join(dir, "x.txt"), "坐席:喂\n");
      execFileSync("mkfifo", [join(dir, "pipe.txt")]);
      const run = huashu(["lint", "--rules", RULES, "--format", "json", "/dev/zero", "pipe.txt", "x.txt"], {
        cwd: dir,
        timeoutMs: HANG_MS,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^\/dev\/zero 不是普通文件\(字符设备\),未检查$/m);
      expect(run.stderr).toMatch(/^pipe\.txt 不是普通文件\(命名管道\),未检查$/m);
      expect(linted(run.stdout)).toEqual(["x.txt"]);
      // Walking the folder passes the FIFO by (only regular files are listed), and is not held up.
      const walked = huashu(["lint", "--rules", RULES, "--format", "json", "."], { cwd: dir, timeoutMs: HANG_MS });
      expect(walked.code).toBe(1);
      expect(linted(walked.stdout)).toEqual(["x.txt"]);
    },
    2 * HANG_MS,
  );

  it("holds the size cap while reading, not only from stat: a /proc file says size 0", () => {
    const path = "/proc/self/maps";
    expect(statSync(path).size).toBe(0);
    expect(readRegularFile(path, { maxBytes: 1 << 20 }).length).toBeGreaterThan(100);
    expect(() => readRegularFile(path, { maxBytes: 100 })).toThrow(/文件过大/);
  });

  it(
    "reports a subfolder it cannot read like an unreadable file (exit 2, naming it) and lints the rest",
    (context) => {
      const dir = tempFolder();
      writeFileSync(join(dir, "ok.txt"), "坐席:您好\n");
      mkdirSync(join(dir, "locked"));
      writeFileSync(join(dir, "locked", "hidden.txt"), "坐席:喂\n");
      chmodSync(join(dir, "locked"), 0o000);
      // Root reads any folder whatever its mode: run as `nobody` then (setpriv, util-linux)…
      const asNobody = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
      const [command, ...prefix] = [...asNobody, process.execPath];
      // …who cannot reach the build of a clone under a private folder (mode 700, as /root is).
      const reachable = spawnSync(command!, [...prefix, CLI, "--version"], { encoding: "utf8", timeout: HANG_MS });
      context.skip(
        reachable.status !== 0,
        `nobody cannot run ${CLI} (a folder above it is private): ${reachable.stderr.split("\n")[0]}`,
      );
      const run = spawnSync(command!, [...prefix, CLI, "lint", "--rules", RULES, "--format", "json", "."], {
        cwd: dir,
        encoding: "utf8",
        timeout: HANG_MS,
        env: { ...process.env, NO_COLOR: "1" },
      });
      expect(run.stderr).toMatch(/^locked 无法读取文件夹: 没有权限$/m);
      expect(run.status).toBe(2);
      expect(linted(run.stdout)).toEqual(["ok.txt"]);
    },
    2 * HANG_MS,
  );

  it(
    "lints each real file once when a symbolic link loops back to a parent folder",
    () => {
      const dir = tempFolder();
      mkdirSync(join(dir, "sub"));
      writeFileSync(join(dir, "a.txt"), "坐席:喂\n");
      writeFileSync(join(dir, "sub", "b.txt"), "坐席:喂\n");
      symlinkSync("..", join(dir, "sub", "loop"));
      const run = huashu(["lint", "--rules", RULES, "--format", "json", "."], { cwd: dir, timeoutMs: HANG_MS });
      expect(run.code).toBe(1);
      expect(linted(run.stdout)).toEqual(["a.txt", "sub/b.txt"]);
    },
    HANG_MS,
  );

  it(
    "never lets --fix rewrite a file outside the project through a link, and says so",
    () => {
      const dir = tempFolder();
      const project = join(dir, "project");
      mkdirSync(project);
      mkdirSync(join(dir, "outside"));
      const rules = join(project, "rules.yaml");
      writeFileSync(rules, "rules:\n  - { id: wei, type: forbidden, phrases: [喂], message: m, replacement: 您好 }\n");
      writeFileSync(join(project, "huashu.config.yaml"), "rules: [rules.yaml]\n");
      writeFileSync(join(dir, "outside", "theirs.txt"), "坐席:喂\n");
      writeFileSync(join(project, "ours.txt"), "坐席:喂\n");
      symlinkSync(join(dir, "outside", "theirs.txt"), join(project, "link.txt"));
      const run = huashu(["lint", "--fix", "--format", "json", "."], { cwd: project, timeoutMs: HANG_MS });
      expect(readFileSync(join(project, "ours.txt"), "utf8")).toBe("坐席:您好\n");
      expect(readFileSync(join(dir, "outside", "theirs.txt"), "utf8")).toBe("坐席:喂\n");
      expect(run.stderr).toMatch(/link\.txt 警告: 实际位置 .*theirs\.txt 在项目目录 .*project 之外/);
      // The file left alone is reported as it is: its violation stays, exit 1.
      const results = jsonResults<JsonResult>(run.stdout);
      expect(results.find((result) => result.file === "link.txt")!.violations).toHaveLength(1);
      expect(results.find((result) => result.file === "ours.txt")!.violations).toHaveLength(0);
      expect(run.code).toBe(1);
    },
    HANG_MS,
  );
});

/** How long a run that refuses a file may take; one that waits on a FIFO or reads /dev/zero is killed. */
const REFUSAL_MS = 60_000;

describe("every file huashu reads is a regular file of bounded size", () => {
  /** A folder with a script, a FIFO and the rule file the runs use. */
  function folderWithFifo() {
    const dir = tempFolder();
    writeFileSync(join(dir, "x.txt"), "坐席:喂\n");
    execFileSync("mkfifo", [join(dir, "fifo")]);
    return dir;
  }
  const run = (dir: string, args: string[]) => huashu(args, { cwd: dir, timeoutMs: REFUSAL_MS });

  it(
    "refuses a FIFO or /dev/zero as rules, config, baseline, labels, saved results or test-rules file (exit 2, naming it)",
    () => {
      const dir = folderWithFifo();
      const refused = [
        ["lint", "--rules", "SPECIAL", "x.txt"],
        ["lint", "-c", "SPECIAL", "x.txt"],
        ["lint", "--rules", RULES, "--baseline", "SPECIAL", "x.txt"],
        ["eval", "--rules", RULES, "--labels", "SPECIAL", "--corpus", "x.txt"],
        ["report", "SPECIAL"],
        ["test-rules", "SPECIAL"],
      ];
      for (const [special, kind] of [
        ["fifo", "命名管道"],
        ["/dev/zero", "字符设备"],
      ] as const) {
        for (const args of refused) {
          const result = run(
            dir,
            args.map((arg) => (arg === "SPECIAL" ? special : arg)),
          );
          expect(result.code, `${args.join(" ")} ${special}: ${result.stderr}`).toBe(2);
          expect(result.stderr).toContain(`${special}`);
          expect(result.stderr).toContain(`不是普通文件(${kind})`);
        }
      }
    },
    20 * REFUSAL_MS,
  );

  it(
    "ignores a FIFO or /dev/zero as --cache-location with a warning, lints, and writes nothing into it",
    () => {
      const dir = folderWithFifo();
      for (const special of ["fifo", "/dev/zero"]) {
        const result = run(dir, ["lint", "--rules", RULES, "--cache", "--cache-location", special, "x.txt"]);
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain(`${special} 警告: 无法读取缓存,已忽略: 不是普通文件`);
        expect(result.stderr).toContain(`${special} 警告: 不是普通文件,缓存未写入`);
      }
    },
    4 * REFUSAL_MS,
  );

  it(
    "walks past links to /dev/zero and to a FIFO, as scripts, rule-file candidates and ignore files",
    () => {
      const dir = folderWithFifo();
      mkdirSync(join(dir, "sub"));
      symlinkSync("/dev/zero", join(dir, "zero.yaml"));
      symlinkSync(join(dir, "fifo"), join(dir, "pipe.yml"));
      symlinkSync("/dev/urandom", join(dir, "random.txt"));
      symlinkSync("/dev/zero", join(dir, "sub", ".gitignore"));
      symlinkSync(join(dir, "fifo"), join(dir, ".huashuignore"));
      writeFileSync(join(dir, "sub", "y.txt"), "坐席:喂\n");
      const result = run(dir, ["lint", "--rules", RULES, "--format", "json", "."]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^zero\.yaml 不是普通文件\(字符设备\),未检查$/m);
      expect(result.stderr).toMatch(/^pipe\.yml 不是普通文件\(命名管道\),未检查$/m);
      expect(result.stderr).toMatch(/^random\.txt 不是普通文件\(字符设备\),未检查$/m);
      expect(linted(result.stdout)).toEqual(["sub/y.txt", "x.txt"]);
    },
    2 * REFUSAL_MS,
  );
});

describe("huashu lint: pipes", () => {
  it(
    "ends quietly, with its own exit code, when the reader of its output goes away (| head -1)",
    async () => {
      const dir = tempFolder();
      writeFileSync(join(dir, "big.txt"), "坐席:喂,我不知道\n".repeat(1500));
      const child = spawn(process.execPath, [CLI, "lint", "--rules", RULES, "big.txt"], {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once("data", () => child.stdout.destroy());
      const code = await new Promise((resolve) => child.once("exit", resolve));
      expect(stderr).toBe("");
      expect(code).toBe(1);
    },
    2 * HANG_MS,
  );

  it(
    "says it cannot write stdout, with exit 2, on a full disk",
    () => {
      const dir = tempFolder();
      writeFileSync(join(dir, "x.txt"), "坐席:喂\n");
      const run = spawnSync(process.execPath, [CLI, "lint", "--rules", RULES, "x.txt"], {
        cwd: dir,
        stdio: ["ignore", openSync("/dev/full", "w"), "pipe"],
        encoding: "utf8",
        timeout: HANG_MS,
      });
      expect(run.stderr).toMatch(/^huashu: 无法写入标准输出: 磁盘空间不足\n/);
      expect(run.stderr).not.toMatch(/Unhandled|at /);
      expect(run.status).toBe(2);
    },
    HANG_MS,
  );
});

describe("huashu lint: nodejieba installed without its native binding", () => {
  /**
   * An app where huashu's build is installed beside every dependency but nodejieba, whose
   * binding was never built: what an install that skipped nodejieba's install script leaves
   * (npm 12 without it in allowScripts, or --ignore-scripts).
   */
  function appWithoutBinding(): string {
    const app = tempFolder();
    const modules = join(app, "node_modules");
    mkdirSync(modules);
    for (const name of readdirSync(join(ROOT, "node_modules"))) {
      if (name !== "nodejieba" && name !== ".bin") symlinkSync(join(ROOT, "node_modules", name), join(modules, name));
    }
    const jieba = join(modules, "nodejieba");
    mkdirSync(jieba);
    for (const name of ["index.js", "package.json"])
      copyFileSync(join(ROOT, "node_modules/nodejieba", name), join(jieba, name));
    symlinkSync(join(ROOT, "node_modules/nodejieba/submodules"), join(jieba, "submodules"));
    const huashuDir = join(modules, "huashu");
    mkdirSync(huashuDir);
    cpSync(join(ROOT, "dist"), join(huashuDir, "dist"), { recursive: true });
    copyFileSync(join(ROOT, "package.json"), join(huashuDir, "package.json"));
    symlinkSync(join(ROOT, "rules"), join(huashuDir, "rules"));
    return app;
  }

  it(
    "says in Chinese that the binding was not built and how to build it, with exit 2, instead of an internal error",
    () => {
      const app = appWithoutBinding();
      writeFileSync(join(app, "x.txt"), "坐席:这个我也不知道怎么办\n");
      const run = spawnSync(join(app, "node_modules/huashu/dist/cli.js"), ["lint", "--rules", RULES, "x.txt"], {
        cwd: app,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        timeout: HANG_MS,
      });
      expect(run.stderr).not.toContain("内部错误");
      expect(run.stderr).toMatch(/nodejieba.*没有编译/);
      expect(run.stderr).toContain("npm rebuild nodejieba");
      expect(run.stderr).toContain("allowScripts");
      expect(run.status).toBe(2);
    },
    HANG_MS,
  );
});
