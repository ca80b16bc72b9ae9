import { lazy, z } from "../../util/zod.js";
import { transcriptOf } from "./adapter.js";
import { readShape, valueAt } from "./json-document.js";
import { agentIdOf, jsonAdapter, speakerValue, turnsOf, type JsonFormat } from "./json-format.js";
import { timeIn } from "./time.js";

const schema = lazy(() =>
  z.looseObject({
    JobName: z.string().optional(),
    Transcript: z.array(
      z.looseObject({
        Content: z.string(),
        ParticipantRole: speakerValue,
        ParticipantId: speakerValue.optional(),
        BeginOffsetMillis: timeIn("ms").optional(),
        EndOffsetMillis: timeIn("ms").optional(),
      }),
    ),
  }),
);

/**
 * Amazon Transcribe Call Analytics post-call output:
 * `{ JobName, Transcript: [{ ParticipantRole, Content, BeginOffsetMillis, EndOffsetMillis }] }`,
 * times in ms; `ParticipantRole` (AGENT / CUSTOMER) goes through the speaker map, and the
 * `ParticipantId` of the agent's items (Contact Lens writes one) becomes the `agentId`.
 */
export const amazonFormat: JsonFormat = {
  detect: (root) => {
    const transcript = valueAt(root, ["Transcript"]);
    return Array.isArray(transcript) && valueAt(transcript, [0, "ParticipantRole"]) !== undefined;
  },
  read(document, options) {
    const data = readShape(document, schema, options, "Amazon Transcribe Call Analytics");
    const utterances = data.Transcript.map((item, index) => ({
      text: item.Content,
      speaker: item.ParticipantRole,
      start: item.BeginOffsetMillis,
      end: item.EndOffsetMillis,
      agentId: item.ParticipantId,
      source: document.textPositionAt(["Transcript", index, "Content"]),
    }));
    return [transcriptOf(turnsOf(utterances, options), data.JobName, agentIdOf(utterances, options))];
  },
};

export const amazon = jsonAdapter(amazonFormat);
