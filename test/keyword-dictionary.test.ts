import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodejieba from "nodejieba";
import { afterAll, describe, expect, it } from "vitest";
import { KEYWORD_DICTIONARY_STUB, tokenEnds, skipKeywordExtraction } from "../src/match/segmenter.js";
import { copyOfBuild, ROOT } from "./helpers/cli.js";
import { HAS_CORPUS, readCorpus } from "./helpers/corpus.js";

const stubFolder = mkdtempSync(join(tmpdir(), "huashu-idf-stub-"));
const stub = join(stubFolder, KEYWORD_DICTIONARY_STUB.file);
writeFileSync(stub, KEYWORD_DICTIONARY_STUB.text);
// Before anything segments in this process: jieba loads once per process.
skipKeywordExtraction(stub);
afterAll(() => rmSync(stubFolder, { recursive: true, force: true }));

/** Every turn of the corpus (or the bundled examples without it) cut at punctuation and spaces, each clause once. */
function clauses(): string[] {
  const texts = HAS_CORPUS
    ? readCorpus().flatMap((transcript) => transcript.turns.map((turn) => turn.text))
    : ["bad-call.txt", "good-call.txt"].map((name) => readFileSync(join(ROOT, "fixtures/examples", name), "utf8"));
  return [...new Set(texts.flatMap((text) => text.split(/[\s,.!?;:,。!?;:、…]+/u)).filter(Boolean))];
}

/** Token ends of each clause from jieba loaded as nodejieba loads by default, in a fresh process. */
function defaultJiebaEnds(of: readonly string[]): number[][] {
  const script = `const jieba = require("nodejieba"); jieba.load();
const clauses = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(clauses.map((c) => { let at = 0; return jieba.cut(c, true).map((t) => (at += t.length)); })));`;
  const run = spawnSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    input: JSON.stringify(of),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as number[][];
}

describe("jieba loaded without what its keyword extraction reads", () => {
  it("segments every clause as jieba loaded with its own dictionaries does", () => {
    const asked = clauses();
    expect(asked.length).toBeGreaterThan(HAS_CORPUS ? 20_000 : 20);
    const expected = defaultJiebaEnds(asked);
    const differing = asked.filter((clause, i) => tokenEnds(clause).join() !== expected[i]!.join());
    expect(differing).toEqual([]);
  });

  it("has not read jieba's 6 MB keyword dictionary: every word weighs the stub's one weight", () => {
    tokenEnds("请您稍等"); // loads jieba, if the test above did not
    const weights = nodejieba.extract("客服投诉处理退款账户", 5).map((keyword) => keyword.weight);
    expect(weights.length).toBeGreaterThan(2);
    expect(new Set(weights).size).toBe(1);
  });
});

describe("the CLI", () => {
  let bundle = "";
  const lintOne = (env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [join(bundle, "cli.js"), "lint", "--stdin", "--format", "json"], {
      cwd: ROOT,
      input: "我不知道。\n",
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
  afterAll(() => {
    if (bundle) rmSync(bundle, { recursive: true, force: true });
  });

  it("loads the stub the build writes beside it, and jieba's own dictionary when the stub is not there", () => {
    expect(readFileSync(join(ROOT, "dist", KEYWORD_DICTIONARY_STUB.file), "utf8")).toBe(KEYWORD_DICTIONARY_STUB.text);
    bundle = copyOfBuild("dist-keyword-dictionary");
    const bundled = lintOne();
    expect(bundled.status).toBe(1);
    expect(bundled.stdout).toContain("不知道");
    // cppjieba logs a line of the keyword dictionary it cannot read: so the CLI reads this file.
    writeFileSync(join(bundle, KEYWORD_DICTIONARY_STUB.file), "a-word-without-a-weight\nhuashu 1\n");
    expect(lintOne().stderr).toContain("a-word-without-a-weight");
    unlinkSync(join(bundle, KEYWORD_DICTIONARY_STUB.file));
    const withoutStub = lintOne();
    expect(withoutStub.stderr).toBe("");
    expect(withoutStub.stdout).toBe(bundled.stdout);
  });

  it("removes the link it hands jieba the dictionary through, and loads as usual where it cannot make one", () => {
    bundle ||= copyOfBuild("dist-keyword-dictionary");
    const temporary = mkdtempSync(join(tmpdir(), "huashu-tmpdir-"));
    try {
      const linked = lintOne({ TMPDIR: temporary });
      expect(linked.status).toBe(1);
      expect(linked.stdout).toContain("不知道");
      expect(readdirSync(temporary)).toEqual([]);
      // No temporary folder to make the link in: the dictionary is read twice, as by nodejieba itself.
      const unlinked = lintOne({ TMPDIR: join(temporary, "missing") });
      expect(unlinked.stderr).toBe("");
      expect(unlinked.stdout).toBe(linked.stdout);
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  });
});

describe("the library", () => {
  /**
   * Distinct keyword weights and TextRank's keywords nodejieba gives after huashu has linted, in a
   * fresh process importing the build.
   */
  const keywordWeights = (skip: boolean) => {
    const script = `import { builtinRules, lintSync, skipKeywordDictionary } from "./dist/index.js";
import { createRequire } from "node:module";
${skip ? "skipKeywordDictionary();" : ""}
const found = lintSync("坐席:我不知道。", { rules: builtinRules(["taboo"]) }).violations.length;
const nodejieba = createRequire(import.meta.url)("nodejieba");
const weights = nodejieba.extract("客服投诉处理退款账户", 5).map((k) => k.weight);
const textRank = nodejieba.textRankExtract("客服投诉处理退款账户,我们已经为您办理了退款,请您查收银行账户", 5).map((k) => k.word);
console.log(JSON.stringify({ found, distinct: new Set(weights).size, textRank }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    return JSON.parse(run.stdout) as { found: number; distinct: number; textRank: string[] };
  };

  it("leaves jieba's keyword extraction alone unless asked, and skips its dictionaries after skipKeywordDictionary()", () => {
    const asIs = keywordWeights(false);
    const skipped = keywordWeights(true);
    expect(asIs.found).toBeGreaterThan(0);
    expect(skipped.found).toBe(asIs.found);
    expect(asIs.distinct).toBe(5);
    expect(skipped.distinct).toBe(1);
    // TextRank's own segmenter got the one-word dictionary: it cuts 已经 by its HMM alone.
    expect(asIs.textRank).toContain("已经");
    expect(skipped.textRank).not.toContain("已经");
  });
});
