import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { huashu, ROOT } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";
import { copyFixtureRepo } from "./helpers/repo.js";

// The CLI conventions a new user expects from ESLint: stdin, --quiet, --print-config,
// --color, --cache, argument errors in the CLI's language, a sane default walk.

/** Tests that run the CLI many times (each run loads jieba) get more than the default minute. */
const MANY_RUNS = { timeout: 240_000 };

const RULES = join(ROOT, "fixtures/rules/basic.yaml");
const GOOD = "fixtures/examples/good-call.txt";
const BAD = "fixtures/examples/bad-call.txt";

interface JsonResult {
  file: string;
  violations: Array<{ ruleId: string; line: number; column: number; severity: string }>;
  score: number;
  baselined?: number;
}

function results(stdout: string): JsonResult[] {
  return jsonResults<JsonResult>(stdout);
}

/** `file:line:col rule` of every violation in `--format json` output. */
function locations(stdout: string): string[] {
  return results(stdout).flatMap((r) => r.violations.map((v) => `${r.file}:${v.line}:${v.column} ${v.ruleId}`));
}

/** A temporary folder holding `files` (path → text). */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-conv-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("argument errors", () => {
  it.each([
    [["lint", "--bogus"], "未知选项 “--bogus”", "huashu lint"],
    [["lint", GOOD, "--rules"], "选项 “--rules” 缺少值", "huashu lint"],
    [["lint", GOOD, "-r"], "选项 “--rules” 缺少值", "huashu lint"],
    [["lint", "--quiet=yes"], "选项 “--quiet” 不接受值", "huashu lint"],
    [["stream", "extra"], "多余的参数 “extra”", "huashu stream"],
  ])("%j is explained in Chinese with the usage line, exit 2", (args, message, usage) => {
    const run = huashu(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`huashu: ${message}`);
    expect(run.stderr).toContain(`用法: ${usage}`);
    expect(run.stderr).toContain(`运行 ${usage} --help 查看全部选项。`);
    expect(run.stderr).not.toMatch(/Unknown option|argument missing|Unexpected argument|does not take/);
  });
});

describe("huashu lint with standard input", () => {
  it("lints `-` and --stdin, named <stdin> or by --stdin-filename (which also picks the format)", () => {
    const dash = huashu(["lint", "-", "-r", RULES], { input: "坐席:您好\n坐席:喂,请讲。\n" });
    expect(dash.code).toBe(1);
    expect(dash.stdout).toContain("<stdin>:2:4  错误  taboo.wei");
    const named = huashu(["lint", "--stdin", "--stdin-filename", "calls/a.json", "-r", RULES, "-f", "json"], {
      input: JSON.stringify({
        turns: [
          { speaker: "agent", text: "您好" },
          { speaker: "agent", text: "我不知道,再见" },
        ],
      }),
    });
    expect(locations(named.stdout)).toEqual(["calls/a.json:1:71 taboo.dont-know"]);
  });

  it("keeps argument order around `-` and honours suppression comments in a piped script", () => {
    const run = huashu(["lint", GOOD, "-", BAD, "-r", RULES, "-f", "json"], {
      input: "# huashu-disable-next-line taboo.wei -- 反例\n坐席:喂\n",
    });
    expect(results(run.stdout).map((r) => r.file)).toEqual([GOOD, "<stdin>", BAD]);
    expect(locations(run.stdout).filter((l) => l.startsWith("<stdin>") && l.endsWith("taboo.wei"))).toEqual([]);
  });

  it("refuses --fix on standard input, --stdin beside paths and --stdin-filename alone", () => {
    expect(huashu(["lint", "-", "--fix", "-r", RULES], { input: "坐席:喂\n" })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--fix-dry-run"),
    });
    expect(huashu(["lint", "--stdin", GOOD, "-r", RULES], { input: "" }).code).toBe(2);
    expect(huashu(["lint", GOOD, "--stdin-filename", "a.txt", "-r", RULES]).code).toBe(2);
  });
});

