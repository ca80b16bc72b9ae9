import { HuashuError, type Diagnostic } from "../../errors.js";
import type { Transcript } from "../model.js";
import { PartialInputError, splitLines, type InputAdapter } from "./adapter.js";
import { genericJsonFormat } from "./json.js";
import { parseJson } from "./json-document.js";

/** Bad lines listed at most; a file of garbage would otherwise print one per line. */
const MAX_REPORTED_LINES = 20;

/**
 * JSON Lines: one huashu JSON transcript per line (the format of the helpdesk corpus); blank
 * lines are skipped. A transcript without `id` gets `line-N`, N being its line, so every
 * result can be told apart. Every bad line is reported (up to 20) in a {@link PartialInputError}
 * that carries the transcripts of the good lines.
 */
export const jsonl: InputAdapter = (text, options) => {
  const transcripts: Transcript[] = [];
  const problems: Diagnostic[] = [];
  let badLines = 0;
  splitLines(text).forEach((line, index) => {
    if (line.trim() === "") return;
    try {
      for (const transcript of genericJsonFormat.read(parseJson(line, options, index + 1), options)) {
        transcripts.push(transcript.id === undefined ? { id: `line-${index + 1}`, ...transcript } : transcript);
      }
    } catch (error) {
      if (!(error instanceof HuashuError)) throw error;
      if (++badLines <= MAX_REPORTED_LINES) problems.push(...error.diagnostics);
    }
  });
  if (badLines > MAX_REPORTED_LINES) {
    problems.push({
      ...(options.file !== undefined && { file: options.file }),
      message: `另有 ${badLines - MAX_REPORTED_LINES} 行有错误未列出`,
    });
  }
  if (problems.length > 0) throw new PartialInputError(problems, transcripts);
  return transcripts;
};
