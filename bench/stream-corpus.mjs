// The streaming API on the corpus, in its own process: every turn of every dialogue pushed into
// a session (one session per dialogue), timing each push. Prints one JSON line.
// Usage: node bench/stream-corpus.mjs <rounds>
import { createSession, lintSync, loadRules } from "../dist/index.js";
import { BENCH_RULES, readCorpus } from "./corpus.mjs";

const rounds = Number(process.argv[2] ?? "1");
const transcripts = readCorpus();
const rules = await loadRules(BENCH_RULES);
lintSync("我不知道", { rules }); // loads the dictionary outside the measurement

const latencies = [];
let violations = 0;
const start = performance.now();
for (let round = 0; round < rounds; round++) {
  for (const transcript of transcripts) {
    const session = createSession({ rules });
    for (const turn of transcript.turns) {
      const before = performance.now();
      violations += session.push(turn).length;
      latencies.push(performance.now() - before);
    }
    violations += session.end().violations.length;
  }
}
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const quantile = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(
  JSON.stringify({
    rounds,
    turns: latencies.length,
    turnsPerSecond: latencies.length / seconds,
    p50Ms: quantile(0.5),
    p99Ms: quantile(0.99),
    violationsPerRound: violations / rounds,
  }),
);
