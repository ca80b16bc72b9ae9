/** Shown only for batches larger than this, and only on a terminal. */
export const PROGRESS_THRESHOLD = 50;
const WIDTH = 30;
const INTERVAL_MS = 100;

/**
 * A progress bar redrawn in place on stderr, at most every 100 ms; cleared when the last
 * file is done so the report starts on a clean line.
 */
export function progressBar(total: number, write: (text: string) => void): (done: number) => void {
  let last = 0;
  return (done) => {
    const now = Date.now();
    if (done === total) {
      write("\r\u001b[K");
      return;
    }
    if (now - last < INTERVAL_MS) return;
    last = now;
    const filled = Math.round((done / total) * WIDTH);
    write(`\r检查中 [${"#".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${done}/${total}`);
  };
}
