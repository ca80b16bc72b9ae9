/** Who speaks a turn. Adapters map vendor roles, channels and speaker ids onto these. */
export type Speaker = "agent" | "customer" | "other";

/** Where a piece of text starts in its source file (1-based line and UTF-16 column). */
export interface SourcePosition {
  line: number;
  column: number;
}

/** One utterance of a call or one line of a script. */
export interface Turn {
  speaker: Speaker;
  text: string;
  /** Start time in milliseconds from the start of the call. */
  start?: number;
  /** End time in milliseconds from the start of the call. */
  end?: number;
  /**
   * Position of the first character of `text` in the source file. When absent, a turn is
   * reported as line `turnIndex + 1`, column counted within `text`.
   */
  source?: SourcePosition;
}

/** The one model every input format is turned into and every rule reads. */
export interface Transcript {
  id?: string;
  /**
   * Who served the call (工号 or agent name), when the source says: SCA `identity`, Amazon
   * `ParticipantId` of the agent's items, generic JSON `agentId` on the call or its turns. A call
   * that passed through several agents is credited to the first agent who speaks.
   */
  agentId?: string;
  /**
   * `script`: text written to be said (plain and Markdown scripts; their adapters set it);
   * `transcript` or absent: what was said, from speech-to-text or chat. Phrases match through
   * fillers (嗯, 那个…) in transcripts only, unless a rule or the config opts scripts in.
   */
  kind?: "script" | "transcript";
  /**
   * For a script: `true` when it is a whole call, from greeting to goodbye (Markdown front
   * matter or a structured script's `call: whole`, or a config's `calls` globs); otherwise it
   * is a fragment (a scenario, a step, a reply to one objection), and rules that judge a whole
   * call pass over it. A transcript is always a whole call.
   */
  wholeCall?: boolean;
  turns: Turn[];
}

/** Whether a transcript is a script fragment: only rules that judge speech apply to it. */
export function isFragment(transcript: Transcript): boolean {
  return transcript.kind === "script" && transcript.wholeCall !== true;
}
