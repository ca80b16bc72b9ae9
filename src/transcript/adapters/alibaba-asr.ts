import { lazy, z } from "../../util/zod.js";
import { transcriptOf } from "./adapter.js";
import { readShape } from "./json-document.js";
import { hasArrayAt, jsonAdapter, speakerValue, turnsOf, type JsonFormat } from "./json-format.js";
import { timeIn } from "./time.js";

const sentencesSchema = lazy(() =>
  z.array(
    z.looseObject({
      Text: z.string(),
      ChannelId: speakerValue.optional(),
      BeginTime: timeIn("ms").optional(),
      EndTime: timeIn("ms").optional(),
    }),
  ),
);

const schema = lazy(() =>
  z.looseObject({
    TaskId: z.string().optional(),
    Result: z.looseObject({ Sentences: sentencesSchema }),
  }),
);

/**
 * Alibaba Cloud 录音文件识别 (file transcription) results:
 * `{ TaskId, Result: { Sentences: [{ Text, ChannelId, BeginTime, EndTime }] } }`, times in ms.
 * `ChannelId` is an audio channel, mapped through the speaker map (0 → agent, 1 → customer).
 */
export const alibabaAsrFormat: JsonFormat = {
  detect: (root) => hasArrayAt(root, ["Result", "Sentences"]),
  read(document, options) {
    const data = readShape(document, schema, options, "阿里云录音文件识别");
    const utterances = data.Result.Sentences.map((sentence, index) => ({
      text: sentence.Text,
      speaker: sentence.ChannelId,
      start: sentence.BeginTime,
      end: sentence.EndTime,
      source: document.textPositionAt(["Result", "Sentences", index, "Text"]),
    }));
    return [transcriptOf(turnsOf(utterances, options), data.TaskId)];
  },
};

export const alibabaAsr = jsonAdapter(alibabaAsrFormat);
