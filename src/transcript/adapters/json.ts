import { z } from "zod";
import { transcriptOf } from "./adapter.js";
import { readShape } from "./json-document.js";
import { agentIdOf, hasArrayAt, jsonAdapter, speakerValue, turnsOf, type JsonFormat } from "./json-format.js";
import { timeIn } from "./time.js";

const genericSchema = z.looseObject({
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
});

/**
 * huashu's own shape, `{ id?, agentId?, turns: [{ speaker, text, start?, end?, agentId? }] }`,
 * times in ms; the call's `agentId`, else that of the first agent turn that has one.
 * `speaker` is `agent`, `customer`, `other`, or any name of the speaker map.
 */
export const genericJsonFormat: JsonFormat = {
  detect: (root) => hasArrayAt(root, ["turns"]),
  read(document, options) {
    const data = readShape(document, genericSchema, options, "huashu JSON");
    const utterances = data.turns.map((turn, index) => ({
      ...turn,
      source: document.textPositionAt(["turns", index, "text"]),
    }));
    return [transcriptOf(turnsOf(utterances, options), data.id, data.agentId ?? agentIdOf(utterances, options))];
  },
};

export const json = jsonAdapter(genericJsonFormat);
