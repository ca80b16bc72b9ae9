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
});
