// node bench/homophone-precision.mjs [packs…]: what homophone matching adds on the agent turns of
// ../shared/corpus with the built-in packs (all of them by default), turn by turn against
// ../shared/labels/weibo-agent-turns.jsonl. Prints counts, the time it costs, and every extra hit.
import { readFileSync } from "node:fs";
import { builtinRules, lintSync } from "../dist/index.js";
import { readCorpus } from "./corpus.mjs";

const packs = process.argv.slice(2);
const plain = packs.length > 0 ? builtinRules(packs) : builtinRules();
const withHomophones = plain.withMatching({ homophones: true });
const labels = new Map(
  readFileSync(new URL("../../shared/labels/weibo-agent-turns.jsonl", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line))
    .map((label) => [`${label.id}#${label.turn}`, label]),
);

const corpus = readCorpus();
lintSync("预热", { rules: withHomophones });
const time = (rules) => {
  const start = process.cpuUsage();
  const results = corpus.map((transcript) => lintSync(transcript, { rules }));
  const used = process.cpuUsage(start);
  return { results, seconds: (used.user + used.system) / 1e6 };
};
const before = time(plain);
const after = time(withHomophones);

const extra = [];
/** Violations of required phrases and expected replies that homophones made go away. */
const gone = [];
corpus.forEach((transcript, index) => {
  const key = (v) => `${v.ruleId}@${v.turn}:${v.column}-${v.endColumn}`;
  const describe = (violation) => {
    const label = labels.get(`${transcript.id}#${violation.turn}`);
    return {
      id: transcript.id,
      turn: violation.turn,
      rule: violation.ruleId,
      text: violation.text,
      detail: violation.detail,
      label: label?.label ?? "customer",
      category: label?.category,
      turnText: transcript.turns[violation.turn].text.replace(/\s+/g, " "),
    };
  };
  const known = new Set(before.results[index].violations.map(key));
  const kept = new Set(after.results[index].violations.map(key));
  for (const violation of after.results[index].violations)
    if (!known.has(key(violation))) extra.push(describe(violation));
  for (const violation of before.results[index].violations)
    if (!kept.has(key(violation))) gone.push(describe(violation));
});
const byLabel = (label) => extra.filter((hit) => hit.label === label).length;
const turns = new Set(extra.map((hit) => `${hit.id}#${hit.turn}`));
console.log(`rules: ${plain.rules.length} (${packs.length > 0 ? packs.join(", ") : "all built-in packs"})`);
console.log(
  `violations without homophones: ${before.results.reduce((n, r) => n + r.violations.length, 0)}, with: ${after.results.reduce((n, r) => n + r.violations.length, 0)}`,
);
console.log(
  `extra hits: ${extra.length} in ${turns.size} turns — on violation turns ${byLabel("violation")}, borderline ${byLabel("borderline")}, clean ${byLabel("clean")}, customer ${byLabel("customer")}`,
);
console.log(
  `CPU: ${before.seconds.toFixed(2)} s without, ${after.seconds.toFixed(2)} s with homophones (${corpus.length} dialogues)`,
);
console.log(`violations gone (a required phrase or reply now found as a homophone): ${gone.length}`);
const show = (hit) =>
  console.log(
    `${hit.label}${hit.category ? `/${hit.category}` : ""}\t${hit.rule}\t${hit.detail ?? ""}\t${hit.id}#${hit.turn}\t${hit.turnText.slice(0, 80)}`,
  );
console.log("\nextra:");
extra.forEach(show);
console.log("\ngone:");
gone.forEach(show);
