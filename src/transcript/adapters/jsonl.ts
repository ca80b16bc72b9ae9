import { HuashuError, type Diagnostic } from "../../errors.js";
import type { Transcript } from "../model.js";
import { eachLine, PartialInputError, type AdapterOptions, type InputAdapter } from "./adapter.js";
import { readJsonLine } from "./json.js";
import { pushAll } from "../../util/array.js";

/** Bad lines listed at most; a file of garbage would otherwise print one per line. */
const MAX_REPORTED_LINES = 20;

/**
 * The transcripts of JSON Lines text one at a time, each line parsed only when it is taken;
 * returns the bad lines' diagnostics (up to 20, then how many more) once all are taken.
 */
export function* jsonLines(text: string, options: AdapterOptions): Generator<Transcript, Diagnostic[]> {
  const problems: Diagnostic[] = [];
  let badLines = 0;
  let index = 0;
  for (const line of eachLine(text)) {
    index++;
    if (line.trim() === "") continue;
    let transcripts: Transcript[];
    try {
      transcripts = readJsonLine(line, index, options);
    } catch (error) {
      if (!(error instanceof HuashuError)) throw error;
      if (++badLines <= MAX_REPORTED_LINES) pushAll(problems, error.diagnostics);
      continue;
    }
    for (const transcript of transcripts)
      yield transcript.id === undefined ? { id: `line-${index}`, ...transcript } : transcript;
  }
  if (badLines > MAX_REPORTED_LINES) {
    problems.push({
      ...(options.file !== undefined && { file: options.file }),
      message: `另有 ${badLines - MAX_REPORTED_LINES} 行有错误未列出`,
    });
  }
  return problems;
}

/** Every transcript of {@link jsonLines}; bad lines throw a {@link PartialInputError} holding the good ones. */
export function allOf(lines: Generator<Transcript, Diagnostic[]>): Transcript[] {
  const transcripts: Transcript[] = [];
  for (let next = lines.next(); ; next = lines.next()) {
    if (!next.done) transcripts.push(next.value);
    else if (next.value.length > 0) throw new PartialInputError(next.value, transcripts);
    else return transcripts;
  }
}

/**
 * JSON Lines: one huashu JSON transcript per line (the format of the helpdesk corpus); blank
 * lines are skipped. A transcript without `id` gets `line-N`, N being its line, so every
 * result can be told apart. Every bad line is reported (up to 20) in a {@link PartialInputError}
 * that carries the transcripts of the good lines.
 */
export const jsonl: InputAdapter = (text, options) => allOf(jsonLines(text, options));
