import { lazy, z } from "../../util/zod.js";
import { transcriptOf } from "./adapter.js";
import { readShape } from "./json-document.js";
import { hasArrayAt, jsonAdapter, speakerValue, turnsOf, type JsonFormat } from "./json-format.js";
import { timeIn } from "./time.js";

const schema = lazy(() =>
  z.looseObject({
    segments: z.array(
      z.looseObject({
        text: z.string(),
        start: timeIn("s").optional(),
        end: timeIn("s").optional(),
        speaker: speakerValue.optional(),
      }),
    ),
  }),
);

/**
 * OpenAI Whisper JSON output (`whisper --output_format json`, the API's `verbose_json`):
 * `{ text, segments: [{ start, end, text }] }`, times in seconds. Whisper names no speaker,
 * so every segment is the agent's, unless a diariser (WhisperX) added `speaker`, which goes
 * through the speaker map.
 */
export const whisperFormat: JsonFormat = {
  detect: (root) => hasArrayAt(root, ["segments"]),
  read(document, options) {
    const { segments } = readShape(document, schema, options, "Whisper JSON");
    const utterances = segments.map((segment, index) => ({
      ...segment,
      source: document.textPositionAt(["segments", index, "text"]),
    }));
    return [transcriptOf(turnsOf(utterances, options), undefined)];
  },
};

export const whisper = jsonAdapter(whisperFormat);
