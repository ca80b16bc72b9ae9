import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HuashuError } from "../src/errors.js";
import { AhoCorasick, type PatternHit } from "../src/match/aho-corasick.js";
import {
  layoutKey,
  PhraseIndex,
  type PhraseIndexLayout,
  phraseWordings,
  usePrecomputedIndexes,
  usePrecomputedWordings,
} from "../src/match/phrase-index.js";
import {
  BUILTIN_AUTOMATON_FILE,
  BUILTIN_SNAPSHOT_FILE,
  builtinPackNames,
  builtinPackPath,
} from "../src/rules/builtin.js";
import { buildRuleSet } from "../src/rules/load.js";
import { parseRuleFile, type ParsedRuleFile } from "../src/rules/parse.js";
import type { RuleSet } from "../src/rules/rule-set.js";
import {
  indexesBytes,
  indexesFromBytes,
  layoutOfStored,
  storedIndex,
  contentHash,
  indexesFile,
  indexesFromFile,
  makeBuiltinSnapshot,
  packFromSnapshot,
  type BuiltinSnapshot,
  type BuiltinWordings,
  type PackSource,
} from "../src/rules/snapshot.js";
import { lintSync, type Transcript } from "../src/index.js";
import { copyOfBuild, ROOT } from "./helpers/cli.js";
import { HAS_CORPUS, readCorpus } from "./helpers/corpus.js";
import { propertyRuns } from "./helpers/property-runs.js";

const sources: PackSource[] = builtinPackNames().map((name) => {
  const path = builtinPackPath(name);
  return { name, path, yamlText: readFileSync(path, "utf8") };
});

/** Every path a rule file's locate() is asked for: each rule and each of its examples. */
function examplePaths(file: ParsedRuleFile): Array<Array<string | number>> {
  return file.rules.flatMap((rule, index) =>
    (["bad", "good"] as const).flatMap((kind) =>
      (rule.examples?.[kind] ?? []).map((_, position) => ["rules", index, "examples", kind, position]),
    ),
  );
}

/** Texts in which every one of `patterns` occurs, besides the example calls' lines. */
function textsWithEvery(patterns: readonly string[]): string[] {
  const examples = ["bad-call.txt", "good-call.txt"].flatMap((name) =>
    readFileSync(join(ROOT, "fixtures/examples", name), "utf8").split("\n"),
  );
  return [patterns.join(""), patterns.join("。"), ...examples];
}

/** An automaton read back from its file's bytes (copied, as from a file of its own). */
/** A scan's hits by owner, as rules see them: every owner that has any, with its hits. */
function byOwner(index: PhraseIndex<{ readonly phrases: readonly string[] }>, hits: readonly PatternHit[]) {
  const grouped = index.byOwner(hits);
  return [...grouped.owners].sort((a, b) => a - b).map((owner) => [owner, grouped.of(owner)]);
}

/** An automaton of `patterns` as a stored index's bytes (with no sources). */
function automatonBytes(patterns: readonly string[]): Uint8Array<ArrayBuffer> {
  return indexesBytes([storedIndex({ patterns, sources: [], tables: new AhoCorasick(patterns).tables })]);
}

/** The automaton of a file of one stored index, read back (copied, as from a file of its own). */
function automatonFromFile(bytes: Uint8Array): AhoCorasick {
  const stored = indexesFromBytes(bytes.slice());
  expect(stored).toHaveLength(1);
  return new AhoCorasick(stored![0]!);
}

/** A layout with its patterns read and its sources as an array, as {@link PhraseIndex.layout} gives one. */
function plain(layout: PhraseIndexLayout): PhraseIndexLayout {
  const patterns = typeof layout.patterns === "function" ? layout.patterns() : layout.patterns;
  return { ...layout, patterns, sources: Array.from(layout.sources) };
}

/** The layouts of a snapshot with the indexes of its file. */
function layoutsOf(snapshot: BuiltinSnapshot, bytes: Uint8Array<ArrayBuffer>) {
  const stored = indexesFromFile(bytes, snapshot.automaton)!;
  expect(stored).toHaveLength(snapshot.phraseIndexes.length);
  return snapshot.phraseIndexes.map(({ key }, index) => layoutOfStored(key, stored[index]!));
}

