/**
 * The built-in packs as validated data, written at build time (src/build/write-builtin-snapshot.ts
 * → dist/builtin-rules.json) so that a start-up reads JSON instead of parsing and validating
 * YAML and normalising every phrase wording. Each pack is keyed by a hash of its YAML text: a
 * pack whose YAML no longer matches is read from the YAML again. With them, the phrase indexes of
 * all packs (the rule set's, that of its occasional lists and that of the customer's) in a file beside
 * (dist/builtin-automaton.bin: their automata's tables, sources and patterns): each used by a
 * phrase index of the same phrases.
 */
import { createHash } from "node:crypto";
import type { FileLocation } from "../errors.js";
import { tablesFit, type AutomatonTables } from "../match/aho-corasick.js";
import { phraseWordings, type PhraseIndexLayout } from "../match/phrase-index.js";
import { buildRuleSet } from "./load.js";
import { parseRuleFile, type ParsedRuleFile } from "./parse.js";
import { unlessPhrases } from "./exceptions.js";
import { customerListsOf, occasionalListsOf, phraseListsOf, type Rule } from "./registry.js";
import type { ScoringSetting } from "./scoring.js";

declare const __HUASHU_BUILD__: string | undefined;

/** The build this code is part of (tsup.config.ts names each); undefined when running from src/. */
export const BUILD_ID: string | undefined = typeof __HUASHU_BUILD__ === "string" ? __HUASHU_BUILD__ : undefined;

/** A line and column of a pack's YAML file. */
type Position = [line: number, column: number];

/** One pack: what parsing its YAML yields, positions included. */
export interface PackSnapshot {
  /** {@link contentHash} of the YAML text this was made from. */
  hash: string;
  rules: Rule[];
  scoring: Array<{ key: ScoringSetting["key"]; value: number; origin: Position }>;
  /** Where each rule and each of its examples is, by {@link pathKey} (what error messages point at). */
  positions: Array<[key: string, position: Position]>;
}

/** The built-in packs, by name, and the normalised wordings of the phrases a lint asks for whatever its index. */
export interface BuiltinSnapshot {
  /** The {@link BUILD_ID} of the code that made it: only that code's normalisation made these wordings. */
  build?: string;
  packs: Record<string, PackSnapshot>;
  /** Of the phrases of the lists' `unless` contexts (the phrases of the lists are in {@link BuiltinBuild.wordings}). */
  wordings: Array<[phrase: string, wordings: readonly string[]]>;
  /**
   * The keys of the phrase indexes of all packs, the rule set's, that of its occasional lists and the customer's,
   * in the order of their file ({@link BuiltinBuild.automaton}).
   */
  phraseIndexes: Array<Pick<PhraseIndexLayout, "key">>;
  /** The name of the indexes' file written with it ({@link indexesFile}): a file from another build is not taken. */
  automaton: string;
}

/** The normalised wordings of the phrases of the packs' lists, needed only where an index of them is built. */
export interface BuiltinWordings {
  /** The {@link BUILD_ID} of the code that made them. */
  build?: string;
  wordings: Array<[phrase: string, wordings: readonly string[]]>;
}

/**
 * What the build writes: the snapshot (JSON), its phrase indexes ({@link indexesFile})
 * and the wordings of the lists' phrases (JSON, read only when some index is built: a third of
 * the snapshot's text, which every start-up read before).
 */
export interface BuiltinBuild {
  snapshot: BuiltinSnapshot;
  automaton: Uint8Array<ArrayBuffer>;
  wordings: BuiltinWordings;
}

/** The hash a pack snapshot is keyed by (its YAML text), and that names its automaton file (its bytes). */
export function contentHash(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("base64url");
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
    hash: contentHash(yamlText),
    rules: file.rules,
    scoring: file.scoring.map(({ key, value, origin }) => ({ key, value, origin: positionOf(origin) })),
    positions: locatedPaths(file.rules).map((path) => [pathKey(path), positionOf(file.locate(path))]),
  };
}

/** Phrases with their normalised wordings. */
function withWordings(phrases: Iterable<string>): Array<[string, readonly string[]]> {
  return [...new Set(phrases)].map((phrase) => [phrase, phraseWordings(phrase)]);
}

