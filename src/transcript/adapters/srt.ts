import type { Turn } from "../model.js";
import { pushTurn, splitLines, type InputAdapter } from "./adapter.js";
import { isTimingLine, readCue } from "./cues.js";

/**
 * SubRip subtitles (`.srt`): blocks of a counter line, `00:00:01,000 --> 00:00:04,000` (a `.`
 * before the milliseconds is accepted) and text lines. SRT names no speaker: a cue is the
 * agent's unless its text starts with a role prefix (`客户:`).
 */
export const srt: InputAdapter = (text, options) => {
  const lines = splitLines(text);
  const turns: Turn[] = [];
  let index = 0;
  while (index < lines.length) {
    if (lines[index]!.trim() === "") {
      index++;
      continue;
    }
    // The counter line is optional in practice; the timing line is not.
    const timingIndex = isTimingLine(lines[index]!) ? index : index + 1;
    const { turn, next } = readCue(lines, Math.min(timingIndex, lines.length - 1), options, "SRT");
    pushTurn(turns, turn, options);
    index = next;
  }
  return [{ turns }];
};
