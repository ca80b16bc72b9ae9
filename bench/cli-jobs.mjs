// `huashu lint` on many files: the helpdesk corpus written as one script per dialogue, linted
// by the built CLI in the main thread (--jobs 1) and on worker threads; outputs must match.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_RULES, readCorpus } from "./corpus.mjs";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const prefix = { agent: "坐席", customer: "客户" };

const dir = mkdtempSync(join(tmpdir(), "huashu-bench-"));
const dialogues = readCorpus();
dialogues.forEach(({ turns }, index) => {
  const script = turns.map((turn) => `${prefix[turn.speaker]}:${turn.text.replace(/\s*\n\s*/g, " ")}`).join("\n");
  writeFileSync(join(dir, `call-${String(index).padStart(5, "0")}.txt`), `${script}\n`);
});

function run(jobs) {
  const start = performance.now();
  let stdout;
  try {
    stdout = execFileSync(cli, ["lint", dir, "--rules", BENCH_RULES, "--format", "json", "--jobs", String(jobs)], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
  } catch (error) {
    if (error.status !== 1) throw error; // 1: violations found, as expected
    stdout = error.stdout;
  }
  return { jobs, seconds: (performance.now() - start) / 1000, stdout };
}

const threads = Math.max(2, availableParallelism());
const one = run(1);
const many = run(threads);
rmSync(dir, { recursive: true, force: true });
if (one.stdout !== many.stdout) throw new Error(`--jobs 1 and --jobs ${threads} disagree`);
console.log(
  `cli: ${dialogues.length} files, --jobs 1 ${one.seconds.toFixed(1)} s, --jobs ${threads} ${many.seconds.toFixed(1)} s ` +
    `(${(one.seconds / many.seconds).toFixed(1)}×, identical output; each worker loads jieba once)`,
);
