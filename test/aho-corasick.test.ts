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
    const alphabet = fc.constantFrom("喂", "不", "知", "道", "a", "b");
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((c) => c.join(""));
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 8 }),
        fc.array(alphabet, { maxLength: 40 }),
        (patterns, chars) => {
          const text = chars.join("");
          expect(new AhoCorasick(patterns).scan(text).sort(byPosition)).toEqual(naive(patterns, text).sort(byPosition));
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it("finds every continuation of a state with many transitions (searched by bisection)", () => {
    // 您 is followed by 40 different units: more than a state's one-by-one search covers.
    const seconds = [..."好们家的说看要是在能会想问请先再已也就还都别把给让被从对向跟和与"];
    const patterns = seconds.map((second) => `您${second}`);
    for (const [index, second] of seconds.entries()) {
      expect(new AhoCorasick(patterns).scan(`喂您${second}啊`)).toEqual([{ pattern: index, start: 1, end: 3 }]);
    }
  });

  it("agrees with a naive search when states have many transitions", () => {
    const alphabet = fc.constantFrom(..."您好们家的说看要是在能会想问请先再已也就还都别把给");
    const word = fc.array(alphabet, { minLength: 2, maxLength: 3 }).map((c) => c.join(""));
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 100, maxLength: 200 }),
        fc.array(alphabet, { maxLength: 60 }),
        (patterns, chars) => {
          const text = chars.join("");
          expect(new AhoCorasick(patterns).scan(text).sort(byPosition)).toEqual(naive(patterns, text).sort(byPosition));
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
