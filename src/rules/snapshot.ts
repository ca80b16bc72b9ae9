/**
 * The built-in packs as validated data, written at build time (src/build/write-builtin-snapshot.ts
 * → dist/builtin-rules.json) so that a start-up reads JSON instead of parsing and validating
 * YAML and normalising every phrase wording. Each pack is keyed by a hash of its YAML text: a
 * pack whose YAML no longer matches is read from the YAML again.
 */
import { createHash } from "node:crypto";
import type { FileLocation } from "../errors.js";
import { phraseWordings } from "../match/phrase-index.js";
import { buildRuleSet } from "./load.js";
import { parseRuleFile, type ParsedRuleFile } from "./parse.js";
import { phraseListsOf, type Rule } from "./registry.js";
import type { ScoringSetting } from "./scoring.js";

declare const __HUASHU_BUILD__: string | undefined;

/** The build this code is part of (tsup.config.ts names each); undefined when running from src/. */
export const BUILD_ID: string | undefined = typeof __HUASHU_BUILD__ === "string" ? __HUASHU_BUILD__ : undefined;

/** A line and column of a pack's YAML file. */
type Position = [line: number, column: number];

/** One pack: what parsing its YAML yields, positions included. */
export interface PackSnapshot {
  /** {@link yamlHash} of the YAML text this was made from. */
  hash: string;
  rules: Rule[];
  scoring: Array<{ key: ScoringSetting["key"]; value: number; origin: Position }>;
  /** Where each rule and each of its examples is, by {@link pathKey} (what error messages point at). */
  positions: Array<[key: string, position: Position]>;
}

/** The built-in packs, by name, and the normalised wordings of all their phrases. */
export interface BuiltinSnapshot {
  /** The {@link BUILD_ID} of the code that made it: only that code's normalisation made these wordings. */
  build?: string;
  packs: Record<string, PackSnapshot>;
  wordings: Array<[phrase: string, wordings: readonly string[]]>;
}

/** The hash a pack snapshot is keyed by. */
function yamlHash(yamlText: string): string {
  return createHash("sha256").update(yamlText).digest("base64url");
}

function pathKey(path: readonly PropertyKey[]): string {
  return path.join("\u0000");
}

function positionOf(location: FileLocation): Position {
  return [location.line ?? 1, location.column ?? 1];
}

/** The paths a pack snapshot keeps the position of: each rule, each of its examples. */
function locatedPaths(rules: readonly Rule[]): Array<Array<string | number>> {
  return rules.flatMap((rule, index) => [
    ["rules", index],
    ...(["bad", "good"] as const).flatMap((kind) =>
      (rule.examples?.[kind] ?? []).map((_, position) => ["rules", index, "examples", kind, position]),
    ),
  ]);
}

/** The snapshot of one parsed pack. */
function snapshotPack(file: ParsedRuleFile, yamlText: string): PackSnapshot {
  return {
    hash: yamlHash(yamlText),
    rules: file.rules,
    scoring: file.scoring.map(({ key, value, origin }) => ({ key, value, origin: positionOf(origin) })),
    positions: locatedPaths(file.rules).map((path) => [pathKey(path), positionOf(file.locate(path))]),
  };
}

/** Every phrase of some rules (those of the phrase index, and forbidden rules' `unless`), with its normalised wordings. */
function wordingsOf(rules: readonly Rule[]): BuiltinSnapshot["wordings"] {
  const phrases = new Set(
    rules.flatMap((rule) => [
      ...phraseListsOf(rule).flatMap((list) => list.phrases),
      ...(rule.type === "forbidden" ? (rule.unless ?? []) : []),
    ]),
  );
  return [...phrases].map((phrase) => [phrase, phraseWordings(phrase)]);
}

/** A pack's YAML text and file, for {@link makeBuiltinSnapshot}. */
export interface PackSource {
  name: string;
  path: string;
  yamlText: string;
}

/**
 * The snapshot of the built-in packs, made through the loader a user's rule files go through:
 * each pack parsed and validated, all joined (ids unique across packs), every example run.
 * Throws `HuashuError` as loading them would.
 */
export function makeBuiltinSnapshot(sources: readonly PackSource[]): BuiltinSnapshot {
  const files = sources.map(({ path, yamlText }) => parseRuleFile(yamlText, path));
  const ruleSet = buildRuleSet(files);
  return {
    build: BUILD_ID,
    packs: Object.fromEntries(sources.map((source, index) => [source.name, snapshotPack(files[index]!, source.yamlText)])),
    wordings: wordingsOf(ruleSet.rules),
  };
}

/** A pack from the snapshot, when it was made from this YAML text; else undefined (read the YAML). */
export function packFromSnapshot(snapshot: BuiltinSnapshot, source: PackSource): ParsedRuleFile | undefined {
  const pack = Object.hasOwn(snapshot.packs, source.name) ? snapshot.packs[source.name] : undefined;
  return pack?.hash === yamlHash(source.yamlText) ? parsedFromSnapshot(pack, source.path) : undefined;
}

/**
 * A pack snapshot as the parsed file of `file`, as parsing the YAML would give it. Paths not
 * kept point at their nearest kept ancestor (the rule), or at the top of the file.
 */
function parsedFromSnapshot(pack: PackSnapshot, file: string): ParsedRuleFile {
  const at = ([line, column]: Position): FileLocation => ({ file, line, column });
  const positions = new Map(pack.positions);
  const origins = new Map<Rule, FileLocation>(pack.rules.map((rule, index) => [rule, at(positions.get(pathKey(["rules", index]))!)]));
  const locate = (path: readonly PropertyKey[]): FileLocation => {
    for (let depth = path.length; depth > 0; depth--) {
      const position = positions.get(pathKey(path.slice(0, depth)));
      if (position) return at(position);
    }
    return at([1, 1]);
  };
  return {
    rules: pack.rules,
    origins,
    scoring: pack.scoring.map(({ key, value, origin }) => ({ key, value, origin: at(origin) })),
    locate,
  };
}
