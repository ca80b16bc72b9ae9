import type { Speaker, Transcript, Turn } from "../model.js";
import { pushTurn, splitLines, transcriptOf, type AdapterOptions, type InputAdapter } from "./adapter.js";
import { DEFAULT_SPEAKER_MAP, resolveSpeaker, UNLABELLED_SPEAKER, type SpeakerMap } from "./speakers.js";

const prefixPatterns = new WeakMap<SpeakerMap, RegExp>();

/**
 * `客服:` at the start of a line: a speaker-map key that is not a number (a numbered line
 * `1: …` is not a role), optionally bold (`**客服**:`), then an ASCII or full-width colon.
 */
function prefixPattern(speakers: SpeakerMap): RegExp {
  let pattern = prefixPatterns.get(speakers);
  if (!pattern) {
    const names = Object.keys(speakers)
      .filter((name) => !/^\d+$/.test(name))
      .sort((a, b) => b.length - a.length)
      .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const space = "[ \\t\\u3000]*";
    const bold = "(?:\\*\\*|__)?";
    pattern = new RegExp(`^${space}${bold}(${names.join("|")})${bold}${space}[:：]${bold}${space}`);
    prefixPatterns.set(speakers, pattern);
  }
  return pattern;
}

/** Whether a line starts with a role prefix such as `客服:` (see {@link scriptLineTurn}). */
export function hasRolePrefix(text: string, speakers: SpeakerMap): boolean {
  return prefixPattern(speakers).test(text);
}

/**
 * The turn of one script line that starts at `column` (0-based) of source line `line`: a
 * role prefix sets the speaker, a line without one is `fallback`'s.
 */
export function scriptLineTurn(
  text: string,
  position: { line: number; column: number },
  speakers: SpeakerMap,
  fallback: Speaker = UNLABELLED_SPEAKER,
): Turn {
  const prefix = prefixPattern(speakers).exec(text);
  return {
    speaker: prefix ? resolveSpeaker(prefix[1]!, speakers) : fallback,
    text: prefix ? text.slice(prefix[0].length) : text,
    source: { line: position.line, column: position.column + (prefix ? prefix[0].length : 0) + 1 },
  };
}

/** A `#` line of a script: a comment for its authors (or a suppression comment), never speech. */
const COMMENT_LINE = /^[ \t\u3000]*#/;

/**
 * Parses a plain script: one utterance per line. A role prefix — any non-numeric key of the
 * speaker map, e.g. `坐席:`, `客服:` → agent, `客户:`, `用户:` → customer, ASCII or full-width
 * colon — sets the speaker; lines without one are the agent's, since a script is what agents
 * say. Blank lines and `#` comment lines are skipped. Each turn keeps the line and column where its text starts.
 * Throws {@link HuashuError} on a line longer than {@link MAX_TURN_LENGTH}.
 */
export function parseScript(text: string, id?: string, options: AdapterOptions = {}): Transcript {
  const turns: Turn[] = [];
  const speakers = options.speakers ?? DEFAULT_SPEAKER_MAP;
  splitLines(text).forEach((line, index) => {
    if (COMMENT_LINE.test(line)) return;
    pushTurn(turns, scriptLineTurn(line, { line: index + 1, column: 0 }, speakers), options);
  });
  return { ...transcriptOf(turns, id), kind: "script" };
}

/** Plain scripts (`.txt`), `#` lines being comments. */
export const script: InputAdapter = (text, options) => [parseScript(text, undefined, options)];

const SPEAKER_LABEL: Record<Speaker, string> = { agent: "坐席", customer: "客户", other: "其他" };

/** A transcript as a plain script, one `坐席:text` line per turn (e.g. to show a rule example). */
export function asScript(transcript: Transcript): string {
  return transcript.turns.map((turn) => `${SPEAKER_LABEL[turn.speaker]}:${turn.text}`).join("\n");
}
