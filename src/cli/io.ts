/** Where the CLI writes; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes, as ESLint and textlint use them. */
export const EXIT = {
  clean: 0,
  violations: 1,
  /** Bad usage, invalid rules, unreadable input. */
  failure: 2,
} as const;

/** A mistake in how the CLI was called; shown with the usage hint, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