describe("huashu lint when an input fails", () => {
  it.each([
    ["empty standard input", ["lint", "-", "-r", RULES], "<stdin>:1:1 文件为空"],
    ["a missing file", ["lint", "missing.txt", "-r", RULES], "missing.txt 无法检查"],
  ])("%s: no all-clear line, the failed inputs counted, exit 2", (_name, args, diagnostic) => {
    const run = huashu(args, { input: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(diagnostic);
    expect(run.stdout).not.toContain("✔");
    expect(run.stdout).toContain("✖ 1 个输入无法检查(见错误输出)");
  });

  it("counts failed inputs beside the problems of the others", () => {
    const run = huashu(["lint", "missing.txt", BAD, "-r", RULES]);
    expect(run.code).toBe(2);
    // bad-call.txt is a script fragment: its 3 forbidden phrases, no missing opening or closing.
    expect(run.stdout).toMatch(/✖ 3 个问题\(3 个错误,0 个警告,0 个提示\),检查了 1 个文件;1 个输入无法检查/);
  });
});

describe("huashu lint --quiet", () => {
  it("lists errors only; the score and the exit code still count the warnings", MANY_RUNS, () => {
    const dir = folderWith({ "call.txt": "您好\n这个真没办法,喂\n再见\n" });
    const loud = huashu(["lint", "call.txt", "-r", RULES, "-f", "json"], { cwd: dir });
    const quiet = huashu(["lint", "call.txt", "-r", RULES, "-f", "json", "--quiet"], { cwd: dir });
    expect(locations(loud.stdout)).toEqual(["call.txt:2:4 courtesy.no-way", "call.txt:2:8 taboo.wei"]);
    expect(locations(quiet.stdout)).toEqual(["call.txt:2:8 taboo.wei"]);
    expect(results(quiet.stdout)[0]!.score).toBe(results(loud.stdout)[0]!.score);
    expect(huashu(["lint", "call.txt", "-r", RULES, "--quiet"], { cwd: dir }).stdout).toContain(
      "✖ 1 个问题(1 个错误,0 个警告,0 个提示)",
    );
    const onlyWarning = folderWith({ "call.txt": "您好\n这个真没办法\n再见\n" });
    expect(huashu(["lint", "call.txt", "-r", RULES, "--quiet", "--max-warnings", "0"], { cwd: onlyWarning }).code).toBe(
      1,
    );
  });
});

describe("huashu lint --color / --no-color", () => {
  it("wins over NO_COLOR and FORCE_COLOR; both at once is a usage error", MANY_RUNS, () => {
    const args = ["lint", BAD, "-r", RULES];
    expect(huashu([...args, "--color"], { env: { NO_COLOR: "1" } }).stdout).toContain("\u001b[31m错误");
    expect(huashu([...args, "--no-color"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } }).stdout).not.toContain(
      "\u001b[",
    );
    expect(huashu([...args, "--color", "--no-color"]).code).toBe(2);
  });

  it("colours by default only when stdout is a terminal", () => {
    const command = `"${process.execPath}" "${join(ROOT, "dist/cli.js")}" lint "${join(ROOT, BAD)}" -r "${RULES}"`;
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => key !== "NO_COLOR" && key !== "FORCE_COLOR"),
    );
    const onTerminal = spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8", env }).stdout;
    expect(onTerminal).toContain("\u001b[31m错误");
  });
});

describe("huashu lint --print-config", () => {
  it(
    "prints the effective config for a file as JSON: rules with severities and sources, speakers, include/exclude",
    MANY_RUNS,
    () => {
      const repo = copyFixtureRepo("call-center");
      const run = huashu(["lint", "--print-config", "scripts/opening.txt"], { cwd: repo });
      expect(run).toMatchObject({ code: 0, stderr: "" });
      const config = JSON.parse(run.stdout);
      expect(config).toMatchObject({
        file: "scripts/opening.txt",
        config: "huashu.config.yaml",
        ignored: false,
        packs: [],
        include: ["scripts/**/*.txt", "scripts/**/*.md", "scripts/**/*.yaml"],
        exclude: ["scripts/drafts/"],
        failLevel: "error",
        suppressions: { requireReason: true, reportUnused: "off" },
      });
      expect(config.speakers).toMatchObject({ A: "agent", B: "customer", 客服: "agent" });
      expect(config.rules).toContainEqual({
        id: "courtesy.no-way",
        type: "forbidden",
        severity: "warning",
        source: "rules/company.yaml",
      });
      expect(config.rules).toContainEqual({ id: "flow.closing", severity: "off" });
      expect(
        JSON.parse(huashu(["lint", "--print-config", "scripts/legacy/old.txt"], { cwd: repo }).stdout).ignored,
      ).toBe(true);
    },
  );

  it("names the built-in packs used when there is no config", () => {
    const config = JSON.parse(huashu(["lint", "--print-config", "call.txt"], { cwd: folderWith({}) }).stdout);
    expect(config).toMatchObject({ config: null, packs: ["courtesy", "flow", "taboo", "voice"] });
    expect(config.rules).toContainEqual(expect.objectContaining({ id: "taboo.wei", source: "builtin:taboo" }));
  });
});

