import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { HuashuError } from "../errors.js";
import { collectingReporters, streamingReporters, type ReporterName } from "../report/formats.js";
import { RunTotals, type ReportStream } from "../report/stream.js";
import type { FileResult, Reporter, ReportOptions } from "../report/types.js";
import { fileErrorMessage } from "../transcript/regular-file.js";

/** Bytes copied at a time from the spool to the output. */
const COPY_CHUNK = 1 << 20;

/** Bytes of report held before a write to a file: one system call per result cost a tenth of a run. */
const FILE_BUFFER = 1 << 16;

/**
 * Report text encoded straight into a buffer of {@link FILE_BUFFER} bytes, handed to `write`
 * when full. Joining the pieces into one string first cost more than the JSON itself: 0.9 s of
 * a 72 MB report, against 0.1 s for encoding each piece where it goes.
 */
export class WriteBuffer {
  private readonly bytes = Buffer.allocUnsafe(FILE_BUFFER);
  private used = 0;

  /** `write` must be done with the bytes when it returns: the buffer is filled again. */
  constructor(private readonly write: (bytes: Uint8Array) => void) {}

  add(text: string): void {
    // A UTF-16 unit takes at most 3 bytes of UTF-8 (a surrogate pair, 4 for two units).
    if (this.used + text.length * 3 > FILE_BUFFER) {
      this.flush();
      if (text.length * 3 > FILE_BUFFER) {
        this.write(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.bytes.write(text, this.used, "utf8");
  }

  flush(): void {
    if (this.used === 0) return;
    this.write(this.bytes.subarray(0, this.used));
    this.used = 0;
  }
}

/** Writes all of `bytes` at the file's position: a write may take fewer (a pipe, a signal). */
function writeFully(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
}

/**
 * Where the report goes: a file (`-o`), or standard output. The file is opened as the report
 * starts, so that one that cannot be written ends the run before it lints anything. It is
 * written beside its place (`.NAME.partial`) and renamed there once whole, so a run killed
 * midway leaves the old report or none, never half of one — and at most that one partial file,
 * which the next run writes over; a place that is no regular file (/dev/null, a FIFO) is
 * written directly. (No signal handler: it would hold a signal until the synchronous lint ends.)
 */
class Output {
  private fd: number | undefined;
  /** The file being written before it is renamed to `file`; undefined when written directly. */
  private partial: string | undefined;
  /** Text for the file not written yet. */
  private readonly buffer = new WriteBuffer((bytes) => this.guard(() => writeFully(this.open(), bytes)));

  constructor(
    private readonly file: string | undefined,
    private readonly stdout: (text: string) => void,
  ) {
    if (file !== undefined) this.guard(() => this.open());
  }

  write(text: string): void {
    if (this.file === undefined) {
      if (text !== "") this.stdout(text);
    } else this.buffer.add(text);
  }

  /** Copies the bytes of `fd` to the output, without holding more than a chunk of them. */
  copy(fd: number): void {
    this.buffer.flush();
    const buffer = Buffer.allocUnsafe(COPY_CHUNK);
    const decoder = new StringDecoder("utf8");
    for (let position = 0, read; (read = readSync(fd, buffer, 0, COPY_CHUNK, position)) > 0; position += read) {
      if (this.file === undefined) this.write(decoder.write(buffer.subarray(0, read)));
      else this.guard(() => writeFully(this.open(), buffer.subarray(0, read)));
    }
    this.write(decoder.end());
  }

  close(): void {
    this.buffer.flush();
    // A report of nothing is still an (empty) file.
    if (this.file !== undefined)
      this.guard(() => {
        closeSync(this.open());
        if (this.partial !== undefined) renameSync(this.partial, this.file!);
      });
    this.fd = undefined;
    this.partial = undefined;
  }

  /** Removes a report not written to the end (the run failed or was stopped); safe to call more than once. */
  abandon(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.partial !== undefined) rmSync(this.partial, { force: true });
    this.fd = undefined;
    this.partial = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      const file = this.file!;
      mkdirSync(dirname(file), { recursive: true });
      const existing = statSync(file, { throwIfNoEntry: false });
      this.partial =
        existing === undefined || existing.isFile() ? join(dirname(file), `.${basename(file)}.partial`) : undefined;
      this.fd = openSync(this.partial ?? file, "w");
    }
    return this.fd;
  }

  /** A failure to write is the user's to fix (exit 2), as for any file the run writes. */
  private guard(write: () => void): void {
    try {
      write();
    } catch (error) {
      throw new HuashuError([{ file: this.file!, message: `无法写入: ${fileErrorMessage(error)}` }]);
    }
  }
}

/**
 * Writes a run's report as its results come: a streaming format chunk by chunk (its results'
 * text kept in a temporary file, not in memory, when its start depends on them or `hold` asks
 * for the whole report at the end); html and markdown collect the results and report at the end.
 */
export class ReportWriter {
  private readonly output: Output;
  /** The format's stream, or the reporter of a format that collects (html, markdown). */
  private readonly stream: ReportStream | undefined;
  private readonly collect: Reporter | undefined;
  private readonly collected: FileResult[] = [];
  private readonly totals = new RunTotals();
  private spool: { dir: string; fd: number; buffer: WriteBuffer } | undefined;

