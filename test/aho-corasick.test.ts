import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AhoCorasick } from "../src/match/aho-corasick.js";
import { propertyRuns } from "./helpers/property-runs.js";

function naive(patterns: string[], text: string) {
  const hits: Array<{ pattern: number; start: number; end: number }> = [];
  patterns.forEach((pattern, index) => {
    if (!pattern) return;
    for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
      hits.push({ pattern: index, start: at, end: at + pattern.length });
    }
  });
  return hits;
}

const byPosition = (a: { start: number; end: number; pattern: number }, b: typeof a) =>
  a.end - b.end || a.start - b.start || a.pattern - b.pattern;

describe("AhoCorasick", () => {
  it("finds overlapping and nested occurrences", () => {
    const ac = new AhoCorasick(["不知道", "知道", "我不知道"]);
    expect(ac.scan("我不知道").sort(byPosition)).toEqual(
      [
        { pattern: 0, start: 1, end: 4 },
        { pattern: 1, start: 2, end: 4 },
        { pattern: 2, start: 0, end: 4 },
      ].sort(byPosition),
    );
  });

  it("agrees with a naive search on random texts", () => {
    agreesWithNaive({ units: [..."喂不知道ab"], wordLength: [1, 4], patterns: [1, 8], textLength: 40, runs: 100 });
  });

  it("builds an automaton of hundreds of thousands of states (a word list of 40,000 phrases)", () => {
    // Deterministic 6-character phrases over 60 hanzi: nearly every character starts a new state.
    const units = [
      ..."喂不知道您好请稍等马上为查询抱歉给带来便感谢的反馈我们会尽快处理这个问题没有办法自己去看吧呢啊么什这样那谁找投诉别烦",
    ];
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % units.length;
    const patterns = Array.from({ length: 40_000 }, () => Array.from({ length: 6 }, () => units[next()]).join(""));
    const automaton = new AhoCorasick(patterns);
    const text = `先说${patterns[123]}再说${patterns[39_999]}`;
    expect(automaton.scan(text).sort(byPosition)).toEqual(naive(patterns, text).sort(byPosition));
  });

  it("finds every continuation of a state with many transitions", () => {
    // 您 is followed by 40 different units: more than a state's one-by-one search covers.
    const seconds = [..."好们家的说看要是在能会想问请先再已也就还都别把给让被从对向跟和与"];
    const automaton = new AhoCorasick(seconds.map((second) => `您${second}`));
    for (const [index, second] of seconds.entries()) {
      expect(automaton.scan(`喂您${second}啊`)).toEqual([{ pattern: index, start: 1, end: 3 }]);
    }
  });

  it("finds every continuation of thousands of states with many transitions each", () => {
    // 3,000 first characters each followed by the same 12 others: 3,000 rows that all want the
    // same 12 columns, so the double array has to lay them out at 3,000 different bases.
    const unit = (index: number) => String.fromCharCode(0x4e00 + index);
    const patterns = Array.from({ length: 3000 }, (_, first) =>
      Array.from({ length: 12 }, (_, second) => unit(first) + unit(3000 + second)),
    ).flat();
    const automaton = new AhoCorasick(patterns);
    for (const [index, pattern] of patterns.entries()) {
      expect(automaton.scan(`喂${pattern}啊`)).toEqual([{ pattern: index, start: 1, end: 3 }]);
    }
  });

  it("agrees with a naive search when states have many transitions", () => {
    agreesWithNaive({
      units: [..."您好们家的说看要是在能会想问请先再已也就还都别把给"],
      wordLength: [2, 3],
      patterns: [100, 200],
      textLength: 60,
      runs: 200,
    });
  });
});

/** Property: on random patterns and texts over `units`, the automaton finds what a naive search finds. */
function agreesWithNaive(options: {
  units: string[];
  wordLength: [number, number];
  patterns: [number, number];
  textLength: number;
  runs: number;
}): void {
  const alphabet = fc.constantFrom(...options.units);
  const [minLength, maxLength] = options.wordLength;
  const word = fc.array(alphabet, { minLength, maxLength }).map((c) => c.join(""));
  const [fewest, most] = options.patterns;
  fc.assert(
    fc.property(
      fc.array(word, { minLength: fewest, maxLength: most }),
      fc.array(alphabet, { maxLength: options.textLength }),
      (patterns, chars) => {
        const text = chars.join("");
        expect(new AhoCorasick(patterns).scan(text).sort(byPosition)).toEqual(naive(patterns, text).sort(byPosition));
      },
    ),
    { numRuns: propertyRuns(options.runs) },
  );
}
