import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { constants } from "node:os";

/** glibc's malloc on transparent huge pages: README, “jieba's dictionary”. */
export const HUGE_PAGES_TUNABLE = "glibc.malloc.hugetlb=1";

/**
 * The batch commands, which load jieba in nearly every run and pay its load on every start,
 * and the language server, which loads it once the editor is idle and answers nothing while it
 * does. Not `stream` and `worker`: their services keep their process ids and set the variable.
 */
const RELAUNCHED_COMMANDS = new Set(["lint", "eval", "test-rules", "lsp"]);

/** Signals a user or a CI runner sends the process it started, passed on to the one doing the work. */
const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * Whether this run should start again with {@link HUGE_PAGES_TUNABLE}: loading jieba's dictionary
 * is mostly page faults (nodejieba builds two tries of its 350,000 words), and on huge pages it
 * takes a third to a half of the time (4 s → 1.4 s on the machines we measure on). glibc reads
 * the setting only when a process starts, so the process must be started anew.
 *
 * Not when the user set `GLIBC_TUNABLES` (to anything, even empty: that is the way to opt out),
 * when it would do nothing (not Linux, not glibc, transparent huge pages off), for commands
 * other than the batch ones and the language server, or for their help, or when node runs
 * with its own flags (an inspector or profiler would then run twice).
 */
export function wantsHugePages(argv: readonly string[], env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  const [command, ...rest] = argv;
  if (command === undefined || !RELAUNCHED_COMMANDS.has(command)) return false;
  if (rest.includes("-h") || rest.includes("--help")) return false;
  if (env.GLIBC_TUNABLES !== undefined || process.platform !== "linux" || execArgv.length > 0) return false;
  if (/--(?:inspect|cpu-prof|heap-prof|prof)/.test(env.NODE_OPTIONS ?? "")) return false;
  if (readOrEmpty("/sys/kernel/mm/transparent_hugepage/enabled").includes("[never]")) return false;
  // musl ignores GLIBC_TUNABLES; this node is glibc's when it has libc.so.6 mapped.
  return /\/libc\.so\.6$/m.test(readOrEmpty("/proc/self/maps"));
}

/**
 * Runs this CLI again as a child with {@link HUGE_PAGES_TUNABLE} set, the same arguments and
 * standard streams, and resolves to its exit code; a child ended by a signal ends this process
 * by the same signal. Signals sent to this process are passed on. Resolves to `undefined` when
 * the child cannot be started, so that the caller runs the command itself.
 */
export function runWithHugePages(script: string, argv: readonly string[]): Promise<number | undefined> {
  return new Promise((resolve) => {
    // Listening before the child exists: a signal that comes while it is being started must not
    // end this process by default and leave the child running. Handlers run only once this
    // function has returned, so `child` is set by then.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    const child = spawn(process.execPath, [script, ...argv], {
      stdio: "inherit",
      env: { ...process.env, GLIBC_TUNABLES: HUGE_PAGES_TUNABLE },
    });
    child.once("error", () => {
      stopForwarding();
      resolve(undefined);
    });
    child.once("exit", (code, signal) => {
      stopForwarding();
      if (signal) {
        process.kill(process.pid, signal);
        // Reached only for a signal node ignores (SIGPIPE): the shell's code for a death by signal.
        resolve(128 + (constants.signals[signal] ?? 0));
      } else resolve(code ?? 1);
    });
  });
}
