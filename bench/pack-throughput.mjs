// In-process throughput over every turn of the corpus, one mode per process, CPU time. One
// warm-up pass (which also loads jieba), then `rounds` passes while V8's optimising compiler is
// still at work on its own threads (its CPU time counts: a pipeline pays it in its first seconds),
// then `rounds` more once it has done (steady state: a long-running pipeline's throughput).
// Usage: node bench/pack-throughput.mjs packs|plain|regexp <rounds>  → prints one JSON line.
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
/** CPU seconds of `rounds` passes. */
const cpuSecondsOf = () => {
  const cpuStart = process.cpuUsage();
  for (let round = 0; round < rounds; round++) pass();
  const cpu = process.cpuUsage(cpuStart);
  return (cpu.user + cpu.system) / 1e6;
};
const cpuSeconds = cpuSecondsOf();
const steadyCpuSeconds = cpuSecondsOf();
console.log(
  JSON.stringify({
    mode,
    rounds,
    megabytes: bytes / 1e6,
    cpuSeconds,
    mbPerCpuSecond: (bytes * rounds) / 1e6 / cpuSeconds,
    steadyCpuSeconds,
    steadyMbPerCpuSecond: (bytes * rounds) / 1e6 / steadyCpuSeconds,
    hitsPerRound,
  }),
);
