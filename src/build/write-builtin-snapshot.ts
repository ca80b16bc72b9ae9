/**
 * Run by `npm run build` (and so by `prepare`) after the bundle is built: writes the built-in
 * packs' snapshot, its automata and its lists' wordings (rules/snapshot.ts) beside it, and fails the build when a
 * pack does not load or an example of it fails. Writes the stub of jieba's keyword dictionary
 * the CLI loads (match/segmenter.ts) too.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDiagnostic, HuashuError } from "../errors.js";
import {
  BUILTIN_AUTOMATON_FILE,
  BUILTIN_SNAPSHOT_FILE,
  BUILTIN_WORDINGS_FILE,
  builtinPackNames,
  builtinPackPath,
} from "../rules/builtin.js";
import { KEYWORD_DICTIONARY_STUB } from "../match/segmenter.js";
import { makeBuiltinSnapshot } from "../rules/snapshot.js";

const sources = builtinPackNames().map((name) => {
  const path = builtinPackPath(name);
  return { name, path, yamlText: readFileSync(path, "utf8") };
});
const directory = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(directory, KEYWORD_DICTIONARY_STUB.file), KEYWORD_DICTIONARY_STUB.text);
try {
  const { snapshot, automaton, wordings } = makeBuiltinSnapshot(sources);
  writeFileSync(join(directory, BUILTIN_SNAPSHOT_FILE), JSON.stringify(snapshot));
  writeFileSync(join(directory, BUILTIN_AUTOMATON_FILE), automaton);
  writeFileSync(join(directory, BUILTIN_WORDINGS_FILE), JSON.stringify(wordings));
} catch (error) {
  if (!(error instanceof HuashuError)) throw error;
  process.stderr.write(`${error.diagnostics.map(formatDiagnostic).join("\n")}\n`);
  process.exitCode = 1;
}
