/** A place in an input file, 1-based. */
export interface FileLocation {
  file: string;
  line: number;
  column: number;
}

/** One problem found in a rule file or input, with where it is. */
export interface Diagnostic extends Partial<FileLocation> {
  message: string;
}

/** Formats `file:line:column message`, leaving out what is unknown. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = [diagnostic.file, diagnostic.line, diagnostic.column].filter((part) => part !== undefined);
  return where.length > 0 ? `${where.join(":")} ${diagnostic.message}` : diagnostic.message;
}

/**
 * The one error type huashu throws for bad input or configuration: rule files that do not
 * validate, unreadable inputs, a missing dictionary. Carries every problem found, each with
 * its location, so callers can show all of them at once. Anything else thrown is a bug.
 */
export class HuashuError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "HuashuError";
    this.diagnostics = diagnostics;
  }
}