describe("huashu lint --cache", () => {
  const cacheFile = (dir: string) => join(dir, ".huashu-cache/lint.json");

  it("gives the same report from the cache, keyed by content, rules and options", MANY_RUNS, () => {
    const repo = copyFixtureRepo("call-center");
    const args = ["lint", "--cache", "-f", "json"];
    const cold = huashu(args, { cwd: repo });
    expect(existsSync(cacheFile(repo))).toBe(true);
    expect(huashu(args, { cwd: repo })).toEqual(cold);
    expect(huashu(["lint", "--cache"], { cwd: repo })).toEqual(huashu(["lint"], { cwd: repo }));

    // Mark a cached result to see whether it is used.
    const marked = () => {
      const cache = readFileSync(cacheFile(repo), "utf8");
      writeFileSync(cacheFile(repo), cache.replaceAll("不能用“喂”招呼客户", "来自缓存"));
    };
    const fromCache = () => huashu(args, { cwd: repo }).stdout.includes("来自缓存");
    huashu(args, { cwd: repo });
    marked();
    expect(fromCache()).toBe(true);
    // Another option that changes results, changed rules, changed content: linted again.
    marked();
    expect(huashu([...args, "--speaker-map", "B=agent"], { cwd: repo }).stdout).not.toContain("来自缓存");
    huashu(args, { cwd: repo });
    marked();
    const rules = join(repo, "rules/company.yaml");
    writeFileSync(rules, readFileSync(rules, "utf8").replace("您好,请问有什么可以帮您?", "您好!"));
    expect(fromCache()).toBe(false);
    marked();
    writeFileSync(
      join(repo, "scripts/opening.txt"),
      `${readFileSync(join(repo, "scripts/opening.txt"), "utf8")}坐席:再见\n`,
    );
    expect(
      locations(huashu(args, { cwd: repo }).stdout).filter((l) => l.startsWith("scripts/opening.txt")),
    ).toHaveLength(2);
    expect(huashu(args, { cwd: repo }).stdout.includes("来自缓存")).toBe(true);
  });

  it(
    "ignores a damaged cache with a warning and rewrites it; --cache-location names a folder or a file",
    MANY_RUNS,
    () => {
      const repo = copyFixtureRepo("call-center");
      const plain = huashu(["lint", "-f", "json"], { cwd: repo });
      mkdirSync(join(repo, ".huashu-cache"));
      writeFileSync(cacheFile(repo), '{"version": 1, "entries": [');
      const run = huashu(["lint", "--cache", "-f", "json"], { cwd: repo });
      expect(run.stderr).toBe(`${cacheFile(repo)} 警告: 缓存文件已损坏或来自其他版本,已忽略,将重新生成\n`);
      expect(run).toMatchObject({ code: plain.code, stdout: plain.stdout });
      expect(JSON.parse(readFileSync(cacheFile(repo), "utf8")).version).toBe(1);
      expect(huashu(["lint", "--cache", "--cache-location", "tmp/cache/"], { cwd: repo }).code).toBe(1);
      expect(existsSync(join(repo, "tmp/cache/lint.json"))).toBe(true);
      huashu(["lint", "--cache", "--cache-location", "ci.cache"], { cwd: repo });
      expect(existsSync(join(repo, "ci.cache"))).toBe(true);
      expect(huashu(["lint", "--cache-location", "x"], { cwd: repo }).code).toBe(2);
    },
  );
});

describe("huashu lint: what is linted by default", () => {
  const repoFiles = {
    "README.md": "# 说明\n坐席:喂,这是文档里的反例。\n",
    "CHANGELOG.md": "- 删掉了“喂”\n",
    "rules/extra.yaml": "rules:\n  - { id: extra.wei, type: forbidden, phrases: [喂], message: 不要说喂 }\n",
    "old/huashu.config.yaml": "failLevel: warning\n",
    "scripts/a.txt": "坐席:喂,您好\n",
    "scripts/b.yaml": "坐席:喂,请讲。\n",
    "docs/script.md": "坐席:喂,您好\n",
  };

  it("without a config or paths, says how to start and exits 2", () => {
    const run = huashu(["lint"], { cwd: folderWith(repoFiles) });
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toContain("没有找到 huashu.config.yaml,也没有指定要检查的文件");
    expect(run.stderr).toContain("huashu init");
  });

  it(
    "walks scripts only: never Markdown unless named, included or globbed, never rule files or configs",
    MANY_RUNS,
    () => {
      const dir = folderWith({ ...repoFiles, "huashu.config.yaml": "rules: [builtin:taboo]\n" });
      const files = (args: string[]) =>
        results(huashu(["lint", "-f", "json", ...args], { cwd: dir }).stdout).map((r) => r.file);
      expect(files([])).toEqual(["scripts/a.txt", "scripts/b.yaml"]);
      expect(files(["."])).toEqual(["scripts/a.txt", "scripts/b.yaml"]);
      expect(files(["README.md", "docs/**/*.md"])).toEqual(["README.md", "docs/script.md"]);
      writeFileSync(join(dir, "huashu.config.yaml"), "rules: [builtin:taboo]\ninclude: ['**/*.md', '**/*.yaml']\n");
      expect(files([])).toEqual(["CHANGELOG.md", "README.md", "docs/script.md", "scripts/b.yaml"]);
      // Without a config, a folder named is walked the same way.
      const bare = folderWith(repoFiles);
      expect(results(huashu(["lint", ".", "-f", "json"], { cwd: bare }).stdout).map((r) => r.file)).toEqual([
        "scripts/a.txt",
        "scripts/b.yaml",
      ]);
    },
  );
});

