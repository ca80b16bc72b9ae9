import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { huashu, ROOT } from "./helpers/cli.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Linux, where /proc shows each process's children and environment. */
const PROC = existsSync("/proc/self/task");
if (!PROC) console.warn("single-process.test.ts: no /proc here; the process-count tests are skipped");

/** Whether glibc's huge pages can be had here: Linux, glibc, transparent huge pages not off. */
const HUGE_PAGES_HERE =
  PROC &&
  Boolean((process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime) &&
  !readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8").includes("[never]");

const readOrEmpty = (path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

/** The processes below `pid` now (children of any of its threads, and theirs). */
function descendants(pid: number): number[] {
  const tasks = existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`) : [];
  const children = tasks.flatMap((task) =>
    readOrEmpty(`/proc/${pid}/task/${task}/children`).split(" ").filter(Boolean).map(Number),
  );
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * Starts the built CLI as the `huashu` command runs (its start line, not `node dist/cli.js`)
 * and looks at its process tree every 10 ms until it exits: every process found below it.
 * A node start takes far longer than that, so no second node can go unseen.
 */
function startWatched(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(CLI, args, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  const seen = new Set<number>();
  const watch = setInterval(() => descendants(child.pid!).forEach((pid) => seen.add(pid)), 10);
  const exited = (once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>).finally(() =>
    clearInterval(watch),
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  return { child, seen, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves once the start line has replaced its shell by node (same process id). */
async function runningNode(child: ChildProcess): Promise<void> {
  while (!/\/node[^/]*$/.test(executableOf(child.pid!))) await new Promise((resolve) => setTimeout(resolve, 10));
}

const executableOf = (pid: number): string => {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return "";
  }
};

const lspMessage = (message: object): string => {
  const body = JSON.stringify({ jsonrpc: "2.0", ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

describe.skipIf(!PROC)("one node process per command", () => {
  it("lint, eval, test-rules, stream, lsp and worker run in the process the huashu command started", async () => {
    const runs = {
      lint: startWatched(["lint", "--stdin"]),
      eval: startWatched(["eval", "--labels", "fixtures/eval/labels.jsonl", "--corpus", "fixtures/eval/calls.jsonl"]),
      "test-rules": startWatched(["test-rules", "fixtures/eval/rules.yaml"]),
      stream: startWatched(["stream"]),
      lsp: startWatched(["lsp", "--stdio"]),
      worker: startWatched([
        "worker",
        "--redis",
        "redis://127.0.0.1:1",
        "--stream",
        "s",
        "--results",
        "r",
        "--group",
        "g",
        "--consumer",
        "c",
      ]),
    };
    runs.lint.child.stdin!.end("喂,我不知道。\n");
    runs.stream.child.stdin!.end(
      `${JSON.stringify({ id: "c1", turns: [{ speaker: "agent", text: "我不知道。" }] })}\n`,
    );
    runs.lsp.child.stdin!.write(
      lspMessage({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } }),
    );
    // Both have started up (and would have started any second process) once they answer or retry.
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await until(() => runs.lsp.stdout().includes('"serverInfo"'));
    runs.lsp.child.stdin!.end();
    await until(() => runs.worker.stderr().includes("ECONNREFUSED"));
    runs.worker.child.kill("SIGTERM");

    const codes = Object.fromEntries(
      await Promise.all(Object.entries(runs).map(async ([name, run]) => [name, (await run.exited)[0]] as const)),
    );
    expect(codes).toEqual({ lint: 1, eval: 0, "test-rules": 0, stream: 0, lsp: 0, worker: 0 });
    expect(runs.stream.stdout()).toContain("taboo.dont-know");
    for (const [name, run] of Object.entries(runs)) expect([name, [...run.seen]]).toEqual([name, []]);
  }, 60_000);

  it("SIGKILL of huashu during a run leaves nothing running", async () => {
    const run = startWatched(["lint", "-"]);
    await runningNode(run.child);
    // Reading its standard input: past start-up, where the restart used to start its child.
    await new Promise((resolve) => setTimeout(resolve, 500));
    run.child.kill("SIGKILL");
    expect(await run.exited).toEqual([null, "SIGKILL"]);
    expect([...run.seen]).toEqual([]);
  });
});

describe.skipIf(!HUGE_PAGES_HERE)("glibc's huge pages from the start line", () => {
  const debugNote = (args: string[], env: Record<string, string | undefined> = {}) =>
    huashu(args, { input: "好的。\n", env }).stderr.split("\n")[0];

  it("sets glibc.malloc.hugetlb=1 before the user's own GLIBC_TUNABLES, and --debug says so", () => {
    for (const [user, expected] of [
      [undefined, "glibc.malloc.hugetlb=1"],
      ["", "glibc.malloc.hugetlb=1"],
      ["glibc.malloc.mmap_threshold=65536", "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=65536"],
    ] as const) {
      expect(debugNote(["--debug", "lint", "--stdin"], { GLIBC_TUNABLES: user })).toBe(
        `huashu: 调试: 分词词典使用大页内存加载(GLIBC_TUNABLES=${expected})`,
      );
    }
  });

  it("leaves them off when the user's GLIBC_TUNABLES turns them off (its later setting wins), and --debug says so", () => {
    expect(debugNote(["lint", "--stdin", "--debug"], { GLIBC_TUNABLES: "glibc.malloc.hugetlb=0" })).toBe(
      "huashu: 调试: 未使用大页内存,分词词典加载较慢(结果不受影响): GLIBC_TUNABLES 设置了 glibc.malloc.hugetlb=0",
    );
  });
});

describe("--debug", () => {
  it("run by node itself, without the start line, says that jieba loads without huge pages", async () => {
    const child = spawn(process.execPath, [CLI, "--debug", "lint", "--stdin"], { cwd: ROOT, stdio: "pipe" });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.stdin.end("好的。\n");
    await once(child, "exit");
    expect(stderr).toMatch(/^huashu: 调试: 未使用大页内存,分词词典加载较慢\(结果不受影响\): /);
  });

  it("after -- it is a path, not the option", () => {
    const run = huashu(["lint", "--", "--debug"]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("调试");
    expect(run.stderr).toContain("--debug");
  });
});
