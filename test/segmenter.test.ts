import nodejieba from "nodejieba";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tokenEnds } from "../src/match/segmenter.js";

const WORDS = [
  "很",
  "抱歉",
  "给您",
  "带来",
  "不便",
  "感谢",
  "您的",
  "反馈",
  "我们",
  "会",
  "尽快",
  "处理",
  "这个",
  "问题",
  "不知道",
  "喂",
  "您好",
  "请稍等",
  "马上",
  "为您",
  "查询",
];

/** Token ends straight from jieba, as tokenEnds documents them. */
function jiebaEnds(clause: string): number[] {
  const ends: number[] = [];
  let offset = 0;
  for (const token of nodejieba.cut(clause, true)) ends.push((offset += token.length));
  return ends;
}

/** Clauses of two to five words, from a fixed seed: far more distinct ones than tokenEnds remembers. */
function clauses(count: number): string[] {
  let seed = 12345;
  const next = (bound: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % bound;
  return Array.from({ length: count }, () =>
    Array.from({ length: 2 + next(4) }, () => WORDS[next(WORDS.length)]).join(""),
  );
}

describe("tokenEnds", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives jieba's token ends for every clause, said once or again, however many share a remembered slot", () => {
    const distinct = [...new Set(clauses(12_000))];
    expect(distinct.length).toBeGreaterThan(5000);
    // Each clause is asked for three times, far apart and close together, so that remembered
    // clauses are evicted by others of their slot and asked for again.
    const asked = [...distinct, ...distinct.flatMap((clause) => [clause, clause])];
    const expected = new Map(distinct.map((clause) => [clause, jiebaEnds(clause)]));
    const wrong = asked.filter((clause) => tokenEnds(clause).join() !== expected.get(clause)!.join());
    expect(wrong).toEqual([]);
  });

  it("segments a clause said over and over no more than twice", () => {
    const clause = "很抱歉给您带来不便了呢";
    const expected = jiebaEnds(clause);
    const cut = vi.spyOn(nodejieba, "cut");
    for (let time = 0; time < 5; time++) expect(tokenEnds(clause)).toEqual(expected);
    expect(cut).toHaveBeenCalledTimes(2);
  });
});
