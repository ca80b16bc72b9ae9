import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { huashu, ROOT } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";

const RULES = "fixtures/rules/basic.yaml";

interface JsonResult {
  file: string;
  id?: string;
  violations: Array<{ ruleId: string }>;
}

const tempDir = () => mkdtempSync(join(tmpdir(), "huashu-lint-stream-"));

/** A JSON Lines call whose agent greets with 喂 (taboo.wei) on every third call. */
function call(id: string, index: number): string {
  const text = index % 3 === 0 ? "喂,您好,请问有什么可以帮您?" : "您好,请问有什么可以帮您?";
  return JSON.stringify({ id, turns: [{ speaker: "agent", text }] });
}

/** `count` calls `${prefix}0`… as JSON Lines. */
const calls = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => call(`${prefix}${i}`, i)).join("\n") + "\n";

describe("huashu lint streams results (built CLI)", () => {
  it("reports a JSONL file's transcripts in order, says which lines are bad and lints the rest", () => {
    const dir = tempDir();
    const file = join(dir, "calls.jsonl");
    const lines = Array.from({ length: 30 }, (_, i) => call(`t${i}`, i));
    lines[5] = '{"id":"t5","turns":[';
    lines[17] = "not json";
    lines[20] = "";
    writeFileSync(file, `${lines.join("\n")}\n`);
    const good = lines.flatMap((line, i) => (line.startsWith('{"id":"t') && line.endsWith("}") ? [`t${i}`] : []));

    const run = huashu(["lint", file, "-r", RULES, "--format", "jsonl"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${file}:6:\\d+ `, "m"));
    expect(run.stderr).toMatch(new RegExp(`^${file}:18:\\d+ `, "m"));
    const results = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as JsonResult);
    expect(results.map((result) => result.id)).toEqual(good);
    for (const result of results) {
      const greetsWithWei = Number(result.id!.slice(1)) % 3 === 0;
      expect(result.violations.some((v) => v.ruleId === "taboo.wei")).toBe(greetsWithWei);
    }
    // The same objects as the json format's results, once its rules and notices are filled in.
    expect(jsonResults(huashu(["lint", file, "-r", RULES, "--format", "json"]).stdout)).toEqual(results);
  });

  it(
    "gives the same report on two threads as on one, in input order, whichever file is done first",
    {
      timeout: 240_000,
    },
    () => {
      const dir = tempDir();
      // The first file takes longest: the second thread finishes the small ones while it runs.
      const scripts = [0, 1, 2, 3, 4].map((i) => join(dir, `b-${i}.txt`));
      const files = [join(dir, "a-big.jsonl"), ...scripts, join(dir, "c.jsonl")];
      writeFileSync(files[0]!, calls("big", 600));
      scripts.forEach((file, i) => writeFileSync(file, i % 2 ? "坐席:您好\n" : "坐席:喂,您好\n"));
      writeFileSync(files.at(-1)!, calls("small", 7));
      for (const format of ["json", "jsonl", "stylish", "sarif", "junit"]) {
        const one = huashu(["lint", ...files, "-r", RULES, "-f", format, "--jobs", "1"]);
        const two = huashu(["lint", ...files, "-r", RULES, "-f", format, "--jobs", "2"]);
        expect(two).toEqual(one);
        expect(one.code).toBe(1);
      }
    },
  );

  it("writes the same report to -o as to standard output, whether its start waits for the results or not", () => {
    const dir = tempDir();
    const file = join(dir, "calls.jsonl");
    writeFileSync(file, calls("c", 9));
    for (const format of ["stylish", "junit"]) {
      const output = join(dir, "out", `report.${format}`);
      const written = huashu(["lint", file, "-r", RULES, "-f", format, "-o", output]);
      expect(written).toMatchObject({ code: 1, stdout: "" });
      expect(readFileSync(output, "utf8")).toBe(huashu(["lint", file, "-r", RULES, "-f", format]).stdout);
    }
  });

  it("writes reports far larger than its buffer byte for byte as to standard output, emoji included", () => {
    const dir = tempDir();
    const file = join(dir, "calls.jsonl");
    // Results of all sizes: a call of 6,000 turns with 喂 is one result larger than the 64 KiB
    // buffer, and characters outside the BMP (two UTF-16 units, four bytes) fall on its edges.
    const turns = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ speaker: "agent", text: `喂${"😀".repeat(i % 5)},您好。` }));
    const lines = [1, 6000, 7, 400, 2].map((count, i) => JSON.stringify({ id: `big${i}`, turns: turns(count) }));
    writeFileSync(file, `${lines.join("\n")}\n${calls("c", 200)}`);
    for (const format of ["json", "sarif"]) {
      const output = join(dir, `report.${format}`);
      expect(huashu(["lint", file, "-r", RULES, "-f", format, "-o", output])).toMatchObject({ code: 1, stdout: "" });
      const stdout = huashu(["lint", file, "-r", RULES, "-f", format]).stdout;
      // Eight times the 64 KiB buffer at least.
      expect(Buffer.byteLength(stdout)).toBeGreaterThan(8 * 64 * 1024);
      expect(readFileSync(output, "utf8")).toBe(stdout);
    }
  });

  it("leaves the old -o report when killed while writing a new one, and the next run leaves nothing else", async () => {
    const dir = tempDir();
    const file = join(dir, "calls.jsonl");
    writeFileSync(file, calls("c", 3000));
    const report = join(dir, "report.jsonl");
    writeFileSync(report, "old report\n");
    const args = [file, "-r", RULES, "-f", "jsonl", "--jobs", "1", "-o", report];
    const child = spawn(process.execPath, [join(ROOT, "dist/cli.js"), "lint", ...args], {
      cwd: ROOT,
      detached: true,
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Killed once the new report is being written, wherever it is written.
    const writing = () => readdirSync(dir).length > 2 || readFileSync(report, "utf8") !== "old report\n";
    while (!writing()) await new Promise((resolve) => setTimeout(resolve, 5));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    expect(readFileSync(report, "utf8")).toBe("old report\n");
    expect(huashu(["lint", ...args]).code).toBe(1);
    expect(readFileSync(report, "utf8")).toBe(huashu(["lint", ...args.slice(0, -2)]).stdout);
    expect(readdirSync(dir).sort()).toEqual(["calls.jsonl", "report.jsonl"]);
  }, 120_000);

  it("says it cannot write the -o file when the first result comes on a worker thread, and exits 2", () => {
    const dir = tempDir();
    const files = ["a.jsonl", "b.jsonl"].map((name) => join(dir, name));
    for (const file of files) writeFileSync(file, calls("c", 3));
    // A folder cannot be written as a file; jsonl writes nothing before the first result.
    const run = huashu(["lint", ...files, "-r", RULES, "-f", "jsonl", "--jobs", "2", "-o", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${dir} 无法写入: `);
    expect(run.stderr).not.toContain("内部错误");
  });

  it("says it cannot write the -o file before linting anything: no cache is saved, exit 2", () => {
    const dir = tempDir();
    const file = join(dir, "calls.jsonl");
    writeFileSync(file, calls("c", 3));
    writeFileSync(join(dir, "not-a-folder"), "");
    const output = join(dir, "not-a-folder", "report.json");
    const cache = join(dir, "cache.json");
    const run = huashu(["lint", file, "-r", RULES, "-f", "json", "-o", output, "--cache", "--cache-location", cache]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${output} 无法写入: `);
    expect(run.stdout).toBe("");
    expect(existsSync(cache)).toBe(false);
  });

  it("--cache stores a JSONL file's results streamed in parts and reports them again unchanged", () => {
    const dir = tempDir();
    const file = join(dir, "calls.jsonl");
    writeFileSync(file, calls("c", 12));
    const args = ["lint", file, "-r", RULES, "-f", "json", "--cache", "--cache-location", join(dir, "cache/")];
    const uncached = huashu(["lint", file, "-r", RULES, "-f", "json"]);
    const first = huashu(args);
    const cache = JSON.parse(readFileSync(join(dir, "cache", "lint.json"), "utf8"));
    expect(
      Object.values(cache.entries as Record<string, { linted: { results: unknown[] } }>)[0]!.linted.results,
    ).toHaveLength(12);
    const second = huashu(args);
    expect(first).toEqual(uncached);
    expect(second).toEqual(uncached);
  });
});
