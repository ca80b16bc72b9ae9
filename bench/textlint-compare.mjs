// huashu against textlint + textlint-rule-prh, end to end as a user runs both (process start
// included), over the same agent-turn text of the corpus at 1×, 4× and 16×. prh gets a
// dictionary generated from the built-in packs' forbidden wordings; huashu lints with its
// built-in packs (no --rules). Each run is timed by /usr/bin/time: wall, CPU, peak RSS.
// Prints one JSON line.
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dialogues, huashuInputs, megabytes } from "./agent-turns.mjs";
import { benchDirectory, prhDictionary, writeIn } from "./pack-wordings.mjs";
import { timed } from "./timed.mjs";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const textlintBin = createRequire(import.meta.url).resolve("textlint/bin/textlint.js");
const dir = benchDirectory("textlint");

// One paragraph per turn, as textlint's plain-text processor splits them.
const plainText =
  dialogues.flatMap(({ texts }) => texts.map((text) => text.replace(/\s*\n\s*/g, " "))).join("\n\n") + "\n";

writeIn(dir, "prh.yml", prhDictionary());
const textlintrc = writeIn(
  dir,
  ".textlintrc.json",
  JSON.stringify({ rules: { prh: { rulePaths: [join(dir, "prh.yml")] } } }),
);

/** huashu's inputs (bench/agent-turns.mjs) and textlint's: one 1× text file per 1×. */
function build(scale) {
  const huashu = huashuInputs(scale);
  const text = benchDirectory(`text-${scale}x`);
  const textFiles = Array.from({ length: scale }, (_, file) => writeIn(text, `corpus-${file}.txt`, plainText));
  return { folders: [huashu.folder, text], huashuFiles: huashu.files, textFiles };
}

const scales = [];
for (const scale of [1, 4, 16]) {
  const { folders, huashuFiles, textFiles } = build(scale);
  const huashu = timed(cli, ["lint", ...huashuFiles, "--format", "json", "-o", "/dev/null"], dir);
  const textlint = timed(
    process.execPath,
    [textlintBin, "--config", textlintrc, "--format", "json", "-o", "/dev/null", ...textFiles],
    dir,
  );
  scales.push({ scale, megabytes: megabytes * scale, huashu, textlint });
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ megabytes, turns: dialogues.reduce((n, d) => n + d.texts.length, 0), scales }));
