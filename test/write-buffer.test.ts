import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WriteBuffer } from "../src/cli/report-output.js";
import { propertyRuns } from "./helpers/property-runs.js";

/** Pieces of report text: ASCII, hanzi (3 bytes), emoji (a surrogate pair, 4 bytes), lone surrogates. */
const piece = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom("a", "\n", "喂", "您", "😀", "\ud800"), maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("x", "话", "😀"), minLength: 20_000, maxLength: 40_000 }) },
);

describe("WriteBuffer", () => {
  it("writes exactly the UTF-8 of everything added, in order, never an empty write", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 600 }), (pieces) => {
        const written: Buffer[] = [];
        // write must be done with the bytes when it returns: copy them, as a file write does.
        const buffer = new WriteBuffer((bytes) => written.push(Buffer.from(bytes)));
        for (const text of pieces) buffer.add(text);
        buffer.flush();
        expect(Buffer.concat(written).equals(Buffer.from(pieces.join(""), "utf8"))).toBe(true);
        expect(written.every((bytes) => bytes.length > 0)).toBe(true);
      }),
      { numRuns: propertyRuns(40) },
    );
  });
});
