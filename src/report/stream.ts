import type { FileResult, Reporter, ReportOptions } from "./types.js";

/** What a report's end needs from the whole run, accumulated as results pass ({@link RunTotals}). */
export interface RunSummary {
  errors: number;
  warnings: number;
  infos: number;
  /** errors + warnings + infos. */
  total: number;
  /** Distinct input files that gave results. */
  files: number;
  /** Results: calls (transcripts) and scripts; more than `files` when a file holds many calls. */
  calls: number;
  /** Known violations a baseline left out. */
  baselined: number;
  /** Inputs that could not be read or parsed. */
  failedInputs: number;
  /** Calls whose verdict is 不合格, whether or not their violations are listed (a baseline hides known ones). */
  failedCalls: number;
}

/** Adds results up into a {@link RunSummary}, keeping only counts and the names of the files seen. */
export class RunTotals {
  private errors = 0;
  private warnings = 0;
  private infos = 0;
  private baselined = 0;
  private failedCalls = 0;
  private calls = 0;
  private readonly files = new Set<string>();

  add(result: FileResult): void {
    if (result.passed === false) this.failedCalls++;
    this.errors += result.errorCount;
    this.warnings += result.warningCount;
    this.infos += result.infoCount;
    this.baselined += result.baselined ?? 0;
    this.files.add(result.file);
    this.calls++;
  }

  summary(failedInputs = 0): RunSummary {
    const { errors, warnings, infos, baselined, failedCalls, calls } = this;
    return {
      errors,
      warnings,
      infos,
      total: errors + warnings + infos,
      files: this.files.size,
      calls,
      baselined,
      failedInputs,
      failedCalls,
    };
  }
}

/** The summary of `results`, all at hand. */
export function summarise(results: readonly FileResult[], failedInputs = 0): RunSummary {
  const totals = new RunTotals();
  for (const result of results) totals.add(result);
  return totals.summary(failedInputs);
}

/**
 * One run's report, text chunk by text chunk: `start()`, then `result()` for each result in
 * run order, then `end()`. Pure: it only turns data into text; the caller writes the chunks.
 */
export interface ReportStream {
  /** What comes before the results. */
  start(): string;
  /** The text of one result. */
  result(result: FileResult): string;
  /** What comes after the last result. */
  end(summary: RunSummary): string;
  /**
   * `start()` depends on the results (JUnit's totals, SARIF's rules seen only in results), so
   * it must be asked for after the last `result()`; the caller keeps the results' text until
   * then (the CLI spools it to a temporary file). Otherwise `start()` can be written first.
   */
  readonly startNeedsResults?: boolean;
}

/** A report format in its streaming form: a new {@link ReportStream} per run. */
export type StreamingReporter = (options?: ReportOptions) => ReportStream;

/** The batch {@link Reporter} of a streaming format: the same text, all at once. */
export function batchReporter(streaming: StreamingReporter): Reporter {
  return (results, options = {}) => {
    const stream = streaming(options);
    const totals = new RunTotals();
    let body = "";
    for (const result of results) {
      body += stream.result(result);
      totals.add(result);
    }
    return stream.start() + body + stream.end(totals.summary(options.failedInputs));
  };
}

/**
 * The elements of a JSON array streamed as `JSON.stringify(document, null, 2)` prints them when
 * the array's `[` is indented `depth` levels: the caller writes `[`, then each `item()`, then
 * `close()`.
 */
export function jsonArrayItems(depth: number): { item(value: unknown): string; close(): string } {
  // The value printed inside depth + 1 arrays comes out indented as an element at that depth:
  // JSON.stringify does the indenting, instead of a pass over its output (a third of a json report's time).
  const opening = Array.from({ length: depth + 1 }, (_, level) => `${"  ".repeat(level)}[\n`).join("");
  const closing = Array.from({ length: depth + 1 }, (_, level) => `\n${"  ".repeat(depth - level)}]`).join("");
  let count = 0;
  return {
    item: (value) => {
      let wrapped: unknown = value;
      for (let level = 0; level <= depth; level++) wrapped = [wrapped];
      const printed = JSON.stringify(wrapped, null, 2);
      return `${count++ === 0 ? "" : ","}\n${printed.slice(opening.length, printed.length - closing.length)}`;
    },
    close: () => (count === 0 ? "]" : `\n${"  ".repeat(depth)}]`),
  };
}
