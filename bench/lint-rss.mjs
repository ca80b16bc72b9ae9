// Peak RSS of `huashu lint` with the built-in packs over the inputs of bench/textlint-compare.mjs
// at 1× and 16× the corpus's agent turns, for each report format named on the command line
// (default: every format that streams). The report goes to /dev/null through -o, as in the
// textlint comparison. Prints one JSON line: `{ formats: { json: { 1: MB, 16: MB, ratio } } }`.
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { huashuInputs } from "./agent-turns.mjs";
import { timed } from "./timed.mjs";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const formats =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ["json", "jsonl", "stylish", "sarif", "junit", "checkstyle", "github"];
const inputs = Object.fromEntries([1, 16].map((scale) => [scale, huashuInputs(scale)]));

const results = {};
for (const format of formats) {
  const peak = (scale) =>
    timed(cli, ["lint", ...inputs[scale].files, "--format", format, "-o", "/dev/null"], inputs[scale].folder).peakRssMb;
  const rss = { 1: peak(1), 16: peak(16) };
  results[format] = { ...rss, ratio: rss[16] / rss[1] };
}
for (const { folder } of Object.values(inputs)) rmSync(folder, { recursive: true, force: true });
console.log(JSON.stringify({ formats: results }));
