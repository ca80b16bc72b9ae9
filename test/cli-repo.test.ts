import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { huashu, ROOT } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";
import { copyFixtureRepo } from "./helpers/repo.js";

interface JsonResult {
  file: string;
  violations: Array<{ ruleId: string; line: number; column: number; severity: string; text: string }>;
}

/** `file:line:col rule` of every violation in `--format json` output. */
function locations(stdout: string): string[] {
  return jsonResults<JsonResult>(stdout).flatMap((r) =>
    r.violations.map((v) => `${r.file}:${v.line}:${v.column} ${v.ruleId}`),
  );
}

// SARIF 2.1.0 as published in its final release candidate (rtm.5, the copy Microsoft's
// @microsoft/jest-sarif ships), vendored as test data; it is a draft-04 JSON schema.
const sarifSchema = JSON.parse(
  readFileSync(new URL("./data/sarif-schema-2.1.0-rtm.5.json", import.meta.url), "utf8"),
) as object;
// unicodeRegExp off: the schema's `language` pattern has a stray `]` that the `u` flag rejects.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

const ALL_VIOLATIONS = [
  "scripts/opening.txt:3:4 taboo.wei",
  "scripts/opening.txt:6:8 taboo.dont-know",
  "scripts/refund.md:3:6 courtesy.no-way",
  "scripts/refund.md:4:1 huashu/disable-reason",
  "scripts/refund.md:9:1 huashu/disable-reason",
  "scripts/sales/upgrade.yaml:2:4 taboo.wei",
];

