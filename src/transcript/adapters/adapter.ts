import { HuashuError, type Diagnostic } from "../../errors.js";
import type { SourcePosition, Transcript, Turn } from "../model.js";
import { turnTimesProblem } from "../validate.js";
import type { SpeakerMap } from "./speakers.js";

/** What every adapter is given besides the text. */
export interface AdapterOptions {
  /** Named in every diagnostic. */
  file?: string;
  /** Channel / speaker id / role name → speaker; {@link DEFAULT_SPEAKER_MAP} when absent. */
  speakers?: SpeakerMap;
}

/**
 * Turns the decoded text of one input into transcripts (a JSONL file or an SCA upload gives
 * several). Pure; throws {@link HuashuError} — and nothing else — with file, line and column
 * on bad input.
 */
export type InputAdapter = (text: string, options: AdapterOptions) => Transcript[];

/**
 * The longest turn huashu accepts, in UTF-16 code units. No real utterance comes near it; a
 * longer one is a file without line breaks or a broken export, and would take the matcher
 * seconds per megabyte.
 */
export const MAX_TURN_LENGTH = 20_000;

/**
 * Bad input in a file of many transcripts (JSON Lines) whose other transcripts are fine: the
 * diagnostics name the bad lines, `transcripts` holds the good ones, so a batch loses nothing.
 */
export class PartialInputError extends HuashuError {
  constructor(
    diagnostics: Diagnostic[],
    readonly transcripts: Transcript[],
  ) {
    super(diagnostics);
    this.name = "PartialInputError";
  }
}

/** Throws the one error adapters throw: `message` at `position` of the input. */
export function inputError(options: AdapterOptions, position: SourcePosition | undefined, message: string): never {
  throw new HuashuError([{ ...(options.file !== undefined && { file: options.file }), ...position, message }]);
}

/**
 * Adds a turn unless its text is blank (a blank turn would only shift `first`/`last`
 * windows); refuses one longer than {@link MAX_TURN_LENGTH}, and times that end before they
 * start or start before the previous turn's.
 */
export function pushTurn(turns: Turn[], turn: Turn, options: AdapterOptions): void {
  if (turn.text.trim() === "") return;
  if (turn.text.length > MAX_TURN_LENGTH) {
    inputError(
      options,
      turn.source,
      `单句过长(${turn.text.length} 个字符,上限 ${MAX_TURN_LENGTH}),可能缺少换行或文件已损坏`,
    );
  }
  const timesProblem = turnTimesProblem(turn, turns.at(-1)?.start);
  if (timesProblem) inputError(options, turn.source, timesProblem);
  turns.push(turn);
}

/** Splits text into lines on LF, CRLF or CR; a leading byte-order mark is dropped. */
export function splitLines(text: string): string[] {
  return [...eachLine(text)];
}

/** The lines of {@link splitLines} one at a time, so that a large input is never held twice. */
export function* eachLine(text: string): Generator<string, void> {
  const body = text.replace(/^\uFEFF/, "");
  const newline = /\r\n|\n|\r/g;
  let from = 0;
  for (let match = newline.exec(body); match; match = newline.exec(body)) {
    yield body.slice(from, match.index);
    from = newline.lastIndex;
  }
  yield body.slice(from);
}

/** `{ id, agentId, turns }`, leaving out `id` and `agentId` when there are none. */
export function transcriptOf(turns: Turn[], id: string | number | undefined, agentId?: string | number): Transcript {
  // Assigned, not spread: a JSONL file makes one per line, and conditional spreads cost more than the parse.
  const transcript: Transcript = {} as Transcript;
  if (id !== undefined) transcript.id = String(id);
  if (agentId !== undefined) transcript.agentId = String(agentId);
  transcript.turns = turns;
  return transcript;
}
