import { lintSync, summarise } from "../engine/lint.js";
import { HuashuError, type Diagnostic } from "../errors.js";
import { applyFixes } from "../fix/fix.js";
import type { FileResult } from "../report/types.js";
import type { Rule } from "../rules/registry.js";
import { RuleSet } from "../rules/rule-set.js";
import type { Scoring } from "../rules/scoring.js";
import { applyDirectives, type DirectiveOptions } from "../suppress/directives.js";
import { parseInput, readTranscripts, type InputFile, type ReadOptions } from "./read-input.js";

/** Everything a worker needs to lint files: plain data, so it crosses to worker threads. */
export interface LintJob {
  rules: Rule[];
  scoring: Scoring;
  read: ReadOptions;
  directives: DirectiveOptions;
  /** Compute `--fix` replacements for script files. */
  fix: boolean;
}

/** The outcome of linting one input file. */
export interface LintedFile {
  /** The path as shown in reports. */
  file: string;
  /** One result per transcript in the file. */
  results: FileResult[];
  /** For each result, for each violation: the utterance it is in (what a baseline compares). */
  contexts: string[][];
  /** Violations silenced by `huashu-disable` comments. */
  suppressed: number;
  /** A script that `--fix` changed: its text before and after, and how many phrases were replaced. */
  fix?: { before: string; after: string; count: number };
  /** Why the file could not be linted; it then has no results. */
  diagnostics?: Diagnostic[];
}

/** Rounds of fix-then-lint; a replacement can change word boundaries next to it, rarely twice. */
const MAX_FIX_PASSES = 10;

/** Lints files one at a time with one rule set: in the main thread or in a worker. */
export class FileLinter {
  private readonly ruleSet: RuleSet;

  constructor(private readonly job: LintJob) {
    this.ruleSet = new RuleSet(job.rules, new Map(), job.scoring);
  }

  async lintFile(path: string, file: string): Promise<LintedFile> {
    let input: InputFile;
    try {
      input = await readTranscripts(path, this.job.read);
    } catch (error) {
      if (error instanceof HuashuError) return { file, results: [], contexts: [], suppressed: 0, diagnostics: [...error.diagnostics] };
      if ((error as NodeJS.ErrnoException).code) {
        return { file, results: [], contexts: [], suppressed: 0, diagnostics: [{ file, message: `无法检查: ${(error as Error).message}` }] };
      }
      throw error;
    }
    let linted = this.lintInput(input, file);
    if (!this.job.fix || !input.script) return linted;
    const before = input.text;
    let count = 0;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const fixed = applyFixes(input.text, linted.results.flatMap((result) => result.violations), this.job.rules);
      if (fixed.fixed === 0) break;
      count += fixed.fixed;
      input = parseInput(path, fixed.text, this.job.read);
      linted = this.lintInput(input, file);
    }
    return count === 0 ? linted : { ...linted, fix: { before, after: input.text, count } };
  }

  private lintInput(input: InputFile, file: string): LintedFile {
    let suppressed = 0;
    const contexts: string[][] = [];
    const results = input.transcripts.map((transcript): FileResult => {
      let { violations, ...rest } = lintSync(transcript, { rules: this.ruleSet });
      if (input.script) {
        const applied = applyDirectives(violations, input.script.directives, this.job.directives);
        violations = applied.violations;
        suppressed += applied.suppressed;
      }
      contexts.push(violations.map((v) => (transcript.turns[v.turn]?.text ?? v.text).trim()));
      return { file, ...rest, ...summarise(violations, this.ruleSet) };
    });
    return { file, results, contexts, suppressed };
  }
}