  /**
   * A writer of a report in `format`, its reporter loaded first if it is one that collects.
   * @param hold write nothing before {@link finish} (what else the run prints must come first:
   *   `--fix-dry-run`'s diff)
   */
  static async open(
    format: ReporterName,
    options: ReportOptions,
    target: { file: string | undefined; stdout: (text: string) => void },
    hold: boolean,
  ): Promise<ReportWriter> {
    const streaming = streamingReporters[format];
    const reporter = streaming ? streaming(options) : await collectingReporters[format]!();
    return new ReportWriter(reporter, options, target, hold);
  }

  private constructor(
    reporter: ReportStream | Reporter,
    private readonly options: ReportOptions,
    target: { file: string | undefined; stdout: (text: string) => void },
    hold: boolean,
  ) {
    this.output = new Output(target.file, target.stdout);
    if (typeof reporter === "function") {
      this.collect = reporter;
      return;
    }
    this.stream = reporter;
    if (this.stream.startNeedsResults || hold) {
      const dir = mkdtempSync(join(tmpdir(), "huashu-report-"));
      const fd = openSync(join(dir, "results"), "w+");
      this.spool = { dir, fd, buffer: new WriteBuffer((bytes) => writeFully(fd, bytes)) };
    }
    if (!this.stream.startNeedsResults) this.body(this.stream.start());
  }

  add(result: FileResult): void {
    if (!this.stream) {
      this.collected.push(result);
      return;
    }
    this.totals.add(result);
    this.body(this.stream.result(result));
  }

  /** Writes the end of the report (all of it for a collecting format) and closes the output. */
  finish(failedInputs: number): void {
    if (!this.stream) {
      this.output.write(this.collect!(this.collected, { ...this.options, failedInputs }));
    } else {
      if (this.stream.startNeedsResults) this.output.write(this.stream.start());
      if (this.spool) {
        this.spool.buffer.flush();
        this.output.copy(this.spool.fd);
      }
      this.output.write(this.stream.end(this.totals.summary(failedInputs)));
    }
    this.output.close();
    this.dispose();
  }

  /** Removes the temporary files, and the report if it was not finished; safe to call more than once. */
  dispose(): void {
    this.output.abandon();
    if (!this.spool) return;
    closeSync(this.spool.fd);
    rmSync(this.spool.dir, { recursive: true, force: true });
    this.spool = undefined;
  }

  private body(text: string): void {
    if (this.spool) this.spool.buffer.add(text);
    else this.output.write(text);
  }
}
