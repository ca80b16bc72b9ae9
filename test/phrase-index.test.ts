import { describe, expect, it } from "vitest";
import { PhraseIndex } from "../src/match/phrase-index.js";

/** Each owner with its hits as (phrase, pattern text, hit starts), as rules read them. */
function grouped(index: PhraseIndex<{ readonly phrases: readonly string[] }>, text: string) {
  const hits = index.byOwner(index.scan(text));
  return [...hits.owners]
    .sort((a, b) => a - b)
    .map((owner) => [
      owner,
      hits.of(owner)!.map((entry) => [entry.phrase, index.patterns[entry.pattern], entry.hits.map((hit) => hit.start)]),
    ]);
}

describe("a phrase index's hits by owner", () => {
  const owners = [
    { phrases: ["不知道", "知道"] },
    { phrases: ["知道", "您好"] },
    { phrases: ["[知道] [#y]", "[#r] [知道]"] },
  ];
  const index = new PhraseIndex(owners);

  it("gives each owner its patterns in the order they first occur, each with all of its hits", () => {
    expect(grouped(index, "您好，知道吗？我不知道。知道了")).toEqual([
      [
        0,
        [
          ["知道", "知道", [3, 9, 12]],
          ["不知道", "不知道", [8]],
        ],
      ],
      [
        1,
        [
          ["您好", "您好", [0]],
          ["知道", "知道", [3, 9, 12]],
        ],
      ],
      // Token patterns that share an anchor each get the anchor's hits, to confirm on their own.
      [
        2,
        [
          ["[知道] [#y]", "知道", [3, 9, 12]],
          ["[#r] [知道]", "知道", [3, 9, 12]],
        ],
      ],
    ]);
  });

  it("tells whether an owner has hits without grouping them, and has none for a text without its phrases", () => {
    const hits = index.byOwner(index.scan("您好"));
    expect([hits.has(0), hits.has(1), hits.has(2)]).toEqual([false, true, false]);
    expect(hits.of(0)).toBeUndefined();
    const none = index.byOwner(index.scan("谢谢"));
    expect([none.owners, none.has(1), none.of(1)]).toEqual([[], false, undefined]);
  });
});
