import { lazy, z } from "../../util/zod.js";
import { transcriptOf } from "./adapter.js";
import { readShape, valueAt } from "./json-document.js";
import { hasArrayAt, jsonAdapter, speakerValue, turnsOf, type JsonFormat } from "./json-format.js";
import { timeIn } from "./time.js";

const dataSchema = lazy(() =>
  z.looseObject({
    TaskId: z.union([z.string(), z.number()]).optional(),
    ResultDetail: z.array(
      z.looseObject({
        FinalSentence: z.string(),
        SpeakerId: speakerValue.optional(),
        StartMs: timeIn("ms").optional(),
        EndMs: timeIn("ms").optional(),
      }),
    ),
  }),
);

/**
 * Tencent Cloud ASR file-transcription results (DescribeTaskStatus):
 * `{ Response: { Data: { TaskId, ResultDetail: [{ FinalSentence, StartMs, EndMs, SpeakerId }] } } }`,
 * as the HTTP API returns it, or `{ Data: … }` as the SDKs print it; times in ms. `SpeakerId`
 * (a channel or diarised speaker) goes through the speaker map.
 */
export const tencentFormat: JsonFormat = {
  detect: (root) =>
    hasArrayAt(root, ["Response", "Data", "ResultDetail"]) || hasArrayAt(root, ["Data", "ResultDetail"]),
  read(document, options) {
    const base = valueAt(document.root, ["Response"]) === undefined ? ["Data"] : ["Response", "Data"];
    const data = readShape(document, dataSchema, options, "腾讯云录音文件识别", base);
    const utterances = data.ResultDetail.map((sentence, index) => ({
      text: sentence.FinalSentence,
      speaker: sentence.SpeakerId,
      start: sentence.StartMs,
      end: sentence.EndMs,
      source: document.textPositionAt([...base, "ResultDetail", index, "FinalSentence"]),
    }));
    return [transcriptOf(turnsOf(utterances, options), data.TaskId)];
  },
};

export const tencent = jsonAdapter(tencentFormat);
