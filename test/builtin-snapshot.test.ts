import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HuashuError } from "../src/errors.js";
import { phraseWordings, usePrecomputedWordings } from "../src/match/phrase-index.js";
import { BUILTIN_SNAPSHOT_FILE, builtinPackNames, builtinPackPath } from "../src/rules/builtin.js";
import { buildRuleSet } from "../src/rules/load.js";
import { parseRuleFile, type ParsedRuleFile } from "../src/rules/parse.js";
import type { RuleSet } from "../src/rules/rule-set.js";
import { makeBuiltinSnapshot, packFromSnapshot, type BuiltinSnapshot, type PackSource } from "../src/rules/snapshot.js";
import { lintSync, type Transcript } from "../src/index.js";
import { ROOT } from "./helpers/cli.js";
import { HAS_CORPUS, readCorpus } from "./helpers/corpus.js";

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

describe("the built-in packs' build-time snapshot", () => {
  let snapshot: BuiltinSnapshot;
  let fromYaml: ParsedRuleFile[];
  let fromSnapshot: ParsedRuleFile[];
  let yamlRules: RuleSet;
  let snapshotRules: RuleSet;

  beforeAll(() => {
    // As the build writes it and a start-up reads it.
    snapshot = JSON.parse(JSON.stringify(makeBuiltinSnapshot(sources))) as BuiltinSnapshot;
    fromYaml = sources.map((source) => parseRuleFile(source.yamlText, source.path));
    yamlRules = buildRuleSet(fromYaml, { verifyExamples: () => false });
    // The wordings worked out fresh, before the snapshot's are taken.
    for (const [phrase, wordings] of snapshot.wordings) expect(wordings, phrase).toEqual(phraseWordings(phrase));
    usePrecomputedWordings(snapshot.wordings);
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

  describe.skipIf(!HAS_CORPUS)("on real calls (skipped: ../shared/corpus is absent)", () => {
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

describe("the snapshot in dist/", () => {
  const path = join(ROOT, "dist", BUILTIN_SNAPSHOT_FILE);

  it("is written by npm run build from the packs as they are now", () => {
    expect(existsSync(path), `${path}: run npm run build first`).toBe(true);
    const built = JSON.parse(readFileSync(path, "utf8")) as BuiltinSnapshot;
    expect(Object.keys(built.packs).sort()).toEqual(builtinPackNames());
    for (const source of sources) expect(packFromSnapshot(built, source), source.name).toBeDefined();
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