describe("scripts: comments and suppression comments", () => {
  it("does not lint # lines in .txt and .yaml scripts as speech, keeping line numbers", () => {
    const dir = folderWith({ "a.txt": "# 培训材料:反例,喂\n坐席:喂,您好\n", "b.yaml": "# 喂\n坐席:您好\n坐席:喂\n" });
    const run = huashu(["lint", "a.txt", "b.yaml", "-r", RULES, "-f", "json"], { cwd: dir });
    expect(locations(run.stdout).filter((l) => l.endsWith("taboo.wei"))).toEqual([
      "a.txt:2:4 taboo.wei",
      "b.yaml:3:4 taboo.wei",
    ]);
  });

  it("reports a misspelt rule id in a huashu-disable comment as an error, but not a rule turned off", () => {
    const repo = copyFixtureRepo("call-center");
    writeFileSync(
      join(repo, "scripts/typo.txt"),
      "# huashu-disable-next-line taboo.wie -- 反例\n坐席:您好,喂\n# huashu-disable-next-line flow.closing -- 已关闭的规则\n坐席:再见\n",
    );
    const run = huashu(["lint", "scripts/typo.txt", "-f", "json"], { cwd: repo });
    expect(run.code).toBe(1);
    expect(locations(run.stdout)).toEqual([
      "scripts/typo.txt:1:1 huashu/unknown-rule",
      "scripts/typo.txt:2:7 taboo.wei",
    ]);
  });
});

describe("huashu lint --fix-dry-run", () => {
  function gitRepo(): string {
    const repo = copyFixtureRepo("call-center");
    for (const args of [
      ["init", "-q"],
      ["add", "."],
      ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "scripts"],
    ]) {
      expect(spawnSync("git", args, { cwd: repo }).status).toBe(0);
    }
    return repo;
  }

  it("prints a diff with context that git apply accepts, and applying it is what --fix does", MANY_RUNS, () => {
    const repo = gitRepo();
    const run = huashu(["lint", "--fix-dry-run"], { cwd: repo });
    expect(run.stdout).toContain(
      "@@ -1,6 +1,6 @@\n 坐席:您好,很高兴为您服务。\n 客户:喂,我的宽带断了,你们知道吗?\n-坐席:喂,您听得到吗?\n+坐席:您好,您听得到吗?\n",
    );
    writeFileSync(join(repo, "fix.patch"), run.stdout);
    const check = spawnSync("git", ["apply", "--check", "fix.patch"], { cwd: repo, encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    expect(spawnSync("git", ["apply", "fix.patch"], { cwd: repo }).status).toBe(0);
    const fixed = copyFixtureRepo("call-center");
    huashu(["lint", "--fix"], { cwd: fixed });
    for (const file of ["scripts/opening.txt", "scripts/sales/upgrade.yaml"]) {
      expect(readFileSync(join(repo, file), "utf8")).toBe(readFileSync(join(fixed, file), "utf8"));
    }
  });

  it("keeps -f json valid: the diff goes to stderr", () => {
    const repo = gitRepo();
    const run = huashu(["lint", "--fix-dry-run", "-f", "json"], { cwd: repo });
    expect(locations(run.stdout)).toContain("scripts/refund.md:3:6 courtesy.no-way");
    expect(run.stderr).toMatch(/^--- a\/scripts\/opening\.txt\n\+\+\+ b\/scripts\/opening\.txt\n@@ /);
    writeFileSync(join(repo, "fix.patch"), run.stderr);
    expect(spawnSync("git", ["apply", "--check", "fix.patch"], { cwd: repo }).status).toBe(0);
  });
});
