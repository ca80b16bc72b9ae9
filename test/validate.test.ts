import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { genericSchema, plainlyGenericJson } from "../src/transcript/adapters/json.js";
import { assertTranscript, plainlyTranscript, transcriptSchema } from "../src/transcript/validate.js";
import { propertyRuns } from "./helpers/property-runs.js";

/** Values a field may hold: right ones and the kinds of wrong ones callers pass. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 3 }),
  fc.constantFrom("agent", "customer", "other", "script", "transcript", "Agent", ""),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -0, 1.5, 2 ** 60),
  fc.boolean(),
  fc.constant([]),
  fc.record({ line: fc.integer({ min: -1, max: 2 }), column: fc.oneof(fc.integer({ min: -1, max: 2 }), fc.double()) }),
);

/** Mostly a right value, sometimes any: so that the other fields of a record are often right too. */
const mostly = (right: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: anyValue, weight: 1 });

const turn = fc.oneof(
  {
    arbitrary: fc.record(
      {
        speaker: mostly(fc.constantFrom("agent", "customer", "other")),
        text: mostly(fc.string({ maxLength: 3 })),
        start: mostly(fc.nat()),
        end: mostly(fc.nat()),
        source: mostly(fc.record({ line: fc.integer({ min: 1, max: 9 }), column: fc.integer({ min: 1, max: 9 }) })),
      },
      { requiredKeys: ["speaker", "text"] },
    ),
    weight: 6,
  },
  { arbitrary: anyValue, weight: 1 },
);

const transcript = fc.oneof(
  {
    arbitrary: fc.record(
      {
        id: mostly(fc.string({ maxLength: 3 })),
        agentId: mostly(fc.string({ maxLength: 3 })),
        kind: mostly(fc.constantFrom("script", "transcript")),
        turns: mostly(fc.array(turn, { maxLength: 3 })),
      },
      { requiredKeys: ["turns"] },
    ),
    weight: 6,
  },
  { arbitrary: anyValue, weight: 1 },
);

describe("assertTranscript", () => {
  it("takes its shortcut only for what the schema accepts", () => {
    fc.assert(
      fc.property(transcript, (value) => {
        if (plainlyTranscript(value)) expect(transcriptSchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("takes its shortcut for ordinary transcripts", () => {
    const ordinary = {
      id: "c1",
      kind: "transcript",
      turns: [
        { speaker: "agent", text: "您好", start: 0, end: 1200, source: { line: 1, column: 1 } },
        { speaker: "customer", text: "喂" },
      ],
    };
    expect(plainlyTranscript(ordinary)).toBe(true);
    expect(() => assertTranscript(ordinary)).not.toThrow();
  });

  it("still explains what is wrong with a bad one", () => {
    expect(() => assertTranscript({ turns: [{ speaker: "agent", text: "您好", start: -1 }] })).toThrow(
      /turns\.0\.start/,
    );
  });
});

describe("huashu JSON's shortcut past zod", () => {
  const genericTurn = fc.record(
    {
      speaker: mostly(fc.oneof(fc.constantFrom("agent", "customer", "坐席"), fc.integer({ min: 0, max: 2 }))),
      text: mostly(fc.string({ maxLength: 3 })),
      agentId: mostly(fc.oneof(fc.string({ maxLength: 2 }), fc.nat())),
      start: mostly(fc.oneof(fc.nat(), fc.constantFrom("820", 1.5))),
      end: mostly(fc.nat()),
    },
    { requiredKeys: ["speaker", "text"] },
  );
  const generic = fc.record(
    {
      id: mostly(fc.oneof(fc.string({ maxLength: 3 }), fc.nat())),
      agentId: mostly(fc.string({ maxLength: 3 })),
      turns: mostly(fc.array(mostly(genericTurn), { maxLength: 3 })),
      extra: anyValue,
    },
    { requiredKeys: ["turns"] },
  );

  it("is taken only for what the schema accepts, and gives what the schema gives", () => {
    fc.assert(
      fc.property(mostly(generic), (value) => {
        if (!plainlyGenericJson(value)) return;
        const parsed = genericSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(value);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("is taken for ordinary calls", () => {
    expect(
      plainlyGenericJson({ id: 7, turns: [{ speaker: "agent", text: "您好", start: 0, end: 1200, agentId: 1024 }] }),
    ).toBe(true);
  });
});
