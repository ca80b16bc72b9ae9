// In-process throughput over every turn of the corpus, one mode per process, CPU time, steady
// state (one warm-up pass first, which also loads jieba). Usage:
//   node bench/pack-throughput.mjs packs|plain|regexp <rounds>  → prints one JSON line.
// packs: lintSync with the built-in packs. plain: lintSync with the same forbidden wordings as
// plain forbidden rules (no exceptions, no windows). regexp: the floor, one RegExp alternation of
// all those wordings run over the raw turn text.
import { rmSync } from "node:fs";
import { builtinRules, lintSync, loadRules } from "../dist/index.js";
import { readCorpus } from "./corpus.mjs";
import { benchDirectory, forbiddenWordings, plainRuleFile, singleRegExp, writeIn } from "./pack-wordings.mjs";

const [mode = "packs", roundsArg = "2"] = process.argv.slice(2);
const transcripts = readCorpus();
const bytes = transcripts.reduce(
  (sum, t) => sum + t.turns.reduce((s, turn) => s + Buffer.byteLength(turn.text, "utf8"), 0),
  0,
);

let pass;
if (mode === "regexp") {
  const pattern = singleRegExp();
  pass = () => {
    let hits = 0;
    for (const transcript of transcripts)
      for (const turn of transcript.turns) for (const _ of turn.text.matchAll(pattern)) hits++;
    return hits;
  };
} else {
  let rules = builtinRules();
  if (mode === "plain") {
    const dir = benchDirectory("plain");
    rules = await loadRules(writeIn(dir, "plain.yaml", plainRuleFile(forbiddenWordings())));
    rmSync(dir, { recursive: true, force: true });
  }
  pass = () => transcripts.reduce((n, transcript) => n + lintSync(transcript, { rules }).violations.length, 0);
}

const hitsPerRound = pass(); // warm-up: jieba, JIT, caches
const rounds = Number(roundsArg);
const cpuStart = process.cpuUsage();
for (let round = 0; round < rounds; round++) pass();
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  JSON.stringify({
    mode,
    rounds,
    megabytes: bytes / 1e6,
    cpuSeconds,
    mbPerCpuSecond: (bytes * rounds) / 1e6 / cpuSeconds,
    hitsPerRound,
  }),
);
