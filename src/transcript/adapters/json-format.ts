import { lazy, z } from "../../util/zod.js";
import type { SourcePosition, Transcript, Turn } from "../model.js";
import { pushTurn, type AdapterOptions, type InputAdapter } from "./adapter.js";
import { parseJson, valueAt, type JsonDocument } from "./json-document.js";
import { DEFAULT_SPEAKER_MAP, resolveSpeaker, UNLABELLED_SPEAKER } from "./speakers.js";

/** A JSON input format: how to recognise a parsed document and read transcripts from it. */
export interface JsonFormat {
  /** Whether a parsed document's root looks like this format; used to sniff `.json` files. */
  detect(root: unknown): boolean;
  /** Transcripts of a parsed document; throws {@link HuashuError} on a wrong shape. */
  read(document: JsonDocument, options: AdapterOptions): Transcript[];
}

/** The adapter of a JSON format: parse with positions, then read. */
export function jsonAdapter(format: JsonFormat): InputAdapter {
  return (text, options) => format.read(parseJson(text, options), options);
}

/** A channel, speaker id or role name as vendors write it. */
export const speakerValue = lazy(() => z.union([z.string(), z.number()]));

/** Whether `root` has an array at `path`: how most vendor formats are recognised. */
export function hasArrayAt(root: unknown, path: readonly PropertyKey[]): boolean {
  return Array.isArray(valueAt(root, path));
}

/** One utterance as a vendor format gives it, times already in ms. */
export interface Utterance {
  text: string;
  /** Channel, speaker id or role name; absent when the source names no speaker. */
  speaker?: string | number | undefined;
  start?: number | undefined;
  end?: number | undefined;
  source: SourcePosition;
  /** The agent's id when the source names one on the utterance (SCA `identity`). */
  agentId?: string | number | undefined;
}

/** The id of the first utterance that is the agent's and names one (see {@link Transcript.agentId}). */
export function agentIdOf(utterances: readonly Utterance[], options: AdapterOptions): string | number | undefined {
  const speakers = options.speakers ?? DEFAULT_SPEAKER_MAP;
  return utterances.find(
    (u) => u.agentId !== undefined && u.speaker !== undefined && resolveSpeaker(u.speaker, speakers) === "agent",
  )?.agentId;
}

/** Turns of utterances: speakers mapped, blank ones dropped, over-long ones refused. */
export function turnsOf(utterances: readonly Utterance[], options: AdapterOptions): Turn[] {
  const speakers = options.speakers ?? DEFAULT_SPEAKER_MAP;
  const turns: Turn[] = [];
  for (const { text, speaker, start, end, source } of utterances) {
    // Assigned, not spread: this runs for every turn of every call.
    const turn: Turn = {
      speaker: speaker === undefined ? UNLABELLED_SPEAKER : resolveSpeaker(speaker, speakers),
      text,
    };
    if (start !== undefined) turn.start = start;
    if (end !== undefined) turn.end = end;
    turn.source = source;
    pushTurn(turns, turn, options);
  }
  return turns;
}
