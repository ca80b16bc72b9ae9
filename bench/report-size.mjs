// The JSON report's size against its input: `huashu lint` of the shared corpus with the
// built-in packs, `--format json` to a file, which must parse as one JSON document. Prints one
// JSON line: `{ inputBytes, reportBytes, perInputByte, violations }`.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchDirectory } from "./pack-wordings.mjs";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const corpus = fileURLToPath(new URL("../../shared/corpus/weibo-helpdesk.jsonl", import.meta.url));
const dir = benchDirectory("report-size");
const report = join(dir, "report.json");
try {
  execFileSync(cli, ["lint", corpus, "--format", "json", "-o", report], { stdio: "ignore" });
} catch (error) {
  if (error.status !== 1) throw error; // 1: violations found, as expected
}
const inputBytes = statSync(corpus).size;
const reportBytes = statSync(report).size;
const violations = JSON.parse(readFileSync(report, "utf8")).results.reduce(
  (n, result) => n + result.violations.length,
  0,
);
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ inputBytes, reportBytes, perInputByte: reportBytes / inputBytes, violations }));
