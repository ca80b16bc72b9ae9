import { extname } from "node:path";
import type { Diagnostic } from "../errors.js";
import { findDirectives, maskDirectives, type CommentSyntax, type Directive } from "../suppress/directives.js";
import {
  detectFormat,
  parseTranscripts,
  transcriptSource,
  type InputFormat,
  type ParseOptions,
  type TranscriptSource,
} from "../transcript/adapters/index.js";
import { allOf } from "../transcript/adapters/jsonl.js";
import type { SpeakerMap } from "../transcript/adapters/speakers.js";
import { assertInputSize, decodeBytes, MAX_INPUT_BYTES } from "../transcript/decode.js";
import type { Transcript } from "../transcript/model.js";
import { readRegularFile } from "../transcript/regular-file.js";

/** How to read inputs; everything absent is detected or defaulted. */
export interface ReadOptions {
  format?: InputFormat;
  encoding?: string;
  speakers?: SpeakerMap;
}

/**
 * Script files by extension, with how each writes comments. Only these carry suppression
 * comments and are rewritten by `--fix`; transcripts never are.
 */
const SCRIPT_SYNTAX: Readonly<Record<string, CommentSyntax>> = {
  ".txt": "hash",
  ".yaml": "hash",
  ".yml": "hash",
  ".md": "html",
};

/** The formats script files are read in; `--input-format` naming another makes a file a transcript. */
const SCRIPT_FORMATS: ReadonlySet<InputFormat> = new Set(["script", "markdown", "yaml"]);

/** Extensions `huashu lint` picks up when it walks a folder without `include` globs. */
export const SCRIPT_EXTENSIONS: readonly string[] = Object.keys(SCRIPT_SYNTAX);

/** How the script file at `path` writes comments, by its extension; undefined for a transcript. */
export function scriptSyntax(path: string): CommentSyntax | undefined {
  return SCRIPT_SYNTAX[extname(path).toLowerCase()];
}

/** A script file as read: what `--fix` needs to write it back. */
export interface ScriptFile {
  syntax: CommentSyntax;
  directives: Directive[];
  /** The decoded text, without a byte-order mark. */
  text: string;
  /** `\uFEFF` when the file starts with one, to be written back. */
  bom: string;
  /** `--fix` writes UTF-8 only, so files in other encodings are left alone. */
  utf8: boolean;
}

/** One input file, read. */
export interface InputFile {
  transcripts: Transcript[];
  /** Text that looks damaged (replacement characters and the like); it is linted anyway. */
  warnings: Diagnostic[];
  /** Present for script files only. */
  script?: ScriptFile;
}

/** One input file, read, its JSON Lines (if it is one) parsed only as its transcripts are taken. */
export type InputSource = Omit<InputFile, "transcripts"> & TranscriptSource;

/**
 * Reads one input file into transcripts — the single place where a file becomes transcripts:
 * only a regular file, its size checked before and while reading, bytes decoded, format detected (or as given), transcripts
 * parsed. Suppression comments in script files are found and blanked before parsing, so they
 * are never linted as speech. An input without an extension (standard input) whose text is
 * a script is read as a `.txt` script. `content`, when given, is the input's bytes (standard
 * input, or a file already read); else the file is read. Throws `HuashuError` for bad input,
 * Node's errors for files that cannot be read.
 */
export async function readTranscripts(
  path: string,
  options: ReadOptions = {},
  content?: Uint8Array,
): Promise<InputFile> {
  const { warnings, script, ...source } = await readInput(path, options, content);
  return {
    transcripts: "lines" in source ? allOf(source.lines) : source.transcripts,
    warnings,
    ...(script && { script }),
  };
}

/**
 * {@link readTranscripts}, but a JSON Lines file's transcripts come from a generator that
 * parses each line as it is taken (its bad lines are then what the generator returns, not a
 * {@link PartialInputError}).
 */
export async function readInput(path: string, options: ReadOptions = {}, content?: Uint8Array): Promise<InputSource> {
  // Synchronous reads: on thousands of small files the promise round trips cost more than the
  // lint, and the callers (a worker thread, a one-file-at-a-time loop) wait for them anyway.
  const bytes =
    content === undefined
      ? readRegularFile(path, { maxBytes: MAX_INPUT_BYTES, unread: ",未检查" })
      : (assertInputSize(content.length, { file: path }), Buffer.from(content));
  const decoded = decodeBytes(bytes, {
    file: path,
    ...(options.encoding !== undefined && { encoding: options.encoding }),
  });
  const syntax =
    scriptSyntax(path) ??
    (extname(path) === "" && (options.format ?? detectFormat(decoded.text, { file: path })) === "script"
      ? "hash"
      : undefined);
  if (syntax === undefined || (options.format !== undefined && !SCRIPT_FORMATS.has(options.format))) {
    return { ...transcriptSource(decoded.text, parseOptions(path, options)), warnings: decoded.warnings };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? "\uFEFF" : "";
  const script = { syntax, bom, utf8: decoded.encoding === "utf-8" };
  return { ...scriptInput(path, script, decoded.text.replace(/^\uFEFF/, ""), options), warnings: decoded.warnings };
}

/**
 * A script's transcripts, its suppression comments found and blanked out first: for a file
 * as read, and as `--fix` rewrote it.
 */
export function scriptInput(
  path: string,
  script: Pick<ScriptFile, "syntax" | "bom" | "utf8">,
  text: string,
  options: ReadOptions,
): InputFile {
  const directives = findDirectives(text, script.syntax);
  return {
    transcripts: parseTranscripts(maskDirectives(text, directives), parseOptions(path, options)),
    warnings: [],
    script: { ...script, text, directives },
  };
}

function parseOptions(path: string, options: ReadOptions): ParseOptions {
  return {
    file: path,
    ...(options.format !== undefined && { format: options.format }),
    ...(options.speakers !== undefined && { speakers: options.speakers }),
  };
}
