import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`npm run build` first; `npm test` does) as the `huashu` command runs it,
 * from its start line (so on huge pages where glibc has them), in the repository root, with
 * NO_COLOR set unless `env` says otherwise (`undefined` removes a variable); killed after
 * `timeoutMs` if given.
 */
export function huashu(
  args: string[],
  options: { cwd?: string; input?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): CliRun {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: "1",
    FORCE_COLOR: undefined,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const run = spawnSync(CLI, args, {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
    env,
    // A run that would hang is killed (status null) instead of stalling the suite.
    ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * A fresh copy of the build (dist/) inside the repository, where it still finds node_modules
 * and rules/, for a test that damages a file of it; `name` keeps the copies of test files apart.
 * The test removes it when done.
 */
export function copyOfBuild(name: string): string {
  const dir = join(ROOT, "test/artifacts", `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(ROOT, "dist"), dir, { recursive: true });
  return dir;
}
