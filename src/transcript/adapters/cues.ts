import type { Speaker, Turn } from "../model.js";
import { inputError, type AdapterOptions } from "./adapter.js";
import { scriptLineTurn } from "./script.js";
import { DEFAULT_SPEAKER_MAP, UNLABELLED_SPEAKER } from "./speakers.js";
import { parseClock } from "./time.js";

/** `start --> end`, then optional WebVTT cue settings. */
const TIMING = /^\s*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/;

/** Whether a subtitle line is a cue timing line (it contains the arrow). */
export function isTimingLine(line: string): boolean {
  return line.includes("-->");
}

/**
 * The turn of one subtitle cue (SRT or WebVTT). `lines[timingIndex]` is the timing line; the
 * cue text runs from the next line to the first blank one. A role prefix in the text sets the
 * speaker, else `speaker`. Returns the turn and the index of the line after the cue.
 */
export function readCue(
  lines: readonly string[],
  timingIndex: number,
  options: AdapterOptions,
  format: string,
  speakerOf: (text: string) => { speaker: Speaker; skip: number } = () => ({ speaker: UNLABELLED_SPEAKER, skip: 0 }),
): { turn: Turn; next: number } {
  const timing = TIMING.exec(lines[timingIndex]!);
  const start = timing ? parseClock(timing[1]!) : undefined;
  const end = timing ? parseClock(timing[2]!) : undefined;
  if (start === undefined || end === undefined) {
    inputError(
      options,
      { line: timingIndex + 1, column: 1 },
      `不是有效的 ${format} 时间行,应如 “00:00:01,000 --> 00:00:04,000”`,
    );
  }
  let next = timingIndex + 1;
  while (next < lines.length && lines[next]!.trim() !== "") next++;
  const text = lines.slice(timingIndex + 1, next).join("\n");
  const { speaker, skip } = speakerOf(text);
  const turn = scriptLineTurn(
    text.slice(skip),
    { line: timingIndex + 2, column: skip },
    options.speakers ?? DEFAULT_SPEAKER_MAP,
    speaker,
  );
  return { turn: { ...turn, start, end }, next };
}
