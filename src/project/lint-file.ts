import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import ignore, { type Ignore } from "ignore";
import { lintSync, summarise } from "../engine/lint.js";
import { HuashuError, type Diagnostic } from "../errors.js";
import { applyFixes } from "../fix/fix.js";
import type { FileResult } from "../report/types.js";
import type { Rule } from "../rules/registry.js";
import { RuleSet } from "../rules/rule-set.js";
import type { Matching } from "../rules/matching.js";
import type { Scoring } from "../rules/scoring.js";
import { applyDirectives, type DirectiveOptions } from "../suppress/directives.js";
import { DEFAULT_SPEAKER_MAP } from "../transcript/adapters/speakers.js";
import type { Transcript } from "../transcript/model.js";
import type { Config } from "./config.js";
import { fileErrorMessage } from "../transcript/regular-file.js";
import {
  readInput,
  scriptInput,
  scriptSyntax,
  type InputFile,
  type InputSource,
  type ReadOptions,
  type ScriptFile,
} from "./read-input.js";
import { inside, isInside } from "./walk.js";

/** Everything a worker needs to lint files: plain data, so it crosses to worker threads. */
export interface LintJob {
  rules: Rule[];
  scoring: Scoring;
  matching: Matching;
  read: ReadOptions;
  directives: DirectiveOptions;
  /** Compute `--fix` replacements for script files. */
  fix: boolean;
  /** The project folder (real path): files whose real path is outside it are never fixed. */
  project: string;
  /** The config's `calls`: patterns, relative to {@link project}, of the scripts that are whole calls. */
  calls: string[];
  /** Give each result the turns it was linted on, for a reporter that shows them (html). */
  keepTurns?: boolean;
}

/** How a project reads inputs by its config: the config's role labels over the default ones. Flags go over this. */
export function configReadOptions(config: Config): ReadOptions {
  return { speakers: { ...DEFAULT_SPEAKER_MAP, ...Object.fromEntries(config.speakers) } };
}

/**
 * What every file of a run is linted with: the rule set and the config's settings, with
 * `--report-unused-disable` and `--fix` (or `--fix-dry-run`) laid over them.
 */
export function lintJob(
  ruleSet: RuleSet,
  knownRuleIds: readonly string[],
  config: Config,
  read: ReadOptions,
  flags: { reportUnusedDisable?: boolean; fix?: boolean; project: string; keepTurns?: boolean },
): LintJob {
  return {
    rules: [...ruleSet.rules],
    scoring: ruleSet.scoring,
    matching: ruleSet.matching,
    read,
    directives: {
      requireReason: config.suppressions.requireReason,
      reportUnused: flags.reportUnusedDisable ? "error" : config.suppressions.reportUnused,
      knownRuleIds,
    },
    fix: Boolean(flags.fix),
    project: flags.project,
    calls: config.calls,
    keepTurns: Boolean(flags.keepTurns),
  };
}

/** One input to lint: a file, with its bytes when they were already read (or came on standard input). */
export interface LintInput {
  /** The path as given or found, relative to the working directory when inside it (or `<stdin>`). */
  file: string;
  content?: Uint8Array;
}

/** The outcome of linting one input file. */
export interface LintedFile {
  /** The path as given or found, relative to the working directory when inside it. */
  file: string;
  /** One result per transcript in the file; in one of the parts a file comes in (`LintSink`), those of the part. */
  results: FileResult[];
  /** For each result, for each violation: the utterance it is in (what a baseline compares). */
  contexts: string[][];
  /** Violations silenced by `huashu-disable` comments. */
  suppressed: number;
  /** Things worth knowing that did not stop the lint: damaged text, a fix not written. */
  warnings: Diagnostic[];
  /**
   * A script that `--fix` changed: its text before and after (without the byte-order mark,
   * `bom`, to write back first), and how many phrases were replaced.
   */
  fix?: { before: string; after: string; bom: string; count: number };
  /** What was wrong with the file: it then has no results, or (JSON Lines) those of its good lines. */
  diagnostics?: Diagnostic[];
}

/**
 * Takes each input's outcome in parts, in the order of the inputs: a JSON Lines file's
 * transcripts one at a time, then a `last` part with the rest (every result of any other
 * file, and the file's warnings, diagnostics and fix).
 */
export type LintSink = (index: number, part: LintedFile, last: boolean) => void;

/** Rounds of fix-then-lint; a replacement can change word boundaries next to it, rarely twice. */
const MAX_FIX_PASSES = 10;

/** Lints files one at a time with one rule set: in the main thread or in a worker. */
export class FileLinter {
  private readonly ruleSet: RuleSet;
  private readonly calls: Ignore | undefined;

  constructor(private readonly job: LintJob) {
    this.ruleSet = new RuleSet(job.rules, new Map(), job.scoring, job.matching);
    this.calls = job.calls.length > 0 ? ignore().add(job.calls) : undefined;
  }

  /** Whether the config's `calls` patterns make the script at `file` a whole call. */
  private isWholeCall(file: string): boolean {
    if (!this.calls) return false;
    let path: string;
    try {
      path = realpathSync(file);
    } catch {
      path = resolve(file);
    }
    const relative = inside(this.job.project, path);
    return relative !== undefined && this.calls.ignores(relative);
  }

