// npm run bench: lints every turn of ../shared/corpus with fixtures/rules/bench.yaml
// (45 forbidden phrases, 9 required ones), lazily and with every turn segmented, in one run.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("./lint-corpus.mjs", import.meta.url));
const measure = (segmentation, rounds) =>
  JSON.parse(execFileSync(process.execPath, [script, segmentation, String(rounds)], { encoding: "utf8" }));
const runBench = (name, ...args) =>
  JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL(name, import.meta.url)), ...args], { encoding: "utf8" }));

const lazy = measure("lazy", 10);
const eager = measure("eager", 2);
if (lazy.violationsPerRound !== eager.violationsPerRound) {
  throw new Error(`lazy and eager disagree: ${lazy.violationsPerRound} vs ${eager.violationsPerRound} violations`);
}

const row = (r) =>
  `${r.segmentation.padEnd(6)} ${r.mbPerSecond.toFixed(2).padStart(8)} MB/s wall  ${r.mbPerCpuSecond.toFixed(2).padStart(8)} MB/s CPU  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB  ` +
  `dictionary load ${r.loadMs.toFixed(0)} ms  (${r.rounds} × ${r.turns} turns, ${r.megabytes.toFixed(2)} MB UTF-8)`;
console.log(`corpus: ${lazy.turns} turns, ${lazy.violationsPerRound} violations per pass (identical in both modes)`);
console.log(row(lazy));
console.log(row(eager));
console.log(
  `lazy / eager throughput: ${(lazy.mbPerCpuSecond / eager.mbPerCpuSecond).toFixed(1)}× by CPU time (target ≥ 8×), ` +
    `${(lazy.mbPerSecond / eager.mbPerSecond).toFixed(1)}× by wall time`,
);

const stream = runBench("./stream-corpus.mjs", "5");
console.log(
  `stream   ${stream.turnsPerSecond.toFixed(0).padStart(8)} turns/s  per-turn latency p50 ${(stream.p50Ms * 1000).toFixed(0)} µs, ` +
    `p99 ${(stream.p99Ms * 1000).toFixed(0)} µs  (${stream.rounds} × ${stream.turns / stream.rounds} turns, one session per dialogue)`,
);
if (stream.violationsPerRound !== lazy.violationsPerRound) {
  throw new Error(`stream and lint disagree: ${stream.violationsPerRound} vs ${lazy.violationsPerRound} violations`);
}

const workers = runBench("./worker.mjs");
if (workers.skipped) console.log(`worker   skipped: ${workers.skipped}`);
else {
  for (const r of [workers.one, workers.two]) {
    console.log(`worker   ${String(r.workers)} process${r.workers > 1 ? "es" : "  "} ${r.transcriptsPerSecond.toFixed(0).padStart(6)} transcripts/s  (${r.transcripts} transcripts via a local redis-server)`);
  }
  console.log(`2 workers / 1 worker: ${(workers.two.transcriptsPerSecond / workers.one.transcriptsPerSecond).toFixed(2)}×`);
}

// The CLI on one file per dialogue, in the main thread and on worker threads.
process.stdout.write(execFileSync(process.execPath, [fileURLToPath(new URL("./cli-jobs.mjs", import.meta.url))], { encoding: "utf8" }));

// The language server over stdio, as an editor drives it.
const lsp = runBench("./lsp.mjs", "200");
console.log(
  `lsp      first diagnostics ${lsp.firstPlainMs.toFixed(0)} ms after start (a script needing no segmentation), ` +
    `${lsp.firstScriptMs.toFixed(0)} ms for a ${lsp.lines}-line script opened next (jieba loaded for it)`,
);
console.log(
  `lsp      diagnostics after an edit of the ${lsp.lines}-line script: p50 ${lsp.p50Ms.toFixed(0)} ms, p99 ${lsp.p99Ms.toFixed(0)} ms ` +
    `(${lsp.edits} edits, each waited for; includes the 150 ms debounce)`,
);
