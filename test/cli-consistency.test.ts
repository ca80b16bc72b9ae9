import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { huashu, ROOT } from "./helpers/cli.js";

// Rule selection, inputs and the summary are the same for every command that lints (issue 25).

const CLI = join(ROOT, "dist/cli.js");
const dir = mkdtempSync(join(tmpdir(), "huashu-consistency-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(dir, "project-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const WEI = "坐席:喂,您好。\n";
/** A worker whose Redis cannot be reached: it must fail on its config before it tries. */
const UNREACHABLE_WORKER = "worker --redis redis://127.0.0.1:1 --stream s --results r --group g --consumer c";
const CALL = JSON.stringify({ id: "c1", turns: [{ speaker: "agent", text: "喂,您好" }] });

describe("--rules builtin:NAME, as the config takes it", () => {
  it("lint takes a built-in pack beside rule files, and names an unknown one", () => {
    const folder = folderWith({ "a.txt": WEI });
    const run = huashu(["lint", "--rules", "builtin:taboo", "a.txt"], { cwd: folder });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("a.txt:1:4  警告  taboo.wei");
    const unknown = huashu(["lint", "--rules", "builtin:tabu", "a.txt"], { cwd: folder });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--rules 未知的内置规则包 “tabu”,可用: ");
  });

  it("stream takes it too", () => {
    const run = huashu(["stream", "--rules", "builtin:courtesy"], { input: `${CALL}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("taboo.wei");
    expect(run.stdout).toContain('"final":true');
  });
});

describe("stream, worker and eval find and accept the config like lint", () => {
  const config = "rules: [builtin:taboo]\nseverity: { taboo.wei: off }\n";

  it("stream uses the nearest huashu.config.yaml, or the one given with -c", () => {
    const folder = folderWith({ "huashu.config.yaml": config, "other.yaml": "rules: [builtin:taboo]\n" });
    const found = huashu(["stream"], { cwd: folder, input: `${CALL}\n` });
    expect(found.code).toBe(0);
    expect(found.stdout).not.toContain("taboo.wei");
    const given = huashu(["stream", "-c", "other.yaml"], { cwd: folder, input: `${CALL}\n` });
    expect(given.stdout).toContain("taboo.wei");
  });

  it("worker loads the config before connecting, and refuses a bad one with its file:line:col", () => {
    const folder = folderWith({
      "huashu.config.yaml": "rules: [builtin:nope]\n",
      "ok.yaml": "rules: [builtin:nope2]\n",
    });
    const worker = (extra: string[]) =>
      huashu([...UNREACHABLE_WORKER.split(" "), ...extra], { cwd: folder, timeoutMs: 20_000 });
    const found = worker([]);
    expect(found.code).toBe(2);
    expect(found.stderr).toContain("huashu.config.yaml:1:9 未知的内置规则包 “nope”");
    const given = worker(["-c", "ok.yaml"]);
    expect(given.code).toBe(2);
    expect(given.stderr).toContain("ok.yaml:1:9 未知的内置规则包 “nope2”");
  });

  it("eval takes -c", () => {
    const folder = folderWith({ "bad.yaml": "rules: [builtin:nope]\n" });
    const run = huashu(["eval", "-c", "bad.yaml", "--labels", "x.tsv", "x.jsonl"], { cwd: folder });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bad.yaml:1:9 未知的内置规则包 “nope”");
  });
});

describe("the output is never an input", () => {
  it("a shell redirect into the folder being linted is not linted (same device and inode)", () => {
    const folder = folderWith({ "huashu.config.yaml": "rules: [builtin:taboo]\n", "a.txt": WEI });
    const run = spawnSync("bash", ["-c", `"${CLI}" lint > out.txt`], {
      cwd: folder,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("out.txt 是本次输出的文件,未检查\n");
    const report = readFileSync(join(folder, "out.txt"), "utf8");
    expect(report).toContain("a.txt:1:4");
    expect(report).toContain("检查了 1 个文件");
  });

  it("nor is the -o file", () => {
    const folder = folderWith({
      "huashu.config.yaml": "rules: [builtin:taboo]\n",
      "a.txt": WEI,
      "out.txt": "坐席:喂\n",
    });
    const run = huashu(["lint", "-o", "out.txt"], { cwd: folder });
    expect(run.code).toBe(0);
    expect(readFileSync(join(folder, "out.txt"), "utf8")).toContain("检查了 1 个文件");
  });
});

describe("calls in the summary and in the progress", () => {
  const calls = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      JSON.stringify({ id: `c${i}`, turns: [{ speaker: "agent", text: "您好" }] }),
    ).join("\n");

  it("the summary counts the calls of a file that holds many", () => {
    const folder = folderWith({ "calls.jsonl": `${calls(3)}\n`, "a.txt": "坐席:您好\n" });
    expect(huashu(["lint", "--rules", "builtin:taboo", "calls.jsonl"], { cwd: folder }).stdout).toContain(
      "✔ 未发现问题,检查了 1 个文件(3 通通话)",
    );
    // One call per file: nothing to add.
    expect(huashu(["lint", "--rules", "builtin:taboo", "a.txt"], { cwd: folder }).stdout).toContain(
      "✔ 未发现问题,检查了 1 个文件\n",
    );
  });

  it("one large input shows the calls done and calls per second on a terminal", () => {
    const folder = folderWith({ "calls.jsonl": `${calls(3000)}\n` });
    const command = `"${CLI}" lint "${join(folder, "calls.jsonl")}" --rules builtin:taboo > /dev/null`;
    const shown = spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8" }).stdout;
    expect(shown).toMatch(/\r检查中 [\d,]+ 通通话,[\d,]+ 通\/秒/);
    expect(shown).toContain("\r\u001b[K");
  });
});
