import type { Speaker, Transcript } from "../../src/index.js";

/** A turn as `[speaker, text]` or `[speaker, text, start, end]`, times in seconds. */
export type TurnSpec = readonly [Speaker, string] | readonly [Speaker, string, number, number];

/** A transcript from compact turns; times are given in seconds and stored in ms. */
export function call(...turns: TurnSpec[]): Transcript {
  return {
    turns: turns.map(([speaker, text, start, end]) =>
      start === undefined || end === undefined
        ? { speaker, text }
        : { speaker, text, start: start * 1000, end: end * 1000 },
    ),
  };
}

/** The same transcript without any times. */
export function untimed(transcript: Transcript): Transcript {
  return { ...transcript, turns: transcript.turns.map(({ speaker, text }) => ({ speaker, text })) };
}
