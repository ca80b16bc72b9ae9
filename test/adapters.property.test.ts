import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBytes, HuashuError, INPUT_FORMATS, parseTranscripts, type InputFormat } from "../src/index.js";
import { parseJson } from "../src/transcript/adapters/json-document.js";
import { assertTranscript } from "../src/transcript/validate.js";
import { propertyRuns } from "./helpers/property-runs.js";

const FIXTURES = "fixtures/transcripts";
/** Each format's fixture is named after it: fixtures/transcripts/<format>.<ext>. */
const fixtureOf = (format: string) => {
  const name = readdirSync(FIXTURES).find((file) => file.startsWith(`${format}.`))!;
  return readFileSync(`${FIXTURES}/${name}`, "utf8");
};

/** Runs `read`; passes when it returns valid transcripts or throws HuashuError naming the file. */
function onlyHuashuErrors(read: () => unknown, file = "fuzz.in"): void {
  try {
    const transcripts = read() as unknown[];
    for (const transcript of transcripts) assertTranscript(transcript);
  } catch (error) {
    if (!(error instanceof HuashuError)) throw error;
    expect(error.diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of error.diagnostics) expect(diagnostic.file).toBe(file);
  }
}

/** A fixture with random edits: cut, insert, replace. */
const mutated = (fixture: string) =>
  fc
    .tuple(
      fc.constant(fixture),
      fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.string({ maxLength: 8, unit: "binary" })), {
        minLength: 1,
        maxLength: 6,
      }),
    )
    .map(([text, edits]) =>
      edits.reduce((result, [where, cut, insert]) => {
        const at = where % (result.length + 1);
        return result.slice(0, at) + insert + result.slice(at + cut);
      }, text),
    );

/** A JSON fixture with one member somewhere replaced by random JSON, or removed. */
const reshaped = (fixture: string) =>
  fc
    .tuple(fc.constant(fixture), fc.nat(), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined, freq: 2 }))
    .map(([text, where, replacement]) => {
      const root = JSON.parse(text) as unknown;
      const slots: Array<[Record<string, unknown>, string]> = [];
      const collect = (value: unknown): void => {
        if (typeof value !== "object" || value === null) return;
        for (const [key, child] of Object.entries(value)) {
          slots.push([value as Record<string, unknown>, key]);
          collect(child);
        }
      };
      collect(root);
      const [parent, key] = slots[where % slots.length]!;
      if (replacement === undefined) delete parent[key];
      else parent[key] = replacement;
      return JSON.stringify(root);
    });

const FORMATS = Object.keys(INPUT_FORMATS) as InputFormat[];

/** Random text, random JSON, and the format's own fixture mutated (and reshaped, for JSON). */
function inputsFor(format: InputFormat): fc.Arbitrary<string> {
  const fixture = fixtureOf(format);
  const isJson = fixture.startsWith("{") && format !== "jsonl";
  return fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.json({ maxDepth: 4 }),
    mutated(fixture),
    ...(isJson ? [reshaped(fixture)] : []),
  );
}

const anyText = fc.oneof(...FORMATS.map(inputsFor));

describe("adapters under random and mutated input (fast-check)", () => {
  it.each(FORMATS)("%s throws nothing but HuashuError", (format) => {
    fc.assert(
      fc.property(inputsFor(format), (text) =>
        onlyHuashuErrors(() => INPUT_FORMATS[format](text, { file: "fuzz.in" })),
      ),
      { numRuns: propertyRuns(1000) },
    );
  });

  it("detection throws nothing but HuashuError", () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom("fuzz.in", "fuzz.json", "fuzz.md", "fuzz.vtt"), (text, file) =>
        onlyHuashuErrors(() => parseTranscripts(text, { file }), file),
      ),
      { numRuns: propertyRuns(1000) },
    );
  });

  it("the position-keeping JSON parser agrees with JSON.parse, on valid and broken JSON", () => {
    const jsonish = fc.oneof(
      fc.json({ maxDepth: 5 }),
      fc.json().chain((text) => mutated(text)),
      fc.string({ unit: "binary", maxLength: 30 }),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          expect(() => parseJson(text, {})).toThrow(HuashuError);
          return;
        }
        expect(parseJson(text, {}).root).toStrictEqual(expected);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("decoding random bytes throws nothing but HuashuError", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.option(fc.constantFrom("utf-8", "gbk", "utf-16le")),
        (bytes, encoding) => {
          try {
            decodeBytes(bytes, { file: "fuzz.in", ...(encoding !== null && { encoding }) });
          } catch (error) {
            if (!(error instanceof HuashuError)) throw error;
          }
        },
      ),
      { numRuns: propertyRuns(1000) },
    );
  });
});
