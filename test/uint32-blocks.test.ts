import { describe, expect, it } from "vitest";
import { newUint32Array } from "../src/util/uint32-blocks.js";

describe("newUint32Array", () => {
  it("hands out zero-filled arrays that never share a unit, across blocks", () => {
    const arrays = Array.from({ length: 300 }, (_, index) => newUint32Array(1 + (index % 40)));
    arrays.forEach((array, index) => {
      expect(array.length).toBe(1 + (index % 40));
      expect(array.every((unit) => unit === 0)).toBe(true);
      array.fill(index + 1);
    });
    arrays.forEach((array, index) => expect(array.every((unit) => unit === index + 1)).toBe(true));
  });

  it("makes arrays longer than a block's share on their own", () => {
    const long = newUint32Array(100_000);
    expect(long.length).toBe(100_000);
    expect(long.buffer.byteLength).toBe(400_000);
  });
});