/** A pack's YAML text and file, for {@link makeBuiltinSnapshot}. */
export interface PackSource {
  name: string;
  path: string;
  yamlText: string;
}

/**
 * The snapshot of the built-in packs, made through the loader a user's rule files go through:
 * each pack parsed and validated, all joined (ids unique across packs), every example run;
 * and the automata of their phrase indexes. Throws `HuashuError` as loading them would.
 */
export function makeBuiltinSnapshot(sources: readonly PackSource[]): BuiltinBuild {
  const files = sources.map(({ path, yamlText }) => parseRuleFile(yamlText, path));
  const ruleSet = buildRuleSet(files);
  // The other indexes too: built at every start-up, the occasional lists' was a sixth of linting one line.
  const layouts = [ruleSet.phrases.layout(), ruleSet.occasionalPhrases.layout(), ruleSet.customerPhrases.layout()];
  const lists = ruleSet.rules.flatMap((rule) => [...phraseListsOf(rule), ...occasionalListsOf(rule), ...customerListsOf(rule)]);
  const file = indexesFile(layouts.map(storedIndex));
  const snapshot: BuiltinSnapshot = {
    build: BUILD_ID,
    packs: Object.fromEntries(sources.map((source, index) => [source.name, snapshotPack(files[index]!, source.yamlText)])),
    wordings: withWordings(lists.flatMap(unlessPhrases)),
    phraseIndexes: layouts.map(({ key }) => ({ key })),
    automaton: file.name,
  };
  return { snapshot, automaton: file.bytes, wordings: { build: BUILD_ID, wordings: withWordings(lists.flatMap((list) => list.phrases)) } };
}

/**
 * A phrase index as its file stores it: its automaton's tables, its sources ({@link
 * PhraseIndexLayout.sources}), and its patterns' units one after the other (the automaton has their
 * lengths).
 */
export interface StoredIndex extends AutomatonTables {
  readonly sources: Int32Array;
  readonly patternUnits: Uint16Array;
}

/** A layout's arrays as a {@link StoredIndex}. */
export function storedIndex({ tables, sources, patterns }: Omit<PhraseIndexLayout, "key">): StoredIndex {
  const text = (typeof patterns === "function" ? patterns() : patterns).join("");
  const patternUnits = new Uint16Array(text.length);
  for (let unit = 0; unit < text.length; unit++) patternUnits[unit] = text.charCodeAt(unit);
  return { ...tables, sources: Int32Array.from(sources), patternUnits };
}

/**
 * A stored index as the layout a phrase index takes: its patterns read from their units only
 * when asked for (matching never asks; homophones and reports do).
 */
export function layoutOfStored(key: string, stored: StoredIndex): PhraseIndexLayout {
  const { columnUnits, nodes, outputs, lengths } = stored;
  return {
    key,
    patterns: () => patternsOf(stored),
    sources: stored.sources,
    tables: { columnUnits, nodes, outputs, lengths },
  };
}

/** A stored index's patterns, by pattern id. */
function patternsOf({ patternUnits, lengths }: StoredIndex): string[] {
  const patterns: string[] = [];
  for (let pattern = 0, at = 0; pattern < lengths.length; pattern++) {
    let text = "";
    for (const end = at + lengths[pattern]!; at < end; at++) text += String.fromCharCode(patternUnits[at]!);
    patterns.push(text);
  }
  return patterns;
}

/** A stored index's arrays in file order, each with its element type. */
const TABLE_LAYOUT = [
  ["nodes", Int32Array],
  ["columnUnits", Uint16Array],
  ["outputs", Int32Array],
  ["lengths", Int32Array],
  ["sources", Int32Array],
  ["patternUnits", Uint16Array],
] as const satisfies ReadonlyArray<readonly [keyof StoredIndex, Int32ArrayConstructor | Uint16ArrayConstructor]>;

/** First word of each index in the file; it reads otherwise on a machine of the other byte order. Changed with the file's layout. */
const AUTOMATON_MAGIC = 0x4853484a;

/** Bytes from one table's start to the next one's: tables start at multiples of 4, as 32-bit views need. */
const paddedLength = (byteLength: number) => (byteLength + 3) & ~3;

