// One benchmark mode in its own process, so that peak RSS belongs to that mode alone.
// Usage: node bench/lint-corpus.mjs lazy|eager <rounds>  → prints one JSON line.
import { lintSync, loadRules } from "../dist/index.js";
import { BENCH_RULES, readCorpus } from "./corpus.mjs";

const [segmentation = "lazy", roundsArg = "1"] = process.argv.slice(2);
const transcripts = readCorpus();
const bytes = transcripts.reduce(
  (sum, t) => sum + t.turns.reduce((s, turn) => s + Buffer.byteLength(turn.text, "utf8"), 0),
  0,
);
const rules = await loadRules(BENCH_RULES);

// Dictionary loading (~1.5 s, once per process) is reported apart from throughput.
const loadStart = performance.now();
lintSync("我不知道", { rules, segmentation });
const loadMs = performance.now() - loadStart;

const rounds = Number(roundsArg);
let violations = 0;
const start = performance.now();
const cpuStart = process.cpuUsage();
for (let round = 0; round < rounds; round++) {
  for (const transcript of transcripts) violations += lintSync(transcript, { rules, segmentation }).violations.length;
}
const seconds = (performance.now() - start) / 1000;
// CPU time of this process alone: robust to other load on a shared machine, unlike wall time.
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  JSON.stringify({
    segmentation,
    rounds,
    turns: transcripts.reduce((n, t) => n + t.turns.length, 0),
    megabytes: bytes / 1e6,
    seconds,
    mbPerSecond: (bytes * rounds) / 1e6 / seconds,
    cpuSeconds,
    mbPerCpuSecond: (bytes * rounds) / 1e6 / cpuSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    loadMs,
    violationsPerRound: violations / rounds,
  }),
);
