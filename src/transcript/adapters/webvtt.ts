import type { Turn } from "../model.js";
import { inputError, pushTurn, splitLines, type InputAdapter } from "./adapter.js";
import { isTimingLine, readCue } from "./cues.js";
import { DEFAULT_SPEAKER_MAP, resolveSpeaker, UNLABELLED_SPEAKER } from "./speakers.js";

const VOICE = /^<v(?:\.[^\s>]*)?[ \t]+([^>]*)>/;
const SKIPPED_BLOCK = /^(NOTE|STYLE|REGION)(\s|$)/;

/**
 * WebVTT subtitles (`.vtt`): a `WEBVTT` header, then cues (optional id line, `00:01.000 -->
 * 00:04.000` with optional settings, text lines). `NOTE`, `STYLE` and `REGION` blocks are
 * skipped. A voice tag `<v 客服>` names the speaker through the speaker map; without one a cue
 * is the agent's, unless its text starts with a role prefix. Other tags stay in the text.
 */
export const webvtt: InputAdapter = (text, options) => {
  const speakers = options.speakers ?? DEFAULT_SPEAKER_MAP;
  const lines = splitLines(text);
  if (!/^WEBVTT([ \t].*)?$/.test(lines[0]!))
    inputError(options, { line: 1, column: 1 }, "WebVTT 文件应以 “WEBVTT” 开头");
  const turns: Turn[] = [];
  let index = 1;
  while (index < lines.length && lines[index]!.trim() !== "") index++;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === "") {
      index++;
      continue;
    }
    if (SKIPPED_BLOCK.test(line)) {
      while (index < lines.length && lines[index]!.trim() !== "") index++;
      continue;
    }
    const timingIndex = isTimingLine(line) ? index : index + 1;
    const { turn, next } = readCue(lines, Math.min(timingIndex, lines.length - 1), options, "WebVTT", (cue) => {
      const voice = VOICE.exec(cue);
      return voice
        ? { speaker: resolveSpeaker(voice[1]!.trim(), speakers), skip: voice[0].length }
        : { speaker: UNLABELLED_SPEAKER, skip: 0 };
    });
    pushTurn(turns, turn, options);
    index = next;
  }
  return [{ turns }];
};