/**
 * Stored indexes as one file: for each, a header (magic word, each array's length), then the
 * arrays in {@link TABLE_LAYOUT} order, each padded to 4 bytes, in this machine's byte order.
 */
export function indexesBytes(indexes: readonly StoredIndex[]): Uint8Array<ArrayBuffer> {
  const parts = indexes.flatMap((index) => [
    Int32Array.of(AUTOMATON_MAGIC, ...TABLE_LAYOUT.map(([name]) => index[name].length)),
    ...TABLE_LAYOUT.map(([name]) => index[name]),
  ]);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + paddedLength(part.byteLength), 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += paddedLength(part.byteLength);
  }
  return bytes;
}

/**
 * The indexes of {@link indexesBytes}, in order, as views of `bytes` (not copied); undefined when
 * the bytes are not such a file (truncated, another byte order), the tables of one automaton do not
 * fit together or its patterns' units are not as long as their lengths say.
 */
export function indexesFromBytes(bytes: Uint8Array<ArrayBuffer>): StoredIndex[] | undefined {
  // A view of 32-bit words must start at a multiple of 4. Copied by the constructor: a Buffer's slice() is a view.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  const headerLength = 1 + TABLE_LAYOUT.length;
  const end = aligned.byteOffset + aligned.byteLength;
  const indexes: StoredIndex[] = [];
  for (let offset = aligned.byteOffset; offset < end; ) {
    if (end - offset < headerLength * 4) return undefined;
    const [magic, ...lengths] = new Int32Array(aligned.buffer, offset, headerLength);
    const sizes = TABLE_LAYOUT.map(([, Type], index) => paddedLength(lengths[index]! * Type.BYTES_PER_ELEMENT));
    const total = sizes.reduce((sum, size) => sum + size, headerLength * 4);
    if (magic !== AUTOMATON_MAGIC || lengths.some((length) => length < 0) || total > end - offset) return undefined;
    offset += headerLength * 4;
    const index = Object.fromEntries(
      TABLE_LAYOUT.map(([name, Type], at) => {
        const table = new Type(aligned.buffer, offset, lengths[at]);
        offset += sizes[at]!;
        return [name, table];
      }),
    ) as unknown as StoredIndex;
    if (!tablesFit(index) || index.lengths.reduce((sum, length) => sum + length, 0) !== index.patternUnits.length)
      return undefined;
    indexes.push(index);
  }
  return indexes;
}

/**
 * The indexes' file: the name of its indexes (the {@link contentHash} of their {@link
 * indexesBytes}), then the indexes. A start-up compares the name with the snapshot's instead of
 * hashing 12 MB, which was a third of linting one line: a file of another build has another name,
 * and one cut short or damaged in its structure does not read back.
 */
export function indexesFile(indexes: readonly StoredIndex[]): { name: string; bytes: Uint8Array<ArrayBuffer> } {
  const content = indexesBytes(indexes);
  const name = contentHash(content);
  const label = new TextEncoder().encode(name);
  const start = paddedLength(4 + label.length);
  const bytes = new Uint8Array(start + content.byteLength);
  new DataView(bytes.buffer).setInt32(0, label.length, true);
  bytes.set(label, 4);
  bytes.set(content, start);
  return { name, bytes };
}

/** The indexes of an {@link indexesFile} named `name`; undefined for a file of another name, or one that does not read back. */
export function indexesFromFile(bytes: Uint8Array<ArrayBuffer>, name: string): StoredIndex[] | undefined {
  const label = new TextEncoder().encode(name);
  const start = paddedLength(4 + label.length);
  if (bytes.byteLength < start || new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true) !== label.length)
    return undefined;
  for (let at = 0; at < label.length; at++) if (bytes[4 + at] !== label[at]) return undefined;
  return indexesFromBytes(bytes.subarray(start));
}

/** A pack from the snapshot, when it was made from this YAML text; else undefined (read the YAML). */
export function packFromSnapshot(snapshot: BuiltinSnapshot, source: PackSource): ParsedRuleFile | undefined {
  const pack = Object.hasOwn(snapshot.packs, source.name) ? snapshot.packs[source.name] : undefined;
  return pack?.hash === contentHash(source.yamlText) ? parsedFromSnapshot(pack, source.path) : undefined;
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
