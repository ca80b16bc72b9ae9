// Runs commands under /usr/bin/time, for the benchmarks that measure a whole process.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Runs `program ...args` in `dir` under /usr/bin/time: wall and CPU seconds, peak RSS in MB.
 * Violations found (exit 1) are expected; any other exit code throws.
 */
export function timed(program, args, dir) {
  const report = join(dir, "time.txt");
  const result = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", report, program, ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  const [wall, user, system, maxKb] = readFileSync(report, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
  return { seconds: wall, cpuSeconds: user + system, peakRssMb: maxKb / 1024 };
}
