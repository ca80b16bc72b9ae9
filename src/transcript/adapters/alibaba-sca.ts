import { lazy, z } from "../../util/zod.js";
import { transcriptOf } from "./adapter.js";
import { readShape } from "./json-document.js";
import { agentIdOf, hasArrayAt, jsonAdapter, speakerValue, turnsOf, type JsonFormat } from "./json-format.js";
import { timeIn } from "./time.js";

const ticketSchema = lazy(() =>
  z.looseObject({
    tid: z.union([z.string(), z.number()]).optional(),
    dialogue: z.array(
      z.looseObject({
        role: speakerValue,
        identity: speakerValue.optional(),
        words: z.string(),
        begin: timeIn("ms").optional(),
        end: timeIn("ms").optional(),
      }),
    ),
  }),
);

const schema = lazy(() => z.looseObject({ tickets: z.array(ticketSchema) }));

/**
 * Alibaba Cloud 智能对话分析 (SCA) text input, the `jsonStr` of UploadData:
 * `{ tickets: [{ tid, dialogue: [{ role, identity, words, begin, end }] }] }`, one transcript
 * per ticket, times in ms; `role` (客服 / 客户) goes through the speaker map, and the agent's
 * `identity` (工号) becomes the transcript's `agentId`.
 */
export const alibabaScaFormat: JsonFormat = {
  detect: (root) => hasArrayAt(root, ["tickets"]),
  read(document, options) {
    const data = readShape(document, schema, options, "阿里云智能对话分析");
    return data.tickets.map((ticket, ticketIndex) => {
      const utterances = ticket.dialogue.map((sentence, index) => ({
        text: sentence.words,
        speaker: sentence.role,
        start: sentence.begin,
        end: sentence.end,
        agentId: sentence.identity,
        source: document.textPositionAt(["tickets", ticketIndex, "dialogue", index, "words"]),
      }));
      return transcriptOf(turnsOf(utterances, options), ticket.tid, agentIdOf(utterances, options));
    });
  },
};

export const alibabaSca = jsonAdapter(alibabaScaFormat);
