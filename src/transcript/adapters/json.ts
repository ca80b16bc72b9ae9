import { lazy, z } from "../../util/zod.js";
import type { SourcePosition, Transcript } from "../model.js";
import { isRecord } from "../validate.js";
import { transcriptOf, type AdapterOptions } from "./adapter.js";
import { parseJson, readShape, turnTextOffsets } from "./json-document.js";
import { agentIdOf, hasArrayAt, jsonAdapter, speakerValue, turnsOf, type JsonFormat } from "./json-format.js";
import { timeIn } from "./time.js";

export const genericSchema = lazy(() =>
  z.looseObject({
    id: z.union([z.string(), z.number()]).optional(),
    agentId: speakerValue.optional(),
    turns: z.array(
      z.looseObject({
        speaker: speakerValue,
        agentId: speakerValue.optional(),
        text: z.string(),
        start: timeIn("ms").optional(),
        end: timeIn("ms").optional(),
      }),
    ),
  }),
);

type GenericJson = z.infer<typeof genericSchema>;

const isSpeakerValue = (value: unknown) => typeof value === "string" || Number.isFinite(value);
const isOptional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const isWholeMilliseconds = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Whether `value` plainly has {@link genericSchema}'s shape, and is what zod would make of it
 * (times already whole milliseconds): a hand-written check that accepts nothing the schema
 * refuses, anything unusual being left to zod. A JSONL file of well-formed calls then needs
 * no zod at all, neither loaded nor run on each line. Exported for its test.
 */
export function plainlyGenericJson(value: unknown): value is GenericJson {
  if (!isRecord(value) || !isOptional(value.agentId, isSpeakerValue) || !Array.isArray(value.turns)) return false;
  if (!isOptional(value.id, isSpeakerValue)) return false;
  return (value.turns as unknown[]).every(
    (turn) =>
      isRecord(turn) &&
      isSpeakerValue(turn.speaker) &&
      typeof turn.text === "string" &&
      isOptional(turn.agentId, isSpeakerValue) &&
      isOptional(turn.start, isWholeMilliseconds) &&
      isOptional(turn.end, isWholeMilliseconds),
  );
}

/**
 * huashu's own shape, `{ id?, agentId?, turns: [{ speaker, text, start?, end?, agentId? }] }`,
 * times in ms; the call's `agentId`, else that of the first agent turn that has one.
 * `speaker` is `agent`, `customer`, `other`, or any name of the speaker map.
 */
export const genericJsonFormat: JsonFormat = {
  detect: (root) => hasArrayAt(root, ["turns"]),
  read(document, options) {
    const data = plainlyGenericJson(document.root)
      ? document.root
      : readShape(document, genericSchema, options, "huashu JSON");
    return [genericTranscript(data, (index) => document.textPositionAt(["turns", index, "text"]), options)];
  },
};

/** The transcript of checked data, each turn's text at `textPosition(index)`. */
function genericTranscript(
  data: GenericJson,
  textPosition: (index: number) => SourcePosition,
  options: AdapterOptions,
): Transcript {
  // The fields read, not a spread of the turn: this runs for every turn of every call.
  const utterances = data.turns.map(({ text, speaker, start, end, agentId }, index) => ({
    text,
    speaker,
    start,
    end,
    agentId,
    source: textPosition(index),
  }));
  return transcriptOf(turnsOf(utterances, options), data.id, data.agentId ?? agentIdOf(utterances, options));
}

/**
 * The transcripts of one line of a JSON Lines file (`lineNumber`, 1-based). A line of plainly
 * well-formed data is parsed by `JSON.parse` and its texts located by skipping over it
 * ({@link turnTextOffsets}), three times cheaper than the position parser; anything else —
 * bad JSON, another shape — is read as a JSON document, for the same diagnostics as ever.
 */
export function readJsonLine(line: string, lineNumber: number, options: AdapterOptions): Transcript[] {
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    root = undefined;
  }
  const offsets = plainlyGenericJson(root) ? turnTextOffsets(line) : undefined;
  if (offsets === undefined) {
    return genericJsonFormat.read(parseJson(line, options, lineNumber), options);
  }
  // A line has no line break in it: each text is on `lineNumber`, one column past its opening quote.
  return [
    genericTranscript(root as GenericJson, (index) => ({ line: lineNumber, column: offsets[index]! + 2 }), options),
  ];
}

export const json = jsonAdapter(genericJsonFormat);