describe("the built-in packs' build-time snapshot", () => {
  let snapshot: BuiltinSnapshot;
  let automaton: Uint8Array<ArrayBuffer>;
  let listWordings: BuiltinWordings;
  let fromYaml: ParsedRuleFile[];
  let fromSnapshot: ParsedRuleFile[];
  let yamlRules: RuleSet;
  let snapshotRules: RuleSet;

  beforeAll(() => {
    // As the build writes it and a start-up reads it.
    const built = makeBuiltinSnapshot(sources);
    snapshot = JSON.parse(JSON.stringify(built.snapshot)) as BuiltinSnapshot;
    automaton = built.automaton;
    fromYaml = sources.map((source) => parseRuleFile(source.yamlText, source.path));
    yamlRules = buildRuleSet(fromYaml, { verifyExamples: () => false });
    listWordings = JSON.parse(JSON.stringify(built.wordings)) as BuiltinWordings;
    // The wordings worked out fresh, before the snapshot's are taken.
    usePrecomputedWordings([]);
    for (const [phrase, wordings] of [...snapshot.wordings, ...listWordings.wordings])
      expect(wordings, phrase).toEqual(phraseWordings(phrase));
    usePrecomputedWordings(snapshot.wordings, () => listWordings.wordings);
    // The phrase index built fresh for the YAML's rules, before the snapshot's is taken (as a start-up takes it).
    usePrecomputedIndexes([]);
    expect(yamlRules.phrases.patterns.length).toBeGreaterThan(0);
    expect(yamlRules.occasionalPhrases.patterns.length).toBeGreaterThan(0);
    expect(yamlRules.customerPhrases.patterns.length).toBeGreaterThan(0);
    usePrecomputedIndexes(layoutsOf(snapshot, automaton.slice()));
    fromSnapshot = sources.map((source) => packFromSnapshot(snapshot, source)!);
    snapshotRules = buildRuleSet(fromSnapshot, { verifyExamples: () => false });
  });

  it("gives each pack's rules, scoring settings and source positions as parsing its YAML does", () => {
    fromSnapshot.forEach((file, index) => {
      const yaml = fromYaml[index]!;
      expect(file.rules).toEqual(yaml.rules);
      expect(file.scoring).toEqual(yaml.scoring);
      expect(file.rules.map((rule) => file.origins.get(rule))).toEqual(
        yaml.rules.map((rule) => yaml.origins.get(rule)),
      );
      const paths = examplePaths(yaml);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.map(file.locate)).toEqual(paths.map(yaml.locate));
    });
  });

  it("gives the same rule set: rules, origins, scoring, phrase patterns", () => {
    expect(snapshotRules.rules).toEqual(yamlRules.rules);
    expect(snapshotRules.scoring).toEqual(yamlRules.scoring);
    expect(snapshotRules.rules.map((rule) => snapshotRules.originOf(rule.id))).toEqual(
      yamlRules.rules.map((rule) => yamlRules.originOf(rule.id)),
    );
    expect(snapshotRules.phrases.patterns.length).toBeGreaterThan(5000);
    expect(snapshotRules.phrases.patterns).toEqual(yamlRules.phrases.patterns);
  });

  it("lints the example calls exactly as the rules from the YAML do", () => {
    for (const name of ["bad-call.txt", "good-call.txt", "good-call.json"]) {
      const text = readFileSync(join(ROOT, "fixtures/examples", name), "utf8");
      const input = name.endsWith(".json") ? (JSON.parse(text) as Transcript) : text;
      const expected = lintSync(input, { rules: yamlRules });
      if (name.startsWith("bad")) expect(expected.violations.length, name).toBeGreaterThan(3);
      expect(lintSync(input, { rules: snapshotRules }), name).toEqual(expected);
    }
  });

  it("stores the packs' phrase indexes, the rule set's, its occasional lists' and the customer's: taken back, each is the one built from the YAML, and finds the same hits for the same rules", () => {
    const pairs = [
      [yamlRules.phrases, snapshotRules.phrases],
      [yamlRules.occasionalPhrases, snapshotRules.occasionalPhrases],
      [yamlRules.customerPhrases, snapshotRules.customerPhrases],
    ] as const;
    pairs.forEach(([built, stored], index) => {
      // Taken from the snapshot, not built again.
      expect(stored.layout().key).toBe(snapshot.phraseIndexes[index]!.key);
      expect(stored.layout()).toEqual(built.layout());
      let hits = 0;
      for (const text of textsWithEvery(built.patterns)) {
        const found = stored.scan(text);
        hits += found.length;
        expect(byOwner(stored, found)).toEqual(byOwner(built, built.scan(text)));
      }
      expect(hits).toBeGreaterThan(2 * built.patterns.length);
    });
  });

  it("lints with the stored indexes without reading their patterns", () => {
    let reads = 0;
    usePrecomputedIndexes(
      layoutsOf(snapshot, automaton.slice()).map((layout) => ({
        ...layout,
        patterns: () => {
          reads++;
          return (layout.patterns as () => readonly string[])();
        },
      })),
    );
    const rules = buildRuleSet(fromSnapshot, { verifyExamples: () => false });
    for (const name of ["bad-call.txt", "good-call.txt"]) {
      const text = readFileSync(join(ROOT, "fixtures/examples", name), "utf8");
      expect(lintSync(text, { rules }), name).toEqual(lintSync(text, { rules: yamlRules }));
    }
    expect(reads).toBe(0);
    expect(rules.phrases.patterns).toEqual(yamlRules.phrases.patterns);
    expect(reads).toBe(1);
  });

  it("keeps apart the wordings of the lists' phrases, read only when an index of them is built", () => {
    const listPhrases = new Set(listWordings.wordings.map(([phrase]) => phrase));
    expect(listPhrases.size).toBeGreaterThan(2000);
    // What a lint asks for whatever its index: the phrases of the `unless` contexts.
    expect(snapshot.wordings.length).toBeGreaterThan(100);
    expect(snapshot.wordings.filter(([phrase]) => !listPhrases.has(phrase)).length).toBeGreaterThan(50);
    let reads = 0;
    const readLists = () => {
      reads++;
      return listWordings.wordings;
    };
    usePrecomputedWordings(snapshot.wordings, readLists);
    const rules = buildRuleSet(fromSnapshot, { verifyExamples: () => false });
    const bad = readFileSync(join(ROOT, "fixtures/examples/bad-call.txt"), "utf8");
    expect(lintSync(bad, { rules }).violations.length).toBeGreaterThan(3);
    expect(reads).toBe(0);
    // The index of a subset of the packs is built: its phrases' wordings are read, once.
    usePrecomputedWordings(snapshot.wordings, readLists);
    const subset = buildRuleSet([fromSnapshot[0]!], { verifyExamples: () => false });
    expect(subset.phrases.patterns.length).toBeGreaterThan(0);
    expect(phraseWordings(listWordings.wordings.at(-1)![0])).toBe(listWordings.wordings.at(-1)![1]);
    expect(reads).toBe(1);
  });

  describe.skipIf(!HAS_CORPUS)("on real calls (skipped: ../shared/corpus is absent)", () => {
    it("finds with the stored phrase index, on every turn of the helpdesk dialogues, what the built one finds", () => {
      const built = yamlRules.phrases;
      const stored = snapshotRules.phrases;
      let hits = 0;
      for (const call of readCorpus()) {
        for (const turn of call.turns) {
          const found = stored.scan(turn.text);
          hits += found.length;
          expect(byOwner(stored, found), call.id).toEqual(byOwner(built, built.scan(turn.text)));
        }
      }
      expect(hits).toBeGreaterThan(1000);
    });

    it("lints a sample of 200 helpdesk dialogues exactly as the rules from the YAML do", () => {
      const calls = readCorpus().filter((_, index) => index % 20 === 0);
      let violations = 0;
      for (const call of calls) {
        const expected = lintSync(call, { rules: yamlRules });
        violations += expected.violations.length;
        expect(lintSync(call, { rules: snapshotRules }), call.id).toEqual(expected);
      }
      expect(violations).toBeGreaterThan(100);
    });
  });

  it("is not used for a pack whose YAML changed since: that pack is read from its YAML", () => {
    const [first] = sources;
    expect(packFromSnapshot(snapshot, first!)).toBeDefined();
    expect(packFromSnapshot(snapshot, { ...first!, yamlText: `${first!.yamlText}\n# edited\n` })).toBeUndefined();
    expect(packFromSnapshot(snapshot, { ...first!, name: "constructor" })).toBeUndefined();
  });

  it("is refused, like the YAML, when an example of a pack fails", () => {
    // The first good example of courtesy.nin, made to say 你.
    const courtesy = sources.find((source) => source.name === "courtesy")!;
    const failing = courtesy.yamlText.replace(/(\n\s+good:\n\s+- ")/, "$1你");
    expect(failing).not.toBe(courtesy.yamlText);
    expect(() => makeBuiltinSnapshot([{ ...courtesy, yamlText: failing }])).toThrow(HuashuError);
  });
});

describe("the phrase indexes' file", () => {
  const alphabet = fc.constantFrom(..."您好不知道ab");
  const word = fc.array(alphabet, { minLength: 0, maxLength: 4 }).map((chars) => chars.join(""));

  it("reads back as an automaton that finds what the automaton it was made from finds", () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.array(alphabet, { maxLength: 40 }), (patterns, chars) => {
        const text = chars.join("");
        expect(automatonFromFile(automatonBytes(patterns)).scan(text)).toEqual(new AhoCorasick(patterns).scan(text));
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("gives back an index's patterns and sources as they were", () => {
    const index = new PhraseIndex([{ phrases: ["不知道", "您好"] }, { phrases: ["知道", "不知道", "😀好"] }]);
    const layout = index.layout();
    const [stored] = indexesFromBytes(indexesBytes([storedIndex(layout)]))!;
    const back = layoutOfStored(layout.key, stored!);
    expect({
      ...back,
      patterns: (back.patterns as () => readonly string[])(),
      sources: Array.from(back.sources),
    }).toEqual(layout);
  });

  it("reads back from a Buffer that does not start at a multiple of 4 bytes", () => {
    const bytes = automatonBytes(["不知道", "知道", "您好"]);
    const shifted = Buffer.alloc(bytes.length + 1);
    shifted.set(bytes, 1);
    const unaligned = shifted.subarray(1);
    expect(unaligned.byteOffset % 4).not.toBe(0);
    expect(automatonFromFile(unaligned).scan("我不知道")).toHaveLength(2);
  });

  it("does not read back when truncated, in the other byte order, or when its tables do not fit together", () => {
    const bytes = automatonBytes(["不知道", "知道", "您好"]);
    expect(indexesFromBytes(bytes.slice())).toHaveLength(1);
    expect(indexesFromBytes(bytes.slice(0, -4))).toBeUndefined();
    const swapped = bytes.slice();
    swapped.subarray(0, 4).reverse();
    expect(indexesFromBytes(swapped)).toBeUndefined();
    // The nodes come first, after the 7-word header, four numbers each: owner, base, failure link
    // and outputs. Any of them out of range would make a step read outside a table.
    const header = () => new Int32Array(bytes.buffer, 0, 7);
    const nodes = header()[1]!;
    for (const [field, misplaced] of [
      [0, 1_000_000],
      [0, -2],
      [1, 1_000_000],
      [1, -1],
      [2, 99],
      [2, -1],
      [3, 1_000],
      [3, -1],
    ] as const) {
      const misfit = bytes.slice();
      new Int32Array(misfit.buffer, 28, nodes)[4 + field] = misplaced;
      expect(indexesFromBytes(misfit)).toBeUndefined();
    }
    // An output that is no pattern, an output list longer than the table, and patterns' units fewer
    // than their lengths say: the header's lengths of the outputs, the patterns' lengths and their
    // units are its 4th, 5th and 7th words. The outputs' word 1 is the first list's count.
    const [, , columnUnits, outputs] = header();
    const outputsAt = 28 + nodes * 4 + ((columnUnits! * 2 + 3) & ~3);
    const noPattern = bytes.slice();
    new Int32Array(noPattern.buffer, outputsAt, outputs)[2] = 3;
    expect(indexesFromBytes(noPattern)).toBeUndefined();
    const overlong = bytes.slice();
    new Int32Array(overlong.buffer, outputsAt, outputs)[1] = outputs!;
    expect(indexesFromBytes(overlong)).toBeUndefined();
    const lengthsAt = outputsAt + outputs! * 4;
    const tooLong = bytes.slice();
    new Int32Array(tooLong.buffer, lengthsAt, 3)[0] = 4;
    expect(indexesFromBytes(tooLong)).toBeUndefined();
    // Lengths that add up to the file's size, one of them negative.
    const negative = bytes.slice();
    const lengths = new Int32Array(negative.buffer, 0, 7);
    lengths[3]! += lengths[4]! + 1;
    lengths[4] = -1;
    expect(indexesFromBytes(negative)).toBeUndefined();
  });

  it("is named by its indexes' content hash, and read back only under that name", () => {
    const stored = storedIndex({ patterns: ["您好"], sources: [], tables: new AhoCorasick(["您好"]).tables });
    const file = indexesFile([stored]);
    expect(file.name).toBe(contentHash(indexesBytes([stored])));
    expect(indexesFromFile(file.bytes.slice(), file.name)).toHaveLength(1);
    const other = indexesFile([
      storedIndex({ patterns: ["稍等"], sources: [], tables: new AhoCorasick(["稍等"]).tables }),
    ]);
    expect(indexesFromFile(other.bytes.slice(), file.name)).toBeUndefined();
    // The indexes without a name, or a name cut short.
    expect(indexesFromFile(indexesBytes([stored]), file.name)).toBeUndefined();
    expect(indexesFromFile(file.bytes.slice(0, 20), file.name)).toBeUndefined();
  });

  it("holds several indexes one after the other, each read back as it was, and none read back when the second is damaged", () => {
    const bytes = indexesBytes(
      [
        ["不知道", "知道", "您好"],
        ["抱歉", "稍等"],
      ].map((patterns) => storedIndex({ patterns, sources: [], tables: new AhoCorasick(patterns).tables })),
    );
    const [one, two, ...more] = indexesFromBytes(bytes.slice())!;
    expect(more).toEqual([]);
    expect(new AhoCorasick(one!).scan("您好,我不知道")).toEqual(
      new AhoCorasick(["不知道", "知道", "您好"]).scan("您好,我不知道"),
    );
    expect(new AhoCorasick(two!).scan("抱歉,请稍等")).toEqual(new AhoCorasick(["抱歉", "稍等"]).scan("抱歉,请稍等"));
    expect(indexesFromBytes(bytes.slice(0, -4))).toBeUndefined();
    const secondMagic = automatonBytes(["不知道", "知道", "您好"]).byteLength;
    const damaged = bytes.slice();
    damaged.subarray(secondMagic, secondMagic + 4).reverse();
    expect(indexesFromBytes(damaged)).toBeUndefined();
  });

  it("is taken by a phrase index of the owners it was made for, and by no other", () => {
    const owners = [{ phrases: ["不知道", "您好"] }];
    // Deliberately the layout of another index, under these owners' key: an index taking it finds what that one finds.
    usePrecomputedIndexes([{ ...new PhraseIndex([{ phrases: ["好"] }]).layout(), key: layoutKey(owners) }]);
    const keyed = new PhraseIndex(owners);
    expect(keyed.patterns).toEqual(["好"]);
    expect(keyed.scan("您好,不知道")).toEqual([{ pattern: 0, start: 1, end: 2 }]);
    expect(new PhraseIndex([{ phrases: ["不知道"] }]).scan("您好,不知道")).toEqual([{ pattern: 0, start: 3, end: 6 }]);
  });

  it("is not taken when its sources do not fit its patterns or owners: the index is built", () => {
    const owners = [{ phrases: ["不知道", "您好"] }];
    usePrecomputedIndexes([]);
    const layout = new PhraseIndex(owners).layout();
    expect(layout.sources).toEqual([1, 0, 0, 1, 0, 1]);
    // No sources, a phrase or an owner out of range, a count past the end.
    for (const sources of [[], [1, 0, 0, 1, 0, 2], [1, 0, 0, 1, 1, 1], [1, 0, 0, 3, 0, 1]]) {
      usePrecomputedIndexes([{ ...layout, patterns: ["您好", "不知道"], sources }]);
      const index = new PhraseIndex(owners);
      expect(index.patterns, JSON.stringify(sources)).toEqual(["不知道", "您好"]);
      expect(index.scan("您好,不知道")).toEqual([
        { pattern: 1, start: 0, end: 2 },
        { pattern: 0, start: 3, end: 6 },
      ]);
    }
  });
});

describe("the snapshot in dist/", () => {
  const path = join(ROOT, "dist", BUILTIN_SNAPSHOT_FILE);

  it("is written by npm run build from the packs as they are now", () => {
    expect(existsSync(path), `${path}: run npm run build first`).toBe(true);
    const built = JSON.parse(readFileSync(path, "utf8")) as BuiltinSnapshot;
    expect(Object.keys(built.packs).sort()).toEqual(builtinPackNames());
    for (const source of sources) expect(packFromSnapshot(built, source), source.name).toBeDefined();
  });

  it("holds the packs' phrase index, its automaton beside it, as it is built from their phrases", () => {
    const built = JSON.parse(readFileSync(path, "utf8")) as BuiltinSnapshot;
    const files = sources.map((source) => parseRuleFile(source.yamlText, source.path));
    usePrecomputedIndexes([]);
    const fresh = buildRuleSet(files, { verifyExamples: () => false });
    const bytes = readFileSync(join(ROOT, "dist", BUILTIN_AUTOMATON_FILE));
    // Named by the snapshot, so that a start-up takes it.
    expect(indexesFromFile(bytes, built.automaton)).toHaveLength(3);
    const stored = layoutsOf(built, bytes).map(plain);
    const expected = [fresh.phrases.layout(), fresh.occasionalPhrases.layout(), fresh.customerPhrases.layout()];
    // Part by part: a difference between two layouts of 150,000 patterns takes minutes to print.
    stored.forEach((layout, index) => {
      expect(layout.key === expected[index]!.key, "key").toBe(true);
      expect(JSON.stringify(layout.patterns) === JSON.stringify(expected[index]!.patterns), "patterns").toBe(true);
      expect(JSON.stringify(layout.sources) === JSON.stringify(expected[index]!.sources), "sources").toBe(true);
      expect(layout.tables).toEqual(expected[index]!.tables);
    });
  });

  it("names the build whose bundles may use it: code rebuilt without the snapshot never trusts it", () => {
    const built = JSON.parse(readFileSync(path, "utf8")) as BuiltinSnapshot;
    expect(built.build).toMatch(/^[0-9a-f-]{36}$/);
    for (const bundle of ["index.js", "index.cjs", "cli.js"]) {
      const code = readdirSync(join(ROOT, "dist"))
        .filter((file) => file === bundle || (bundle === "cli.js" && /^chunk-.*\.js$/.test(file)))
        .map((file) => readFileSync(join(ROOT, "dist", file), "utf8"))
        .join("\n");
      expect(code.includes(built.build!), bundle).toBe(true);
    }
  });
});

describe("a damaged build", () => {
  let bundle = "";
  const lint = (dist: string) =>
    spawnSync(process.execPath, [join(dist, "cli.js"), "lint", "fixtures/examples/bad-call.txt", "--format", "json"], {
      cwd: ROOT,
      encoding: "utf8",
    });
  let expected: ReturnType<typeof lint>;
  beforeAll(() => {
    expected = lint(join(ROOT, "dist"));
    expect(expected.status).toBe(1);
  });
  afterAll(() => {
    if (bundle) rmSync(bundle, { recursive: true, force: true });
  });

  it("lints as the YAML packs do when the automata file beside the snapshot was made from other phrases", () => {
    bundle = copyOfBuild("dist-snapshot");
    const built = JSON.parse(readFileSync(join(bundle, BUILTIN_SNAPSHOT_FILE), "utf8")) as BuiltinSnapshot;
    // Well-formed indexes, of each index's phrases but the first: they would lose 喂 and shift every other.
    const stored = layoutsOf(built, readFileSync(join(bundle, BUILTIN_AUTOMATON_FILE)));
    writeFileSync(
      join(bundle, BUILTIN_AUTOMATON_FILE),
      indexesFile(
        stored.map((layout) => {
          const patterns = (layout.patterns as () => readonly string[])().slice(1);
          return storedIndex({ patterns, sources: layout.sources, tables: new AhoCorasick(patterns).tables });
        }),
      ).bytes,
    );
    const run = lint(bundle);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(expected.status);
    expect(run.stdout).toBe(expected.stdout);
  });

  it("lints as the YAML packs do when the snapshot is cut short or empty", () => {
    bundle = copyOfBuild("dist-snapshot");
    const snapshotPath = join(bundle, BUILTIN_SNAPSHOT_FILE);
    const text = readFileSync(snapshotPath, "utf8");
    for (const damaged of [text.slice(0, text.length / 2), ""]) {
      writeFileSync(snapshotPath, damaged);
      const run = lint(bundle);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(expected.status);
      expect(run.stdout).toBe(expected.stdout);
    }
  });
});
