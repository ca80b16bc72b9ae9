import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { findDirectives, maskDirectives, type CommentSyntax, type Directive } from "../suppress/directives.js";
import type { Speaker, Transcript } from "../transcript/model.js";
import { parseScript } from "../transcript/script.js";

/** Script files by extension, with how each writes comments. Transcripts are never scripts. */
const SCRIPT_SYNTAX: Readonly<Record<string, CommentSyntax>> = { ".txt": "hash", ".yaml": "hash", ".yml": "hash", ".md": "html" };

/** Extensions `huashu lint` picks up when it walks a folder. */
export const INPUT_EXTENSIONS: readonly string[] = Object.keys(SCRIPT_SYNTAX);

/** How inputs are read: options shared by every file of a run. */
export interface ReadOptions {
  /** Extra role labels → speaker (the config's `speakers`). */
  speakers?: Readonly<Record<string, Speaker>>;
}

/** One input file, read. */
export interface InputFile {
  /** The file's text as on disk. */
  text: string;
  transcripts: Transcript[];
  /**
   * For script files only: their comment syntax and suppression comments. Only scripts may
   * carry `huashu-disable` comments and be rewritten by `--fix`.
   */
  script?: { syntax: CommentSyntax; directives: Directive[] };
}

/**
 * Reads one input file into transcripts: the single place where a file becomes transcripts,
 * so every input format plugs in here. Suppression comments in scripts are found and
 * blanked before parsing, so they are never linted as speech.
 */
export async function readTranscripts(path: string, options: ReadOptions = {}): Promise<InputFile> {
  return parseInput(path, await readFile(path, "utf8"), options);
}

/** {@link readTranscripts} for text already read, e.g. a script as `--fix` rewrote it. */
export function parseInput(path: string, text: string, options: ReadOptions = {}): InputFile {
  const syntax = SCRIPT_SYNTAX[extname(path).toLowerCase()] ?? "hash";
  const directives = findDirectives(text, syntax);
  return {
    text,
    transcripts: [parseScript(maskDirectives(text, directives), undefined, options.speakers)],
    script: { syntax, directives },
  };
}
