import fc from "fast-check";
import type { Transcript, Turn } from "../../src/index.js";
import { HAS_CORPUS, readCorpus } from "./corpus.js";

/** Texts mixing rule phrases with corpus speech, for generated calls. */
const phrases = [
  "您好",
  "请问",
  "工号",
  "不知道",
  "如果您不知道",
  "喂",
  "随便",
  "稍等",
  "谢谢",
  "好的",
  "再见",
  "感谢",
  "保证",
  "收益 12",
  "投诉",
  "太慢",
  "经理",
  "抱歉",
  "对不起",
  "身份证",
  "办理",
  "久等了",
  "帮助",
];
/** Real speech when the shared corpus is there; the generated calls mix in phrases and punctuation alone otherwise. */
const corpusTexts = HAS_CORPUS
  ? readCorpus()
      .slice(0, 200)
      .flatMap((transcript) => transcript.turns.map((turn) => turn.text.slice(0, 40)))
  : [];
const textPieces = [
  fc.constantFrom(...phrases),
  fc.constantFrom(",", "。", " "),
  ...(corpusTexts.length > 0 ? [fc.constantFrom(...corpusTexts)] : []),
];

export const textArbitrary = fc.array(fc.oneof(...textPieces), { maxLength: 5 }).map((parts) => parts.join(""));

/** Calls with times: turns in order of start, gaps and overlaps of up to 20 s. */
export const timedCallArbitrary = fc
  .array(
    fc.record({
      speaker: fc.constantFrom("agent", "customer", "other"),
      text: textArbitrary,
      gap: fc.integer({ min: -4000, max: 20000 }),
      duration: fc.integer({ min: 0, max: 15000 }),
    }),
    { maxLength: 30 },
  )
  .map((specs): Transcript => {
    let start = 0;
    const turns: Turn[] = specs.map(({ speaker, text, gap, duration }, index) => {
      start = Math.max(start, start + (index === 0 ? Math.max(0, gap) : gap));
      return { speaker: speaker as Turn["speaker"], text, start, end: start + duration };
    });
    return { id: "generated", turns };
  });
