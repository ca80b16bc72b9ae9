import { lazy, z } from "../../util/zod.js";
import { transcriptOf, type AdapterOptions } from "./adapter.js";
import { readShape, valueAt, type JsonDocument } from "./json-document.js";
import { jsonAdapter, speakerValue, turnsOf, type JsonFormat, type Utterance } from "./json-format.js";
import { timeIn } from "./time.js";

const responseSchema = lazy(() =>
  z.looseObject({
    content: z.looseObject({
      orderInfo: z.looseObject({ orderId: z.string().optional() }).optional(),
      orderResult: z.string(),
    }),
  }),
);

/** `json_1best`: one sentence; its words are the first candidate `cw[0].w` of each `ws`. */
const bestSchema = lazy(() =>
  z.looseObject({
    st: z.looseObject({
      bg: timeIn("ms"),
      ed: timeIn("ms"),
      rl: speakerValue.optional(),
      rt: z.array(z.looseObject({ ws: z.array(z.looseObject({ cw: z.array(z.looseObject({ w: z.string() })) })) })),
    }),
  }),
);

const orderResultSchema = lazy(() =>
  z.looseObject({
    lattice: z.array(z.looseObject({ json_1best: z.string() })).optional(),
    lattice2: z.array(z.looseObject({ json_1best: bestSchema })).optional(),
  }),
);

const FORMAT = "讯飞录音文件转写";

/** The sentences of `orderResult`: from `lattice` (JSON in strings) or else `lattice2` (objects). */
function sentencesOf(order: JsonDocument, options: AdapterOptions): z.infer<typeof bestSchema>[] {
  const { lattice, lattice2 } = readShape(order, orderResultSchema, options, FORMAT);
  if (lattice) {
    return lattice.map((_, index) => {
      const path = ["lattice", index, "json_1best"];
      return readShape(order.embedded(path, options), bestSchema, options, `${FORMAT} ${path.join(".")}`);
    });
  }
  return (lattice2 ?? []).map((sentence) => sentence.json_1best);
}

/**
 * iFlytek 录音文件转写 (LFASR) results: `{ content: { orderInfo, orderResult } }`, where
 * `orderResult` is a JSON string whose `lattice[].json_1best` are JSON strings again (or
 * objects, in `lattice2`): `{ st: { bg, ed, rl, rt: [{ ws: [{ cw: [{ w }] }] }] } }`, times
 * in ms written as strings. `rl` is the role from speaker separation (`0` when it is off)
 * and goes through the speaker map. Nested JSON has no file positions of its own, so every
 * turn points at the `orderResult` string.
 */
export const iflytekFormat: JsonFormat = {
  detect: (root) => typeof valueAt(root, ["content", "orderResult"]) === "string",
  read(document, options) {
    const { content } = readShape(document, responseSchema, options, FORMAT);
    const source = document.textPositionAt(["content", "orderResult"]);
    const utterances = sentencesOf(document.embedded(["content", "orderResult"], options), options).map(
      ({ st }): Utterance => ({
        text: st.rt.flatMap((part) => part.ws.map((word) => word.cw[0]?.w ?? "")).join(""),
        speaker: st.rl,
        start: st.bg,
        end: st.ed,
        source,
      }),
    );
    return [transcriptOf(turnsOf(utterances, options), content.orderInfo?.orderId)];
  },
};

export const iflytek = jsonAdapter(iflytekFormat);
