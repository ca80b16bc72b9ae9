import { lazy, z } from "../../util/zod.js";
import { transcriptOf } from "./adapter.js";
import { readShape } from "./json-document.js";
import { hasArrayAt, jsonAdapter, speakerValue, turnsOf, type JsonFormat } from "./json-format.js";
import { timeIn } from "./time.js";

const schema = lazy(() =>
  z.looseObject({
    entries: z.array(
      z.looseObject({
        text: z.string(),
        role: speakerValue.optional(),
        user_id: speakerValue.optional(),
        start_timestamp_usec: timeIn("us").optional(),
      }),
    ),
  }),
);

/**
 * Google CCAI Insights conversation data:
 * `{ entries: [{ text, role, user_id, start_timestamp_usec }] }`. `role` (AGENT, CUSTOMER,
 * END_USER, AUTOMATED_AGENT) goes through the speaker map, or `user_id` when there is no role.
 * Timestamps are Unix-epoch µs; turns get ms since the first entry. There is no end time.
 */
export const googleCcaiFormat: JsonFormat = {
  detect: (root) => hasArrayAt(root, ["entries"]),
  read(document, options) {
    const { entries } = readShape(document, schema, options, "Google CCAI Insights");
    const origin = entries.reduce((first, entry) => Math.min(first, entry.start_timestamp_usec ?? Infinity), Infinity);
    const utterances = entries.map((entry, index) => ({
      text: entry.text,
      speaker: entry.role ?? entry.user_id,
      start: entry.start_timestamp_usec === undefined ? undefined : entry.start_timestamp_usec - origin,
      source: document.textPositionAt(["entries", index, "text"]),
    }));
    return [transcriptOf(turnsOf(utterances, options), undefined)];
  },
};

export const googleCcai = jsonAdapter(googleCcaiFormat);