describe("huashu lint on a script repository (built CLI)", () => {
  let repo: string;
  beforeAll(() => {
    repo = copyFixtureRepo("call-center");
  });

  it("finds the config upward, walks include globs, skips .gitignore, .huashuignore and exclude", () => {
    const run = huashu(["lint", "--format", "json"], { cwd: join(repo, "scripts") });
    expect(run.stderr).toBe("");
    const files = jsonResults<JsonResult>(run.stdout).map((r) => r.file);
    expect(files).toEqual(["opening.txt", "refund.md", "sales/clean.txt", "sales/upgrade.yaml"]);
  });

  it("applies severity overrides and `off`, the speaker mapping and suppression comments", () => {
    const run = huashu(["lint", "--format", "json"], { cwd: repo });
    expect(run.code).toBe(1);
    // B: is the customer by the config's speakers, so 喂 and 不知道 on refund.md:2 are no violations;
    // flow.closing is off; commented lines are silenced; comments without a reason are errors.
    expect(locations(run.stdout)).toEqual(ALL_VIOLATIONS);
    const noWay = jsonResults<JsonResult>(run.stdout)[1]!.violations[0]!;
    expect(noWay).toMatchObject({ ruleId: "courtesy.no-way", severity: "warning" });
    // The 不知道 silenced on opening.txt:5 takes nothing off the score; the one on line 6 does.
    const opening = jsonResults(run.stdout)[0]!;
    expect(opening.deductions.map((d) => [d.ruleId, d.violations])).toEqual([
      ["taboo.wei", 1],
      ["taboo.dont-know", 1],
    ]);
  });

  it("accepts globs, names an explicitly given ignored file on stderr and does not lint it", () => {
    const run = huashu(["lint", "scripts/legacy/old.txt", "scripts/**/*.txt", "-f", "json"], { cwd: repo });
    expect(run.stderr).toBe("scripts/legacy/old.txt 已被忽略规则排除,未检查\n");
    expect(jsonResults<JsonResult>(run.stdout).map((r) => r.file)).toEqual([
      "scripts/opening.txt",
      "scripts/sales/clean.txt",
    ]);
  });

  it("exits 2 for a glob that matches nothing, still reporting the rest", () => {
    const run = huashu(["lint", "scripts/**/*.docx", "scripts/opening.txt", "-f", "json"], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("scripts/**/*.docx 没有找到要检查的文件");
    expect(locations(run.stdout)).toHaveLength(2);
  });

  it("exits by --fail-level and --max-warnings", () => {
    const dir = copyFixtureRepo("call-center");
    writeFileSync(join(dir, "scripts/polite.txt"), "坐席:您好。\n坐席:这个真没办法。\n");
    const polite = ["lint", "scripts/polite.txt"];
    expect(huashu(polite, { cwd: dir }).code).toBe(0);
    expect(huashu([...polite, "--fail-level", "warning"], { cwd: dir }).code).toBe(1);
    expect(huashu([...polite, "--fail-level", "info"], { cwd: dir }).code).toBe(1);
    expect(huashu([...polite, "--max-warnings", "0"], { cwd: dir }).code).toBe(1);
    expect(huashu([...polite, "--max-warnings", "1"], { cwd: dir }).code).toBe(0);
    expect(huashu([...polite, "--fail-level", "fatal"], { cwd: dir }).code).toBe(2);
  });

  it("reports suppression comments that silence nothing with --report-unused-disable", () => {
    const dir = copyFixtureRepo("call-center");
    writeFileSync(
      join(dir, "scripts/unused.txt"),
      "坐席:您好。\n# huashu-disable-next-line taboo.wei -- 以防万一\n坐席:请稍等。\n",
    );
    const args = ["lint", "scripts/unused.txt", "-f", "json"];
    expect(huashu(args, { cwd: dir })).toMatchObject({ code: 0 });
    const run = huashu([...args, "--report-unused-disable"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(locations(run.stdout)).toEqual(["scripts/unused.txt:2:1 huashu/unused-disable"]);
  });

  it("writes SARIF 2.1.0 that validates against the schema, with rule help and relative URIs", () => {
    const run = huashu(["lint", "--format", "sarif"], { cwd: repo });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const sarifRun = log.runs[0];
    const wei = sarifRun.tool.driver.rules.find((rule: { id: string }) => rule.id === "taboo.wei");
    expect(wei).toMatchObject({
      shortDescription: { text: "不能用“喂”招呼客户" },
      help: { text: "规范用语: 您好,请问有什么可以帮您?" },
      helpUri: "https://example.com/standards#wei",
      properties: { tags: ["服务忌语"] },
    });
    expect(sarifRun.results).toHaveLength(ALL_VIOLATIONS.length);
    expect(sarifRun.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "scripts/opening.txt", uriBaseId: "%SRCROOT%" },
      region: { startLine: 3, startColumn: 4, endLine: 3, endColumn: 5, snippet: { text: "喂" } },
    });
  });

  it("keeps SARIF fingerprints when lines move, and distinguishes repeated matches", () => {
    const dir = copyFixtureRepo("call-center");
    const fingerprints = () =>
      JSON.parse(huashu(["lint", "scripts/opening.txt", "-f", "sarif"], { cwd: dir }).stdout).runs[0].results.map(
        (result: { partialFingerprints: Record<string, string> }) => result.partialFingerprints["huashuMatch/v1"],
      );
    const before = fingerprints();
    const path = join(dir, "scripts/opening.txt");
    writeFileSync(path, `客户:你好。\n${readFileSync(path, "utf8")}坐席:喂,您听得到吗?\n`);
    const after = fingerprints();
    expect(after.slice(0, 2)).toEqual(before);
    expect(new Set(after).size).toBe(3);
  });

  it("writes GitHub Actions annotations, checkstyle, JUnit and a Markdown summary", () => {
    const github = huashu(["lint", "-f", "github"], { cwd: repo }).stdout.split("\n");
    expect(github[0]).toBe(
      "::error file=scripts/opening.txt,line=3,col=4,endLine=3,endColumn=5,title=huashu taboo.wei::不能用“喂”招呼客户  原文: “喂”  → 规范用语: 您好,请问有什么可以帮您?",
    );
    expect(github[2]).toMatch(/^::warning file=scripts\/refund\.md,line=3,col=6,/);

    const checkstyle = huashu(["lint", "-f", "checkstyle"], { cwd: repo }).stdout;
    expect(checkstyle).toContain('<file name="scripts/opening.txt">');
    expect(checkstyle).toContain('<error line="3" column="4" severity="error" message="不能用“喂”招呼客户  原文: “喂”');
    expect(checkstyle).toContain(
      'message="huashu-disable 注释须说明理由,写在 “ -- ” 之后  原文: “&lt;!-- huashu-disable --&gt;”"',
    );

    const junit = huashu(["lint", "-f", "junit"], { cwd: repo }).stdout;
    // Four rules are on (flow.closing is off), each a test case in each of the four files.
    expect(junit).toContain('<testsuite name="scripts/sales/clean.txt" tests="4" failures="0"');
    expect(junit).toContain('<testcase name="taboo.wei" classname="scripts/opening.txt">');

    const markdown = huashu(["lint", "-f", "markdown"], { cwd: repo }).stdout;
    expect(markdown).toContain("✖ 6 个问题(5 个错误,1 个警告,0 个提示),检查了 4 个文件");
    expect(markdown).toContain(
      "| scripts/opening.txt:3:4 | 错误 | `taboo.wei` | 不能用“喂”招呼客户 | “喂” | 您好,请问有什么可以帮您? |",
    );
  });

  it("writes the report to --output-file instead of stdout", () => {
    const dir = copyFixtureRepo("call-center");
    const run = huashu(["lint", "-f", "sarif", "-o", "huashu.sarif"], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(validateSarif(JSON.parse(readFileSync(join(dir, "huashu.sarif"), "utf8")))).toBe(true);
  });

  it("colours stylish output only when asked and never with NO_COLOR", () => {
    const args = ["lint", "scripts/opening.txt"];
    expect(huashu(args, { cwd: repo }).stdout).not.toContain("\u001b[");
    expect(huashu(args, { cwd: repo, env: { NO_COLOR: undefined, FORCE_COLOR: "1" } }).stdout).toContain(
      "\u001b[31m错误",
    );
    expect(huashu(args, { cwd: repo, env: { NO_COLOR: "1", FORCE_COLOR: "1" } }).stdout).not.toContain("\u001b[");
    // Not a terminal (a pipe here), so no colour without FORCE_COLOR.
    expect(huashu(args, { cwd: repo, env: { NO_COLOR: undefined } }).stdout).not.toContain("\u001b[");
  });

  it("goes on past an unreadable file on worker threads too, and exits 2", () => {
    const run = huashu(["lint", "missing.txt", "scripts", "--jobs", "2", "-f", "json"], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^missing\.txt 无法检查: 文件或文件夹不存在$/m);
    expect(locations(run.stdout)).toEqual(ALL_VIOLATIONS);
  });

  it("gives the same output with --jobs 2 as with --jobs 1", () => {
    for (const format of ["json", "stylish", "sarif"]) {
      const one = huashu(["lint", "-f", format, "--jobs", "1"], { cwd: repo });
      const two = huashu(["lint", "-f", format, "--jobs", "2"], { cwd: repo });
      expect(two).toEqual(one);
    }
  });
});

describe("huashu lint --write-baseline / --baseline", () => {
  // Eight runs of the CLI, each loading jieba.
  it("records today's violations, then fails only on new ones, even after lines move", { timeout: 180_000 }, () => {
    const dir = copyFixtureRepo("call-center");
    const written = huashu(["lint", "--write-baseline"], { cwd: dir });
    expect(written).toMatchObject({ code: 0, stdout: "", stderr: "已把 6 个问题写入基线 .huashu-baseline.json\n" });
    const baseline = JSON.parse(readFileSync(join(dir, ".huashu-baseline.json"), "utf8"));
    expect(baseline.violations).toContainEqual({
      ruleId: "taboo.wei",
      file: "scripts/opening.txt",
      text: "喂",
      context: "喂,您听得到吗?",
      count: 1,
    });
    expect(JSON.stringify(baseline)).not.toMatch(/"line"/);

    expect(huashu(["lint"], { cwd: dir })).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("✔ 未发现问题,检查了 4 个文件;基线中的 6 个已知问题未列出"),
    });
    // A baseline decides what fails the run, not what a call scored; each result says how many it hid.
    const withBaseline = jsonResults(huashu(["lint", "-f", "json"], { cwd: dir }).stdout);
    const without = jsonResults(huashu(["lint", "-f", "json", "--no-baseline"], { cwd: dir }).stdout);
    expect(withBaseline.map((r) => r.score)).toEqual(without.map((r) => r.score));
    expect(without.map((r) => r.score)).not.toEqual([100, 100, 100, 100]);
    expect(withBaseline.map((r) => r.baselined)).toEqual([2, 3, 0, 1]);
    const opening = join(dir, "scripts/opening.txt");
    writeFileSync(opening, `客户:你好。\n${readFileSync(opening, "utf8")}`);
    expect(huashu(["lint"], { cwd: join(dir, "scripts") }).code).toBe(0);

    writeFileSync(opening, `${readFileSync(opening, "utf8")}坐席:喂,您听得到吗?\n`);
    const run = huashu(["lint", "-f", "json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(locations(run.stdout)).toEqual(["scripts/opening.txt:8:4 taboo.wei"]);
    expect(locations(huashu(["lint", "-f", "json", "--no-baseline"], { cwd: dir }).stdout)).toHaveLength(7);
  });

  it("writes and reads a baseline at a path given with --write-baseline=FILE and --baseline FILE", () => {
    const dir = copyFixtureRepo("call-center");
    expect(huashu(["lint", "--write-baseline=ci/known.json"], { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, ".huashu-baseline.json"))).toBe(false);
    expect(huashu(["lint"], { cwd: dir }).code).toBe(1);
    expect(huashu(["lint", "--baseline", "ci/known.json"], { cwd: dir }).code).toBe(0);
    // A path after a bare --write-baseline is a path to lint, not the baseline's name.
    expect(huashu(["lint", "--write-baseline", "scripts/opening.txt"], { cwd: dir }).stderr).toBe(
      "已把 2 个问题写入基线 .huashu-baseline.json\n",
    );
  });

  it("exits 2 naming the file when the baseline is not one", () => {
    const dir = copyFixtureRepo("call-center");
    writeFileSync(join(dir, ".huashu-baseline.json"), '{"version": 2}');
    const run = huashu(["lint"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.huashu-baseline\.json:\d+:\d+ 基线文件格式不对/);
  });
});

describe("huashu lint --fix / --fix-dry-run", () => {
  it("prints a diff and changes nothing with --fix-dry-run", () => {
    const dir = copyFixtureRepo("call-center");
    const before = readFileSync(join(dir, "scripts/opening.txt"), "utf8");
    const run = huashu(["lint", "--fix-dry-run", "-f", "json", "-o", "report.json"], { cwd: dir });
    expect(run.stdout).toBe(
      [
        "--- a/scripts/opening.txt",
        "+++ b/scripts/opening.txt",
        "@@ -1,6 +1,6 @@",
        " 坐席:您好,很高兴为您服务。",
        " 客户:喂,我的宽带断了,你们知道吗?",
        "-坐席:喂,您听得到吗?",
        "+坐席:您好,您听得到吗?",
        " # huashu-disable-next-line taboo.dont-know -- 培训材料里故意展示的反例",
        " 坐席:我不知道。",
        "-坐席:这个我也不知道。",
        "+坐席:这个我也需要核实一下。",
        "--- a/scripts/sales/upgrade.yaml",
        "+++ b/scripts/sales/upgrade.yaml",
        "@@ -1,4 +1,4 @@",
        " 坐席:您好,这里是宽带升级专线。",
        "-坐席:喂,您考虑一下千兆套餐?",
        "+坐席:您好,您考虑一下千兆套餐?",
        " # huashu-disable-next-line courtesy.no-way -- 转述客户原话",
        " 坐席:您说“没办法,太贵了”,我理解。",
        "",
      ].join("\n"),
    );
    expect(readFileSync(join(dir, "scripts/opening.txt"), "utf8")).toBe(before);
    // The report shows what would remain after the fix.
    expect(locations(readFileSync(join(dir, "report.json"), "utf8"))).toEqual([
      "scripts/refund.md:3:6 courtesy.no-way",
      "scripts/refund.md:4:1 huashu/disable-reason",
      "scripts/refund.md:9:1 huashu/disable-reason",
    ]);
  });

  it("rewrites only the matched phrases, leaves prefixes and silenced lines alone, and is idempotent", () => {
    const dir = copyFixtureRepo("call-center");
    const first = huashu(["lint", "--fix"], { cwd: dir });
    expect(first.stderr).toBe("已修复 3 处\n");
    const opening = readFileSync(join(dir, "scripts/opening.txt"), "utf8");
    expect(opening).toBe(
      [
        "坐席:您好,很高兴为您服务。",
        "客户:喂,我的宽带断了,你们知道吗?",
        "坐席:您好,您听得到吗?",
        "# huashu-disable-next-line taboo.dont-know -- 培训材料里故意展示的反例",
        "坐席:我不知道。",
        "坐席:这个我也需要核实一下。",
        "",
      ].join("\n"),
    );
    const second = huashu(["lint", "--fix"], { cwd: dir });
    expect(second.stderr).toBe("");
    expect(readFileSync(join(dir, "scripts/opening.txt"), "utf8")).toBe(opening);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe("huashu lint --fix and inputs that are not UTF-8 scripts", () => {
  it("never rewrites transcripts or scripts in other encodings, keeps a byte-order mark, and says so", () => {
    const dir = copyFixtureRepo("call-center");
    for (const name of ["json.json", "script-gbk.txt"])
      cpSync(join(ROOT, "fixtures/transcripts", name), join(dir, "scripts", name));
    writeFileSync(join(dir, "scripts/bom.txt"), "\uFEFF坐席:您好,我不知道。\n");
    const before = (name: string) => readFileSync(join(ROOT, "fixtures/transcripts", name));
    const run = huashu(
      ["lint", "--fix", "scripts/json.json", "scripts/script-gbk.txt", "scripts/bom.txt", "-f", "json"],
      { cwd: dir },
    );
    expect(run.stderr).toBe("scripts/script-gbk.txt 警告: 不是 UTF-8 编码的文件不自动修复\n已修复 1 处\n");
    expect(readFileSync(join(dir, "scripts/json.json"))).toEqual(before("json.json"));
    expect(readFileSync(join(dir, "scripts/script-gbk.txt"))).toEqual(before("script-gbk.txt"));
    expect(readFileSync(join(dir, "scripts/bom.txt"), "utf8")).toBe("\uFEFF坐席:您好,我需要核实一下。\n");
    // The transcript's and the GBK script's 不知道 are still reported.
    expect(locations(run.stdout).filter((l) => l.endsWith("taboo.dont-know"))).toEqual([
      "scripts/json.json:18:19 taboo.dont-know",
      "scripts/script-gbk.txt:3:7 taboo.dont-know",
    ]);
  });
});

describe("huashu lint: config problems", () => {
  function repoWithConfig(config: string): string {
    const dir = copyFixtureRepo("call-center");
    writeFileSync(join(dir, "huashu.config.yaml"), config);
    return dir;
  }

  it("exits 2 naming file:line:col for an invalid config", () => {
    const dir = repoWithConfig("rules:\n  - rules/company.yaml\nfailLevel: fatal\nincludes: []\n");
    const run = huashu(["lint"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(dir, "huashu.config.yaml")}:3:12 failLevel:`);
    expect(run.stderr).toContain(`${join(dir, "huashu.config.yaml")}:4:1 includes: 未知字段 “includes”`);
    expect(run.stdout).toBe("");
  });

  it("reports an unknown built-in pack and a severity for an unknown rule where they are written", () => {
    const dir = repoWithConfig(
      "rules:\n  - rules/company.yaml\n  - builtin:nonexistent\nseverity:\n  taboo.wie: off\n",
    );
    const run = huashu(["lint"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${join(dir, "huashu.config.yaml")}:3:5 未知的内置规则包 “nonexistent”,可用: courtesy、flow、taboo、voice`,
    );
    const second = huashu(["lint"], {
      cwd: repoWithConfig("rules:\n  - rules/company.yaml\nseverity:\n  taboo.wie: off\n"),
    });
    expect(second.stderr).toContain(":4:14 severity: 没有 id 为 “taboo.wie” 的规则");
  });

  it("loads built-in packs named builtin:NAME, beside rule files", () => {
    const dir = repoWithConfig("rules:\n  - builtin:taboo\n");
    const run = huashu(["lint", "scripts/opening.txt", "-f", "json"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(locations(run.stdout)).toContain("scripts/opening.txt:3:4 taboo.wei");
    // Built-in and own rules with the same id clash, as any two rule files do.
    const clash = huashu(["lint"], { cwd: repoWithConfig("rules:\n  - builtin:taboo\n  - rules/company.yaml\n") });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("规则 id “taboo.wei” 重复");
  });

  it("uses --config instead of searching upward", () => {
    const dir = copyFixtureRepo("call-center");
    writeFileSync(join(dir, "strict.yaml"), "rules: [rules/company.yaml]\n");
    const run = huashu(["lint", "scripts/refund.md", "-c", "strict.yaml", "-f", "json"], { cwd: dir });
    // Without the config's speakers A:/B: are no role prefixes, so those Markdown lines are prose,
    // not speech; without its requireReason the bare huashu-disable comments are no problem.
    expect(locations(run.stdout)).toEqual([]);
    expect(locations(huashu(["lint", "scripts/refund.md", "-f", "json"], { cwd: dir }).stdout)).toContain(
      "scripts/refund.md:4:1 huashu/disable-reason",
    );
  });
});

describe("huashu lint progress bar", () => {
  /** Runs the CLI with stderr on a pseudo-terminal (util-linux `script`) and returns what it showed there. */
  function stderrOnTerminal(files: number): string {
    const dir = mkdtempSync(join(tmpdir(), "huashu-progress-"));
    for (let i = 0; i < files; i++) writeFileSync(join(dir, `call-${i}.txt`), "坐席:您好\n");
    const command = `"${process.execPath}" "${join(ROOT, "dist/cli.js")}" lint "${dir}" -r "${join(ROOT, "fixtures/rules/basic.yaml")}" --jobs 1 > /dev/null`;
    return spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8" }).stdout;
  }

  it("draws on stderr when it is a terminal and there are more than 50 files, then clears its line", () => {
    const shown = stderrOnTerminal(51);
    expect(shown).toMatch(/^\r检查中 \[#*\s*\] \d+\/51/);
    expect(shown.endsWith("\r\u001b[K")).toBe(true);
    expect(stderrOnTerminal(50)).toBe("");
  });
});

describe("rule files named twice", () => {
  it("are loaded once when the config and --rules name the same file", () => {
    const dir = copyFixtureRepo("call-center");
    const both = huashu(["lint", "--rules", "rules/company.yaml", "-f", "json"], { cwd: dir });
    expect(both.stderr).toBe("");
    expect(both.stdout).toBe(huashu(["lint", "-f", "json"], { cwd: dir }).stdout);
  });
});

describe("huashu init", () => {
  it("writes a starter config using built-in packs that lint can use, and will not overwrite without --force", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-init-"));
    expect(huashu(["init"], { cwd: dir })).toMatchObject({ code: 0, stdout: "已写入 huashu.config.yaml\n" });
    writeFileSync(join(dir, "call.txt"), "坐席:您好。\n坐席:我不知道。\n");
    const run = huashu(["lint", "-f", "json"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(locations(run.stdout)).toContain("call.txt:2:5 taboo.dont-know");
    expect(huashu(["init"], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining("已存在") });
    expect(huashu(["init", "--force"], { cwd: dir }).code).toBe(0);
  });

  it("suggests a severity override, in a comment, that works once uncommented", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-init-"));
    huashu(["init"], { cwd: dir });
    const config = readFileSync(join(dir, "huashu.config.yaml"), "utf8");
    const suggested = /^severity: \{\}\s*#[^{]*(\{.*\})$/m.exec(config)![1]!;
    writeFileSync(join(dir, "huashu.config.yaml"), config.replace(/^severity: .*$/m, `severity: ${suggested}`));
    writeFileSync(join(dir, "call.txt"), "坐席:喂,您好。\n");
    const run = huashu(["lint", "-f", "json"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(jsonResults(run.stdout)[0]!.violations).toContainEqual(
      expect.objectContaining({ ruleId: "taboo.wei", severity: "warning" }),
    );
  });
});

describe("huashu help", () => {
  it("documents every lint flag and the init command", () => {
    const help = huashu(["lint", "--help"]).stdout;
    for (const flag of [
      "--config",
      "--rules",
      "--format",
      "--output-file",
      "--fail-level",
      "--max-warnings",
      "--report-unused-disable",
      "--baseline",
      "--no-baseline",
      "--write-baseline",
      "--fix",
      "--fix-dry-run",
      "--jobs",
      "--stdin",
      "--stdin-filename",
      "--quiet",
      "--color",
      "--no-color",
      "--cache",
      "--cache-location",
      "--print-config",
    ]) {
      expect(help).toContain(flag);
    }
    expect(help).toContain("sarif、junit、checkstyle、github、markdown");
    expect(huashu(["init", "--help"]).stdout).toContain("--force");
    expect(huashu(["--help"]).stdout).toContain("init");
  });
});
