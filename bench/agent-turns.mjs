// The agent turns of the corpus and the huashu inputs built from them at 1×, 4× and 16×, as
// bench/textlint-compare.mjs and bench/lint-rss.mjs lint them.
import { readCorpus } from "./corpus.mjs";
import { benchDirectory, writeIn } from "./pack-wordings.mjs";

/** `[{ id, texts }]`: each dialogue's agent turns, dialogues without any left out. */
export const dialogues = readCorpus()
  .map(({ id, turns }) => ({ id, texts: turns.filter((turn) => turn.speaker === "agent").map((turn) => turn.text) }))
  .filter(({ texts }) => texts.length > 0);

/** UTF-8 megabytes of agent text in one copy of the corpus. */
export const megabytes =
  dialogues.reduce((sum, { texts }) => sum + texts.reduce((s, text) => s + Buffer.byteLength(text, "utf8"), 0), 0) /
  1e6;

/** `copies` repetitions of the agent turns as huashu transcripts (JSON lines), each copy with new ids. */
const jsonlCopies = (first, copies) =>
  Array.from({ length: copies }, (_, k) =>
    dialogues
      .map(({ id, texts }) =>
        JSON.stringify({ id: `${id}-${first + k}`, turns: texts.map((text) => ({ speaker: "agent", text })) }),
      )
      .join("\n"),
  ).join("\n") + "\n";

/** huashu's inputs at `scale`: 1× one file; 4× one 4× file; 16× four 4× files. Returns the folder and the files. */
export function huashuInputs(scale) {
  const folder = benchDirectory(`huashu-${scale}x`);
  const files =
    scale === 1
      ? [writeIn(folder, "corpus-1x.jsonl", jsonlCopies(0, 1))]
      : Array.from({ length: scale / 4 }, (_, file) =>
          writeIn(folder, `corpus-4x-${file}.jsonl`, jsonlCopies(file * 4, 4)),
        );
  return { folder, files };
}
