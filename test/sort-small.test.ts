import { describe, expect, it } from "vitest";
import { sortSmall } from "../src/util/array.js";

describe("sortSmall", () => {
  it("sorts as Array.prototype.sort does, keeping equal items in order, short lists and long", () => {
    for (const length of [0, 1, 2, 5, 32, 33, 200]) {
      const items = Array.from({ length }, (_, index) => ({ key: (index * 7919) % 11, index }));
      const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
      const expected = [...items].sort(byKey);
      const sorted = sortSmall(items, byKey);
      expect(sorted).toBe(items);
      expect(sorted).toEqual(expected);
    }
  });
});
