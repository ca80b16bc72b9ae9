import { describe, expect, it } from "vitest";
import { lintSync } from "../src/index.js";
import { readCorpus } from "./helpers/corpus.js";
import { fixtureRules } from "./helpers/rules.js";

describe("lazy segmentation", () => {
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
});
