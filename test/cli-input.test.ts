import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { huashu } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";

const RULES = "fixtures/rules/basic.yaml";
const T = "fixtures/transcripts";

interface JsonResult {
  file: string;
  id?: string;
  violations: Array<{ ruleId: string; line: number; column: number; start?: number; end?: number }>;
}

const tempDir = () => mkdtempSync(join(tmpdir(), "huashu-input-"));

describe("huashu lint: input formats (built CLI)", () => {
  it("lints every fixture format in one batch, with times in ms on timed transcripts", () => {
    const files = [
      "script.txt",
      "markdown.md",
      "alibaba-asr.json",
      "tencent.json",
      "srt.srt",
      "webvtt.vtt",
      "script-gbk.txt",
    ].map((f) => `${T}/${f}`);
    const run = huashu(["lint", ...files, "-r", RULES, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const results = jsonResults<JsonResult>(run.stdout);
    expect(results.map((r) => [r.file, r.violations.map((v) => v.ruleId)])).toEqual(
      files.map((f) => [f, ["taboo.dont-know"]]),
    );
    expect(results[2]!.violations[0]).toMatchObject({ start: 8400, end: 12000 });
    expect(results[0]!.violations[0]).not.toHaveProperty("start");
  });

  it("lints the good lines of a JSONL file with bad ones, reports each bad line and exits 2", () => {
    const dir = tempDir();
    const file = join(dir, "calls.jsonl");
    writeFileSync(
      file,
      [
        '{"id":"a","turns":[{"speaker":"agent","text":"我不知道"}]}',
        '{"id":"b","turns":[',
        '{"id":"c","turns":[{"speaker":"agent","text":"喂,说话"}]}',
      ].join("\n"),
    );
    const run = huashu(["lint", file, "-r", RULES, "--format", "json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file}:2:\\d+ `));
    const results = jsonResults<JsonResult>(run.stdout);
    expect(
      results.map((r) => [r.id, r.violations.map((v) => v.ruleId).filter((id) => id.startsWith("taboo."))]),
    ).toEqual([
      ["a", ["taboo.dont-know"]],
      ["c", ["taboo.wei"]],
    ]);
  });

  it("gives one result per JSONL transcript with file and id; stylish counts files", () => {
    const run = huashu(["lint", `${T}/jsonl.jsonl`, "-r", RULES, "--format", "json"]);
    const results = jsonResults<JsonResult>(run.stdout);
    expect(results.map((r) => [r.file, r.id, r.violations.length])).toEqual([
      [`${T}/jsonl.jsonl`, "3830401296796826", 1],
      [`${T}/jsonl.jsonl`, "3830772740080373", 0],
      [`${T}/jsonl.jsonl`, "line-3", 1],
    ]);
    const stylish = huashu(["lint", `${T}/jsonl.jsonl`, "-r", RULES]).stdout;
    expect(stylish).toContain(`${T}/jsonl.jsonl#3830772740080373  得分 100,合格`);
    expect(stylish).toContain(`${T}/jsonl.jsonl#line-3  得分`);
    expect(stylish).toMatch(/检查了 1 个文件/);
  });

  it("reports bad files with file:line:column, lints the others, exits 2", () => {
    const dir = tempDir();
    const truncated = join(dir, "truncated.json");
    writeFileSync(truncated, readFileSync(`${T}/amazon.json`, "utf8").slice(0, 200));
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, "");
    const binary = join(dir, "image.txt");
    writeFileSync(binary, Buffer.from("89504e470d0a1a0a0000000d4948445200", "hex"));
    const run = huashu(["lint", truncated, empty, binary, `${T}/script.txt`, "-r", RULES, "--format", "json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${truncated}:\\d+:\\d+ JSON 不完整`, "m"));
    expect(run.stderr).toContain(`${empty}:1:1 文件为空`);
    expect(run.stderr).toMatch(new RegExp(`^${binary}(:\\d+:\\d+)? (无法识别文件编码|不是文本文件)`, "m"));
    expect(jsonResults<JsonResult>(run.stdout).map((r) => r.file)).toEqual([`${T}/script.txt`]);
  });

  it("refuses a 100 MB file without reading it, and a 1 MB line, and goes on", () => {
    const dir = tempDir();
    const huge = join(dir, "huge.jsonl");
    writeFileSync(huge, "");
    truncateSync(huge, 100 * 1024 * 1024); // sparse: no 100 MB written to disk
    const longLine = join(dir, "long.txt");
    writeFileSync(longLine, `坐席:您好\n坐席:${"喂".repeat(1 << 20)}\n`);
    const run = huashu(["lint", huge, longLine, `${T}/script.txt`, "-r", RULES]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${huge} 文件过大(100.0 MiB,上限 32 MiB)`);
    expect(run.stderr).toContain(`${longLine}:2:4 单句过长`);
    expect(run.stdout).toContain(`${T}/script.txt:3:7`);
  });

  it("--input-format overrides detection; --encoding and --speaker-map apply", () => {
    const asScript = huashu(["lint", `${T}/srt.srt`, "-r", RULES, "--input-format", "script", "--format", "json"]);
    // Read as a script, the cue numbers and timing lines are turns too, and nothing has times.
    expect(jsonResults<JsonResult>(asScript.stdout)[0]!.violations).toMatchObject([
      { ruleId: "taboo.dont-know", turn: 8, line: 11 },
    ]);
    expect(jsonResults<JsonResult>(asScript.stdout)[0]!.violations[0]).not.toHaveProperty("start");

    const gbkAsUtf8 = huashu(["lint", `${T}/script-gbk.txt`, "-r", RULES, "--encoding", "utf-8"]);
    expect(gbkAsUtf8.code).toBe(2);
    expect(gbkAsUtf8.stderr).toMatch(/script-gbk\.txt:1:\d+ 文件不是有效的 utf-8 编码/);

    const iflytek = huashu([
      "lint",
      `${T}/iflytek.json`,
      "-r",
      RULES,
      "--speaker-map",
      "1=agent,2=customer",
      "--format",
      "json",
    ]);
    expect(jsonResults<JsonResult>(iflytek.stdout)[0]!.violations.map((v) => [v.ruleId, v.start])).toEqual([
      ["taboo.dont-know", 8400],
    ]);
  });

  it("warns on stderr about text that looks damaged, and still lints it", () => {
    const dir = tempDir();
    const damaged = join(dir, "damaged.txt");
    writeFileSync(damaged, "坐席:您好\n坐席:我不知道\uFFFD\n");
    const run = huashu(["lint", damaged, "-r", RULES]);
    expect(run.stderr).toContain(`${damaged}:2:8 警告: 含替换字符`);
    expect(run.stdout).toContain(`${damaged}:2:5  错误  taboo.dont-know`);
    expect(run.code).toBe(1);
  });

  it.each([
    [["--input-format", "docx"], "未知的输入格式 “docx”"],
    [["--encoding", "klingon"], "未知的编码 “klingon”"],
    [["--speaker-map", "0=boss"], "说话人映射 “0=boss” 无效"],
  ])("exits 2 on a bad input flag: %j", (flags, message) => {
    const run = huashu(["lint", `${T}/script.txt`, "-r", RULES, ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
