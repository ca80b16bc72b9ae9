/** Shown for batches larger than this, and only on a terminal. */
export const PROGRESS_THRESHOLD = 50;
/** Also shown, for any number of files, once this many calls are done: a large JSON Lines file. */
export const PROGRESS_CALLS_THRESHOLD = 1000;
const WIDTH = 30;
const INTERVAL_MS = 100;

/** Thousands separated, as the summary writes counts: 36,810. */
const count = (value: number) => value.toLocaleString("en-US");

/**
 * Progress redrawn in place on stderr, at most every 100 ms: for a batch of many files a bar
 * and the files done, and the calls done with their rate (`检查中 [###   ] 12/60 个文件,3,456 通通话,1,234 通/秒`);
 * for one large input the calls alone. Cleared when the last file is done, so the report
 * starts on a clean line.
 */
export class Progress {
  private files = 0;
  private calls = 0;
  private lastDraw = 0;
  private shown = false;
  private readonly started: number;

  constructor(
    private readonly totalFiles: number,
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  /** `done` files are finished. */
  filesDone(done: number): void {
    this.files = done;
    if (done === this.totalFiles) this.clear();
    else this.draw();
  }

  /** `added` more calls (transcripts or scripts) are linted. */
  callsDone(added: number): void {
    this.calls += added;
    this.draw();
  }

  /** Removes the progress line, e.g. before a warning is printed. */
  clear(): void {
    if (this.shown) this.write("\r\u001b[K");
    this.shown = false;
  }

  private draw(): void {
    // Results of the last file can arrive after it is counted done: the line stays cleared.
    if (this.files === this.totalFiles) return;
    if (this.totalFiles <= PROGRESS_THRESHOLD && this.calls < PROGRESS_CALLS_THRESHOLD) return;
    const now = this.now();
    if (this.shown && now - this.lastDraw < INTERVAL_MS) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const calls = `${count(this.calls)} 通通话,${count(Math.round(this.calls / seconds))} 通/秒`;
    const filled = Math.round((this.files / this.totalFiles) * WIDTH);
    const files =
      this.totalFiles > 1
        ? `[${"#".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${this.files}/${this.totalFiles} 个文件,`
        : "";
    this.write(`\r检查中 ${files}${calls}`);
    this.shown = true;
  }
}