  /**
   * Reads, lints and (with `fix`) fixes one file; bad input becomes `diagnostics`, never an
   * exception. With `onTranscript`, a JSON Lines file's results are handed to it one
   * transcript at a time as they are linted (and not kept): the file's result then holds
   * only its warnings and diagnostics.
   */
  async lintFile({ file, content }: LintInput, onTranscript?: (part: LintedFile) => void): Promise<LintedFile> {
    let source: InputSource;
    try {
      source = await readInput(file, this.job.read, content);
    } catch (error) {
      return this.unreadable(file, error);
    }
    if ("lines" in source) return this.lintLines(file, source.lines, source.warnings, onTranscript);
    let linted = this.lintInput(source, file);
    const script = source.script;
    if (!this.job.fix || !script) return linted;
    const target = realpathSync(file);
    if (!isInside(this.job.project, target)) {
      linted.warnings.push({
        file,
        message: `实际位置 ${target} 在项目目录 ${this.job.project} 之外(经符号链接或直接指定),不自动修复`,
      });
      return linted;
    }
    let text = script.text;
    let count = 0;
    const unfixed = linted;
    // Replacements that undo each other (喂 → 您好 in one rule, 您好 → 喂 in another) come back to a text already seen.
    const seen = new Set([text]);
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const fixed = applyFixes(
        text,
        linted.results.flatMap((result) => result.violations),
      );
      if (fixed.fixed === 0) break;
      if (!script.utf8) {
        linted.warnings.push({ file, message: "不是 UTF-8 编码的文件不自动修复" });
        break;
      }
      if (seen.has(fixed.text)) {
        const cycle = { file, message: "规则的 replacement 互相抵消(循环替换),未自动修复" };
        return { ...unfixed, warnings: [...unfixed.warnings, cycle] };
      }
      seen.add(fixed.text);
      count += fixed.fixed;
      text = fixed.text;
      linted = this.lintInput(scriptInput(file, script, text, this.job.read), file);
    }
    return count === 0 ? linted : { ...linted, fix: { before: script.text, after: text, bom: script.bom, count } };
  }

  /**
   * Lints the text of a script file as an editor holds it, unsaved changes included: what
   * {@link lintFile} reports for the file holding that text (without `--fix`). `file` must be a
   * script (`.txt`, `.md`, `.yaml`, `.yml`).
   */
  lintScriptText(file: string, text: string): LintedFile {
    const syntax = scriptSyntax(file);
    if (syntax === undefined) throw new Error(`not a script file: ${file}`);
    try {
      return this.lintInput(
        scriptInput(file, { syntax, bom: "", utf8: true }, text.replace(/^\uFEFF/, ""), this.job.read),
        file,
      );
    } catch (error) {
      return this.unreadable(file, error);
    }
  }

  /** Bad input as `diagnostics`; a bug is rethrown. */
  private unreadable(file: string, error: unknown): LintedFile {
    const unreadable = (diagnostics: Diagnostic[]) => ({
      file,
      results: [],
      contexts: [],
      suppressed: 0,
      warnings: [],
      diagnostics,
    });
    if (error instanceof HuashuError)
      return unreadable(error.diagnostics.map((diagnostic) => ({ file, ...diagnostic })));
    if ((error as NodeJS.ErrnoException).code)
      return unreadable([{ file, message: `无法检查: ${fileErrorMessage(error)}` }]);
    throw error;
  }

  /**
   * Lints a JSON Lines file's transcripts as they are parsed. Bad lines become `diagnostics`;
   * then, as for any partly bad file, the text's warnings are left out.
   */
  private lintLines(
    file: string,
    lines: Generator<Transcript, Diagnostic[]>,
    warnings: readonly Diagnostic[],
    onTranscript: ((part: LintedFile) => void) | undefined,
  ): LintedFile {
    const kept: LintedFile = { file, results: [], contexts: [], suppressed: 0, warnings: [] };
    for (let next = lines.next(); ; next = lines.next()) {
      if (next.done) {
        if (next.value.length === 0) return { ...kept, warnings: [...warnings] };
        return { ...kept, diagnostics: next.value.map((diagnostic) => ({ file, ...diagnostic })) };
      }
      const { result, context } = this.lintTranscript(next.value, file, undefined);
      if (!onTranscript) {
        kept.results.push(result);
        kept.contexts.push(context);
      } else onTranscript({ file, results: [result], contexts: [context], suppressed: 0, warnings: [] });
    }
  }

  private lintInput(input: InputFile, file: string): LintedFile {
    let suppressed = 0;
    const contexts: string[][] = [];
    const wholeCall = input.script !== undefined && this.isWholeCall(file);
    const results = input.transcripts.map((read): FileResult => {
      const transcript = wholeCall && read.kind === "script" ? { ...read, wholeCall } : read;
      const linted = this.lintTranscript(transcript, file, input.script);
      suppressed += linted.suppressed;
      contexts.push(linted.context);
      return linted.result;
    });
    return { file, results, contexts, suppressed, warnings: [...input.warnings] };
  }

  /** One transcript's result, with the utterance of each violation (what a baseline compares). */
  private lintTranscript(
    transcript: Transcript,
    file: string,
    script: ScriptFile | undefined,
  ): { result: FileResult; context: string[]; suppressed: number } {
    // The engine's fresh result given its file, not copied into a new object: one per call of a JSONL file.
    const result: FileResult = Object.assign(lintSync(transcript, { rules: this.ruleSet }), { file });
    if (this.job.keepTurns) result.turns = transcript.turns;
    let suppressed = 0;
    if (script) {
      const applied = applyDirectives(result.violations, script.directives, this.job.directives);
      Object.assign(result, summarise(applied.violations, this.ruleSet, result.notices));
      suppressed = applied.suppressed;
    }
    const context = result.violations.map((v) => (transcript.turns[v.turn]?.text ?? v.text).trim());
    return { result, context, suppressed };
  }
}
