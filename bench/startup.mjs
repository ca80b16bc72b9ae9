// Start-up of the built CLI: wall time (median of 5) of `node -e 0`, `huashu --version`,
// `huashu --help`, and `huashu lint` of a one-line script with the built-in packs, once where
// no candidate needs segmentation (好的。) and once where one does (我不知道。). Prints one JSON line.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchDirectory, writeIn } from "./pack-wordings.mjs";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const dir = benchDirectory("startup");
const clean = writeIn(dir, "clean.txt", "好的。\n");
const segmented = writeIn(dir, "segmented.txt", "我不知道。\n");

/** `program args`, as the `huashu` command (the CLI's own start line) or node. */
function medianSeconds(program, args, runs = 5) {
  const seconds = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = spawnSync(program, args, { cwd: dir, encoding: "utf8" });
    seconds.push((performance.now() - start) / 1000);
    if (result.status !== 0 && result.status !== 1)
      throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return seconds.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const result = {
  node: medianSeconds(process.execPath, ["-e", "0"]),
  version: medianSeconds(cli, ["--version"]),
  help: medianSeconds(cli, ["--help"]),
  lintClean: medianSeconds(cli, ["lint", clean]),
  lintSegmented: medianSeconds(cli, ["lint", segmented]),
};
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(result));
