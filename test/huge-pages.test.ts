import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HUGE_PAGES_TUNABLE, wantsHugePages } from "../src/cli/huge-pages.js";
import { huashu, ROOT } from "./helpers/cli.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Whether this machine is one where `huashu lint` starts again on huge pages: Linux, glibc, THP not off. */
const HUGE_PAGES_HERE = wantsHugePages(["lint"], {}, []);
if (!HUGE_PAGES_HERE)
  console.warn("huge-pages.test.ts: no glibc or transparent huge pages here; the relaunch tests are skipped");

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);

const environOf = (pid: number): string[] => readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");

/** When the process with this id started (field 22 of /proc/<pid>/stat), or undefined when there is none: ids are reused. */
const startTimeOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[19];
  } catch {
    return undefined;
  }
};

/** Starts `huashu lint -` waiting on an open stdin; resolves once it has started a child, or after `waitMs`. */
async function lintWaitingOnStdin(env: NodeJS.ProcessEnv, waitMs: number) {
  const run = spawn(process.execPath, [CLI, "lint", "-"], { cwd: ROOT, env, stdio: ["pipe", "ignore", "ignore"] });
  const exited = once(run, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  // The child, if any, is started before anything is read.
  for (let waited = 0; waited < waitMs && childrenOf(run.pid!).length === 0; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return { run, exited };
}

describe("which runs start again on huge pages", () => {
  it("only the batch commands and the language server, not their help, and never against the user's own GLIBC_TUNABLES or node flags", () => {
    expect(wantsHugePages(["stream"], {}, [])).toBe(false);
    expect(wantsHugePages(["worker", "--redis", "redis://x"], {}, [])).toBe(false);
    expect(wantsHugePages(["--version"], {}, [])).toBe(false);
    expect(wantsHugePages([], {}, [])).toBe(false);
    expect(wantsHugePages(["lint", "--help"], {}, [])).toBe(false);
    expect(wantsHugePages(["lint", "a.txt"], { GLIBC_TUNABLES: "" }, [])).toBe(false);
    expect(wantsHugePages(["lint", "a.txt"], { GLIBC_TUNABLES: "glibc.malloc.check=0" }, [])).toBe(false);
    expect(wantsHugePages(["lint", "a.txt"], {}, ["--inspect"])).toBe(false);
    expect(wantsHugePages(["lint", "a.txt"], { NODE_OPTIONS: "--cpu-prof" }, [])).toBe(false);
  });

  it.skipIf(!HUGE_PAGES_HERE)("lint, eval, test-rules and the language server do here", () => {
    for (const command of ["lint", "eval", "test-rules"]) expect(wantsHugePages([command, "x"], {}, [])).toBe(true);
    expect(wantsHugePages(["lsp", "--stdio"], {}, [])).toBe(true);
  });
});

describe.skipIf(!HUGE_PAGES_HERE || !existsSync("/proc/self/task"))("huashu lint on huge pages", () => {
  it("lints in a child that has the setting, and a SIGTERM to huashu ends both by that signal", async () => {
    const env = { ...process.env };
    delete env.GLIBC_TUNABLES;
    const { run, exited } = await lintWaitingOnStdin(env, 5000);
    const [child] = childrenOf(run.pid!);
    expect(child).toBeDefined();
    // Until it has started node, the child is a copy of huashu with huashu's environment.
    const setting = `GLIBC_TUNABLES=${HUGE_PAGES_TUNABLE}`;
    for (let waited = 0; waited < 5000 && !environOf(child!).includes(setting); waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(environOf(child!)).toContain(setting);
    const childStarted = startTimeOf(child!);
    run.kill("SIGTERM");
    expect(await exited).toEqual([null, "SIGTERM"]);
    // Gone, or its id already taken by another process (ids wrap at 32,768 on busy machines).
    expect(startTimeOf(child!)).not.toBe(childStarted);
  });

  it("lints in its own process when GLIBC_TUNABLES is set, and keeps the user's value", async () => {
    const { run, exited } = await lintWaitingOnStdin({ ...process.env, GLIBC_TUNABLES: "glibc.malloc.check=0" }, 1000);
    expect(childrenOf(run.pid!)).toEqual([]);
    expect(environOf(run.pid!)).toContain("GLIBC_TUNABLES=glibc.malloc.check=0");
    run.stdin!.end("好的。\n");
    expect((await exited)[1]).toBeNull();
  });

  it("passes on the child's exit code, output and standard input", () => {
    const bad = huashu(["lint", "--stdin", "--format", "json"], {
      input: "喂,我不知道。\n",
      env: { GLIBC_TUNABLES: undefined },
    });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)[0].violations.map((v: { ruleId: string }) => v.ruleId)).toEqual(
      expect.arrayContaining(["taboo.wei", "taboo.dont-know"]),
    );
    expect(huashu(["lint", "--no-such-option"], { env: { GLIBC_TUNABLES: undefined } }).code).toBe(2);
  });
});

describe.skipIf(!HUGE_PAGES_HERE || !existsSync("/proc/self/task"))("huashu lsp on huge pages", () => {
  it("serves from a child that has the setting, and both are gone once the editor closes its input", async () => {
    const env = { ...process.env };
    delete env.GLIBC_TUNABLES;
    const server = spawn(process.execPath, [CLI, "lsp", "--stdio"], {
      cwd: ROOT,
      env,
      stdio: ["pipe", "pipe", "ignore"],
    });
    const exited = once(server, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { processId: null, rootUri: null, capabilities: {} },
    });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const reply = await new Promise<string>((resolve) => {
      let text = "";
      server.stdout.on("data", (chunk) => (text += String(chunk)).includes('"serverInfo"') && resolve(text));
    });
    expect(reply).toContain('"name":"huashu"');
    const [child] = childrenOf(server.pid!);
    expect(child).toBeDefined();
    expect(environOf(child!)).toContain(`GLIBC_TUNABLES=${HUGE_PAGES_TUNABLE}`);
    const childStarted = startTimeOf(child!);
    // An editor that goes away closes the pipe: the server ends, as it does in a process of its own.
    server.stdin.end();
    expect(await exited).toEqual([0, null]);
    expect(startTimeOf(child!)).not.toBe(childStarted);
  });
});
