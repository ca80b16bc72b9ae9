import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { HuashuError } from "../errors.js";
import { fileErrorMessage } from "../transcript/regular-file.js";

/** Where the CLI writes; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether each stream is a terminal (colour, progress bar); false when absent. */
  isTTY?: { stdout: boolean; stderr: boolean };
  /** Environment variables (NO_COLOR, FORCE_COLOR); none when absent. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Exit codes, as ESLint and textlint use them. */
export const EXIT = {
  clean: 0,
  violations: 1,
  /** Bad usage, invalid rules or config, unreadable input. */
  failure: 2,
} as const;

/** A mistake in how the CLI was called; shown with the usage hint, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Colour only on a terminal, never with NO_COLOR set (no-color.org); FORCE_COLOR (other than
 * `0`) forces it, as in Node and most CLIs.
 */
export function useColour(io: CliIO): boolean {
  const env = io.env ?? {};
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0";
  return io.isTTY?.stdout ?? false;
}

/** The value of a flag that takes a whole number of at least 1 (`--batch`); a usage error otherwise. */
export function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number <= 0 || !Number.isSafeInteger(number))
    throw new UsageError(`--${flag} 须为正整数,而不是 “${value}”`);
  return number;
}

/** The value of a flag that takes a whole number of at least 0 (`--reconnect-attempts 0`). */
export function nonNegativeInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number))
    throw new UsageError(`--${flag} 须为非负整数,而不是 “${value}”`);
  return number;
}

/** The value of a flag that takes a number of at least 0, decimals allowed (`--idle-timeout 0.5`). */
export function nonNegativeNumber(flag: string, value: string): number {
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(number))
    throw new UsageError(`--${flag} 须为非负数,而不是 “${value}”`);
  return number;
}

/** Writes a file the run produces, creating its folder; a failure is the user's to fix, exit 2. */
export async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (error) {
    throw new HuashuError([{ file: path, message: `无法写入: ${fileErrorMessage(error)}` }]);
  }
}
