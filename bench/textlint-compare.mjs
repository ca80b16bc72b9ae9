// huashu against textlint + textlint-rule-prh, end to end as a user runs both (process start
// included), over the same agent-turn text of the corpus at 1×, 4× and 16×. prh gets a
// dictionary generated from the built-in packs' forbidden wordings; huashu lints with its
// built-in packs (no --rules). Each run is timed by /usr/bin/time: wall, CPU, peak RSS.
// Prints one JSON line.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCorpus } from "./corpus.mjs";
import { benchDirectory, prhDictionary, writeIn } from "./pack-wordings.mjs";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const textlintBin = createRequire(import.meta.url).resolve("textlint/bin/textlint.js");
const dir = benchDirectory("textlint");

const dialogues = readCorpus()
  .map(({ id, turns }) => ({ id, texts: turns.filter((turn) => turn.speaker === "agent").map((turn) => turn.text) }))
  .filter(({ texts }) => texts.length > 0);
const megabytes =
  dialogues.reduce((sum, { texts }) => sum + texts.reduce((s, text) => s + Buffer.byteLength(text, "utf8"), 0), 0) /
  1e6;

/** `copies` repetitions of the agent turns as huashu transcripts (JSON lines), each copy with new ids. */
const jsonlCopies = (first, copies) =>
  Array.from({ length: copies }, (_, k) =>
    dialogues
      .map(({ id, texts }) =>
        JSON.stringify({ id: `${id}-${first + k}`, turns: texts.map((text) => ({ speaker: "agent", text })) }),
      )
      .join("\n"),
  ).join("\n") + "\n";
// One paragraph per turn, as textlint's plain-text processor splits them.
const plainText =
  dialogues.flatMap(({ texts }) => texts.map((text) => text.replace(/\s*\n\s*/g, " "))).join("\n\n") + "\n";

writeIn(dir, "prh.yml", prhDictionary());
const textlintrc = writeIn(
  dir,
  ".textlintrc.json",
  JSON.stringify({ rules: { prh: { rulePaths: [join(dir, "prh.yml")] } } }),
);

/** huashu: 1× one file; 4× one 4× file; 16× four 4× files. textlint: one 1× text file per 1×. */
function build(scale) {
  const huashu = benchDirectory(`huashu-${scale}x`);
  const text = benchDirectory(`text-${scale}x`);
  const huashuFiles =
    scale === 1
      ? [writeIn(huashu, "corpus-1x.jsonl", jsonlCopies(0, 1))]
      : Array.from({ length: scale / 4 }, (_, file) =>
          writeIn(huashu, `corpus-4x-${file}.jsonl`, jsonlCopies(file * 4, 4)),
        );
  const textFiles = Array.from({ length: scale }, (_, file) => writeIn(text, `corpus-${file}.txt`, plainText));
  return { folders: [huashu, text], huashuFiles, textFiles };
}

/** Runs a command under /usr/bin/time; violations found (exit 1) are expected. */
function timed(args) {
  const report = join(dir, "time.txt");
  const result = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", report, process.execPath, ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  const [wall, user, system, maxKb] = readFileSync(report, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
  return { seconds: wall, cpuSeconds: user + system, peakRssMb: maxKb / 1024 };
}

const scales = [];
for (const scale of [1, 4, 16]) {
  const { folders, huashuFiles, textFiles } = build(scale);
  const huashu = timed([cli, "lint", ...huashuFiles, "--format", "json", "-o", "/dev/null"]);
  const textlint = timed([textlintBin, "--config", textlintrc, "--format", "json", "-o", "/dev/null", ...textFiles]);
  scales.push({ scale, megabytes: megabytes * scale, huashu, textlint });
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ megabytes, turns: dialogues.reduce((n, d) => n + d.texts.length, 0), scales }));
