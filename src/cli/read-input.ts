import { readFile, stat } from "node:fs/promises";
import type { Diagnostic } from "../errors.js";
import { parseTranscripts, type InputFormat } from "../transcript/adapters/index.js";
import type { SpeakerMap } from "../transcript/adapters/speakers.js";
import { assertInputSize, decodeBytes } from "../transcript/decode.js";
import type { Transcript } from "../transcript/model.js";

/** How to read inputs; everything absent is detected or defaulted. */
export interface ReadOptions {
  format?: InputFormat;
  encoding?: string;
  speakers?: SpeakerMap;
}

/** The transcripts of one input file, and warnings about text that looks damaged. */
export interface ReadInput {
  transcripts: Transcript[];
  warnings: Diagnostic[];
}

/**
 * Reads one input file: size checked before reading, bytes decoded, format detected (or as
 * given), transcripts parsed. Throws `HuashuError` for bad input, Node's errors for files
 * that cannot be read.
 */
export async function readTranscripts(path: string, options: ReadOptions = {}): Promise<ReadInput> {
  assertInputSize((await stat(path)).size, { file: path });
  const { text, warnings } = decodeBytes(await readFile(path), { file: path, ...(options.encoding !== undefined && { encoding: options.encoding }) });
  const transcripts = parseTranscripts(text, {
    file: path,
    ...(options.format !== undefined && { format: options.format }),
    ...(options.speakers !== undefined && { speakers: options.speakers }),
  });
  return { transcripts, warnings };
}
