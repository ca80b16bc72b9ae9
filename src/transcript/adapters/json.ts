import { lazy, z } from "../../util/zod.js";
import { transcriptOf } from "./adapter.js";
import { readShape } from "./json-document.js";
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
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
    // The fields read, not a spread of the turn: this runs for every turn of every call.
    const utterances = data.turns.map(({ text, speaker, start, end, agentId }, index) => ({
      text,
      speaker,
      start,
      end,
      agentId,
      source: document.textPositionAt(["turns", index, "text"]),
    }));
    return [transcriptOf(turnsOf(utterances, options), data.id, data.agentId ?? agentIdOf(utterances, options))];
  },
};

export const json = jsonAdapter(genericJsonFormat);
