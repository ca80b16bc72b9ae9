import { HuashuError } from "../../errors.js";
import { deepFreeze } from "../../util/freeze.js";
import type { Speaker } from "../model.js";

/**
 * How a source names its speakers — an audio channel (`0`), a speaker id (`spk_1`) or a role
 * name (`客服`) — mapped onto huashu's speakers. Keys are compared as exact strings; numbers
 * in the source are looked up by their decimal form.
 */
export type SpeakerMap = Readonly<Record<string, Speaker>>;

/**
 * The default map. Channel or speaker `0` is the agent and `1` the customer (the usual
 * layout of dual-channel call recordings); role names in Chinese and in the vendors' English
 * spellings map to their role. A value that is not in the map becomes `other`.
 */
export const DEFAULT_SPEAKER_MAP: SpeakerMap = deepFreeze({
  "0": "agent",
  "1": "customer",
  spk_0: "agent",
  spk_1: "customer",
  SPEAKER_00: "agent",
  SPEAKER_01: "customer",
  坐席: "agent",
  客服: "agent",
  agent: "agent",
  AGENT: "agent",
  HUMAN_AGENT: "agent",
  AUTOMATED_AGENT: "agent",
  客户: "customer",
  用户: "customer",
  customer: "customer",
  CUSTOMER: "customer",
  END_USER: "customer",
});

/**
 * The speaker of turns whose source names no speaker at all (Whisper, SRT and WebVTT without
 * a voice tag or role prefix, script lines without a prefix): the agent, because agent speech
 * is what the rules are about.
 */
export const UNLABELLED_SPEAKER: Speaker = "agent";

/** The speaker a source's channel, speaker id or role name stands for; `other` when unknown. */
export function resolveSpeaker(value: string | number, speakers: SpeakerMap): Speaker {
  const key = String(value);
  return Object.hasOwn(speakers, key) ? speakers[key]! : "other";
}

const SPEAKERS: readonly Speaker[] = ["agent", "customer", "other"];

/**
 * Parses `0=agent,1=customer,spk_1=customer` into entries laid over {@link DEFAULT_SPEAKER_MAP}.
 * Throws {@link HuashuError} on an entry without `=` or with an unknown speaker.
 */
export function parseSpeakerMap(spec: string, base: SpeakerMap = DEFAULT_SPEAKER_MAP): SpeakerMap {
  const map: Record<string, Speaker> = { ...base };
  for (const entry of spec.split(",")) {
    if (entry.trim() === "") continue;
    const separator = entry.lastIndexOf("=");
    const key = entry.slice(0, separator).trim();
    const speaker = entry.slice(separator + 1).trim() as Speaker;
    if (separator < 0 || key === "" || !SPEAKERS.includes(speaker)) {
      throw new HuashuError([{ message: `说话人映射 “${entry}” 无效,应为 名称=${SPEAKERS.join("|")}` }]);
    }
    // Defined, not assigned: a label `__proto__` must stay data.
    Object.defineProperty(map, key, { value: speaker, enumerable: true, writable: true, configurable: true });
  }
  return map;
}
