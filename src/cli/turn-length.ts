import { HuashuError } from "../errors.js";
import { MAX_TURN_LENGTH } from "../transcript/adapters/adapter.js";
import type { Transcript } from "../transcript/model.js";
import { assertTranscript } from "../transcript/validate.js";

/**
 * Refuses a turn text longer than {@link MAX_TURN_LENGTH}, the limit files have, for the
 * inputs that do not come through a file adapter (stream events, worker entries).
 * `index` (0-based) names the turn in the message.
 */
export function assertTurnLength(text: unknown, index?: number): void {
  if (typeof text !== "string" || text.length <= MAX_TURN_LENGTH) return;
  const which = index === undefined ? "" : `第 ${index + 1} 轮: `;
  throw new HuashuError([{ message: `${which}单句过长(${text.length} 个字符,上限 ${MAX_TURN_LENGTH})` }]);
}

/** {@link assertTranscript}, and every turn within {@link MAX_TURN_LENGTH}. */
export function assertTranscriptInput(value: unknown): asserts value is Transcript {
  assertTranscript(value);
  value.turns.forEach((turn, index) => assertTurnLength(turn.text, index));
}
