import type { Diagnostic } from "../../errors.js";
import { deepFreeze } from "../../util/freeze.js";
import type { Transcript } from "../model.js";
import { inputError, type AdapterOptions, type InputAdapter } from "./adapter.js";
import { alibabaAsr, alibabaAsrFormat } from "./alibaba-asr.js";
import { alibabaSca, alibabaScaFormat } from "./alibaba-sca.js";
import { amazon, amazonFormat } from "./amazon.js";
import { googleCcai, googleCcaiFormat } from "./google-ccai.js";
import { iflytek, iflytekFormat } from "./iflytek.js";
import { json, genericJsonFormat } from "./json.js";
import { parseJson, type JsonDocument } from "./json-document.js";
import type { JsonFormat } from "./json-format.js";
import { allOf, jsonl, jsonLines } from "./jsonl.js";
import { markdown } from "./markdown.js";
import { script } from "./script.js";
import { srt } from "./srt.js";
import { tencent, tencentFormat } from "./tencent.js";
import { webvtt } from "./webvtt.js";
import { whisper, whisperFormat } from "./whisper.js";
import { yamlScript } from "./yaml-script.js";

/** Every input format by its `--input-format` name. */
export const INPUT_FORMATS = deepFreeze({
  script,
  markdown,
  yaml: yamlScript,
  json,
  jsonl,
  "alibaba-asr": alibabaAsr,
  "alibaba-sca": alibabaSca,
  iflytek,
  tencent,
  amazon,
  "google-ccai": googleCcai,
  whisper,
  srt,
  webvtt,
} satisfies Record<string, InputAdapter>);

export type InputFormat = keyof typeof INPUT_FORMATS;

/** Whether `name` is an input format. */
export function isInputFormat(name: string): name is InputFormat {
  return Object.hasOwn(INPUT_FORMATS, name);
}

/** Formats recognised by extension alone. `.json` is not here: its content decides. */
const BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  ".txt": "script",
  ".md": "markdown",
  ".markdown": "markdown",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".srt": "srt",
  ".vtt": "webvtt",
};

/** JSON formats in the order they are tried; huashu's generic shape last. */
const JSON_FORMATS: ReadonlyArray<readonly [InputFormat, JsonFormat]> = [
  ["alibaba-asr", alibabaAsrFormat],
  ["alibaba-sca", alibabaScaFormat],
  ["iflytek", iflytekFormat],
  ["tencent", tencentFormat],
  ["amazon", amazonFormat],
  ["google-ccai", googleCcaiFormat],
  ["whisper", whisperFormat],
  ["json", genericJsonFormat],
];

/** Options of {@link parseTranscripts}. */
export interface ParseOptions extends AdapterOptions {
  /** Skips detection. */
  format?: InputFormat;
}

function extensionOf(file: string | undefined): string {
  const match = file === undefined ? null : /\.[^./\\]+$/.exec(file);
  return match ? match[0].toLowerCase() : "";
}

/** Several lines, the first of them a JSON object on its own. */
function looksLikeJsonLines(text: string): boolean {
  const lineEnd = text.indexOf("\n");
  if (lineEnd < 0 || !/\S/.test(text.slice(lineEnd))) return false;
  try {
    return typeof JSON.parse(text.slice(0, lineEnd)) === "object";
  } catch {
    return false;
  }
}

/** The format of an input and, for a JSON one, the document already parsed to find it. */
function detect(text: string, options: AdapterOptions): { format: InputFormat; document?: JsonDocument } {
  const extension = extensionOf(options.file);
  const byExtension = BY_EXTENSION[extension];
  if (byExtension) return { format: byExtension };
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (extension === ".json" || start.startsWith("{") || start.startsWith("[")) {
    if (extension !== ".json" && looksLikeJsonLines(start)) return { format: "jsonl" };
    const document = parseJson(text, options);
    const match = JSON_FORMATS.find(([, format]) => format.detect(document.root));
    if (!match) {
      inputError(
        options,
        document.positionAt([]),
        `无法识别的 JSON 格式,可用 --input-format 指定: ${JSON_FORMATS.map(([name]) => name).join("、")}`,
      );
    }
    return { format: match[0], document };
  }
  if (/^WEBVTT([ \t\r\n]|$)/.test(start)) return { format: "webvtt" };
  if (/^(\d+[ \t]*\r?\n)?[^\n]*-->/.test(start)) return { format: "srt" };
  return { format: "script" };
}

/**
 * The format an input is in: by extension first (`.txt`, `.md`, `.yaml`, `.jsonl`, `.srt`, `.vtt`),
 * then by content — a `WEBVTT` header, an SRT timing line, JSON Lines, or for JSON the first
 * vendor shape that matches; anything else is a plain script. Throws {@link HuashuError} for
 * JSON that does not parse or matches no known shape.
 */
export function detectFormat(text: string, options: AdapterOptions = {}): InputFormat {
  return detect(text, options).format;
}

/** An input's transcripts: all of them, or for JSON Lines a generator that parses each line as it is taken. */
export type TranscriptSource = { transcripts: Transcript[] } | { lines: Generator<Transcript, Diagnostic[]> };

/**
 * The transcripts of one input's decoded text, in the given format or the detected one; JSON
 * Lines are parsed only as they are taken ({@link jsonLines}), so that a large file's
 * transcripts can be linted and dropped one by one. Throws {@link HuashuError} — and nothing
 * else — with file, line and column for an empty input and for anything the format's adapter
 * refuses (for JSON Lines, the generator returns the bad lines' diagnostics instead).
 */
export function transcriptSource(text: string, options: ParseOptions = {}): TranscriptSource {
  if (!/\S/.test(text)) inputError(options, { line: 1, column: 1 }, "文件为空");
  if (options.format === "jsonl") return { lines: jsonLines(text, options) };
  if (options.format !== undefined) return { transcripts: INPUT_FORMATS[options.format](text, options) };
  const { format, document } = detect(text, options);
  if (format === "jsonl") return { lines: jsonLines(text, options) };
  const jsonFormat = document && JSON_FORMATS.find(([name]) => name === format)?.[1];
  return { transcripts: jsonFormat ? jsonFormat.read(document, options) : INPUT_FORMATS[format](text, options) };
}

/**
 * Reads the transcripts of one input's decoded text, in the given format or the detected
 * one. Throws {@link HuashuError} — and nothing else — with file, line and column for an
 * empty input and for anything the format's adapter refuses.
 */
export function parseTranscripts(text: string, options: ParseOptions = {}): Transcript[] {
  const source = transcriptSource(text, options);
  return "lines" in source ? allOf(source.lines) : source.transcripts;
}
