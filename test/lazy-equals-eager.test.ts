import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinRules, lintSync, type RuleSet, type Transcript } from "../src/index.js";
import { HAS_CORPUS, readCorpus } from "./helpers/corpus.js";
import { fixtureRules } from "./helpers/rules.js";
import { propertyRuns } from "./helpers/property-runs.js";

describe.skipIf(!HAS_CORPUS)("lazy segmentation", () => {
  it("reports exactly what segmenting every turn reports, over the whole helpdesk corpus", () => {
    const rules = fixtureRules("bench.yaml");
    const corpus = readCorpus();
    expect(corpus).toHaveLength(4090);
    let violations = 0;
    let forbidden = 0;
    for (const transcript of corpus) {
      const lazy = lintSync(transcript, { rules, segmentation: "lazy" });
      const eager = lintSync(transcript, { rules, segmentation: "eager" });
      expect(lazy, transcript.id).toEqual(eager);
      violations += lazy.violations.length;
      forbidden += lazy.violations.filter((v) => v.type === "forbidden").length;
    }
    // The comparison means something only if both kinds of rules fired on real speech.
    expect(forbidden).toBeGreaterThan(10);
    expect(violations - forbidden).toBeGreaterThan(100);
  });

  it("agrees on the corpus's customer turns read as agent speech, where the phrases are common", () => {
    const rules = fixtureRules("bench.yaml");
    let forbidden = 0;
    for (const transcript of readCorpus().slice(0, 1500)) {
      const asAgent = { turns: transcript.turns.map((turn) => ({ ...turn, speaker: "agent" as const })) };
      const lazy = lintSync(asAgent, { rules, segmentation: "lazy" });
      expect(lazy).toEqual(lintSync(asAgent, { rules, segmentation: "eager" }));
      forbidden += lazy.violations.filter((v) => v.type === "forbidden").length;
    }
    expect(forbidden).toBeGreaterThan(100);
  });

  it("agrees with the built-in packs, token patterns included, over the whole corpus and its customer turns read as agent speech", () => {
    const rules = builtinRules();
    let patternHits = 0;
    for (const transcript of readCorpus()) {
      for (const input of [
        transcript,
        { turns: transcript.turns.map((turn) => ({ ...turn, speaker: "agent" as const })) },
      ]) {
        const lazy = lintSync(input, { rules, segmentation: "lazy" });
        expect(lazy, transcript.id).toEqual(lintSync(input, { rules, segmentation: "eager" }));
        patternHits += lazy.violations.filter((v) => v.phrase !== undefined && /^\s*[[^]/.test(v.phrase)).length;
      }
    }
    // The comparison means something only if token patterns fired on real speech.
    expect(patternHits).toBeGreaterThan(20);
  });

  it("agrees with the built-in packs on corpus turns with the packs' bad examples spliced in at random", () => {
    const rules = builtinRules();
    const examples = rules.rules.flatMap((rule) =>
      (rule.examples?.bad ?? []).flatMap((example) =>
        typeof example === "string"
          ? [example]
          : "script" in example && example.script !== undefined
            ? [example.script]
            : [],
      ),
    );
    fc.assert(
      fc.property(splicedTranscript(rules, examples), (transcript) => {
        expect(lintSync(transcript, { rules, segmentation: "lazy" })).toEqual(
          lintSync(transcript, { rules, segmentation: "eager" }),
        );
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("agrees on corpus turns with rule phrases, spaces and punctuation spliced in at random", () => {
    const rules = fixtureRules("bench.yaml");
    fc.assert(
      fc.property(splicedTranscript(rules, []), (transcript) => {
        expect(lintSync(transcript, { rules, segmentation: "lazy" })).toEqual(
          lintSync(transcript, { rules, segmentation: "eager" }),
        );
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it("agrees with homophones on, and fillers and misheard phrases spliced in, in transcripts and scripts", () => {
    const rules = fixtureRules("bench.yaml").withMatching({ homophones: true, fillersInScripts: true });
    let heard = 0;
    let throughFillers = 0;
    fc.assert(
      fc.property(
        splicedTranscript(rules, [
          "嗯",
          "呃",
          ",那个,",
          " 就是 ",
          "…然后…",
          "头诉",
          "不知到",
          "没半法",
          "有本是就投诉我",
        ]),
        fc.boolean(),
        (transcript, script) => {
          const input = script ? { ...transcript, kind: "script" as const } : transcript;
          const lazy = lintSync(input, { rules, segmentation: "lazy" });
          expect(lazy).toEqual(lintSync(input, { rules, segmentation: "eager" }));
          heard += lazy.violations.filter((v) => v.detail?.startsWith("听写为")).length;
          throughFillers += lazy.violations.filter((v) => /[嗯呃]|那个|就是|然后/.test(v.text)).length;
        },
      ),
      { numRuns: 300 },
    );
    // The comparison means something only if both new paths found matches.
    expect(heard).toBeGreaterThan(10);
    expect(throughFillers).toBeGreaterThan(10);
  });
});

/** Agent transcripts of 1–4 corpus turns with rule phrases, spaces, punctuation and `extra` spliced in at random. */
function splicedTranscript(rules: RuleSet, extra: readonly string[]) {
  const texts = readCorpus().flatMap((transcript) => transcript.turns.map((turn) => turn.text));
  const phrases = rules.rules.flatMap((rule) => ("phrases" in rule ? rule.phrases : []));
  const splice = fc.oneof(
    fc.constantFrom(...phrases),
    fc.constantFrom(" ", ",", "。", "！", "…", "　", "喂", "您", ...extra),
  );
  const turn = fc
    .tuple(fc.constantFrom(...texts), fc.array(fc.tuple(fc.nat(), splice), { maxLength: 6 }))
    .map(([text, insertions]) =>
      insertions.reduce(
        (acc, [at, piece]) => acc.slice(0, at % (acc.length + 1)) + piece + acc.slice(at % (acc.length + 1)),
        text,
      ),
    );
  return fc
    .array(turn, { minLength: 1, maxLength: 4 })
    .map((turnTexts): Transcript => ({ turns: turnTexts.map((text) => ({ speaker: "agent", text })) }));
}
