/**
 * Reads the fenced code blocks of a Markdown document (the README, a page of docs/) and the
 * `<!-- readme-test: … -->` comment that may stand directly above each (test/readme.test.ts runs
 * them), and the snippets other tests run. Pure: text in, blocks out.
 */

import { parse as parseYaml } from "yaml";

/** What the comment above a block tells the README test. */
export type Directive =
  /** Not run; the reason says why (and which test covers it instead). */
  | { kind: "skip"; reason: string }
  /** The block is a file the later blocks' sandboxes contain, at this path. */
  | { kind: "file"; path: string };

export interface CodeBlock {
  /** The document the block is in, as given to {@link codeBlocks} (`README.md`, `docs/rules.md`…). */
  file: string;
  /** The fence's info string, lower-cased (`sh`, `console`, `ts`, `yaml`…; "" when none). */
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The `##`/`###` heading the block is under. */
  heading: string;
  directive?: Directive;
}

const DIRECTIVE = /^<!--\s*readme-test:\s*(.*?)\s*-->$/;

/** Parses a directive's text; throws on one it does not know, naming the line. */
function parseDirective(text: string, document: string, line: number): Directive {
  const skip = /^skip\s*(?:\((.*)\))?$/.exec(text);
  if (skip) return { kind: "skip", reason: (skip[1] ?? "").trim() };
  const file = /^file\s+(\S+)$/.exec(text);
  if (file) return { kind: "file", path: file[1]! };
  throw new Error(`${document}:${line}: unknown readme-test directive “${text}”`);
}

/** Every fenced block of the document `file` (fences at column 0), in order. */
export function codeBlocks(markdown: string, file = "README.md"): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let heading = "";
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, "");
    const fence = /^(`{3,})(.*)$/.exec(line);
    if (!fence) continue;
    const end = lines.findIndex((candidate, at) => at > index && candidate === fence[1]);
    if (end < 0) throw new Error(`${file}:${index + 1}: code block never closed`);
    let above = index - 1;
    while (above >= 0 && lines[above]!.trim() === "") above--;
    const comment = above >= 0 ? DIRECTIVE.exec(lines[above]!.trim()) : null;
    blocks.push({
      file,
      lang: fence[2]!.trim().toLowerCase(),
      code: lines.slice(index + 1, end).join("\n") + "\n",
      line: index + 1,
      heading,
      ...(comment && { directive: parseDirective(comment[1]!, file, above + 1) }),
    });
    index = end;
  }
  return blocks;
}

/** A command of a shell block and, for a `console` block, the output shown after it. */
export interface ShellCommand {
  command: string;
  /** The exit code a trailing `# exit N` comment promises; 0 without one. */
  exit: number;
  /** `console` blocks: the lines shown after the command (may be empty); `sh`: undefined. */
  output?: string;
}

/** Joins lines ending in `\` with the next (as the shell does). */
function joinContinuations(lines: string[]): string[] {
  const joined: string[] = [];
  let pending = "";
  for (const line of lines) {
    if (line.endsWith("\\")) pending += line.slice(0, -1) + " ";
    else {
      joined.push(pending + line);
      pending = "";
    }
  }
  if (pending) joined.push(pending);
  return joined;
}

/** `huashu lint x   # exit 1: violations found` promises exit code 1. */
function promisedExit(command: string): number {
  const comment = /#\s*exit (\d+)\b[^#]*$/.exec(command);
  return comment ? Number(comment[1]) : 0;
}

/**
 * The commands of a shell block: `sh`/`bash` — each non-blank, non-comment line (with its
 * continuations) is a command; `console` — each `$ ` line is a command and the lines up to the
 * next `$ ` are its output.
 */
export function shellCommands(block: CodeBlock): ShellCommand[] {
  const lines = block.code.replace(/\n$/, "").split("\n");
  if (block.lang !== "console") {
    return joinContinuations(lines.filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"))).map(
      (command) => ({ command, exit: promisedExit(command) }),
    );
  }
  if (!lines[0]?.startsWith("$ "))
    throw new Error(`${block.file}:${block.line}: a console block starts with a “$ ” command`);
  const commands: ShellCommand[] = [];
  for (let index = 0; index < lines.length;) {
    const prompt: string[] = [lines[index]!.slice(2)];
    while (prompt.at(-1)!.endsWith("\\")) prompt.push(lines[++index]!);
    index++;
    const output: string[] = [];
    while (index < lines.length && !lines[index]!.startsWith("$ ")) output.push(lines[index++]!);
    const command = joinContinuations(prompt).join(" ");
    commands.push({ command, exit: promisedExit(command), output: output.join("\n") });
  }
  return commands;
}

/** Lines of output as compared: colours removed, trailing spaces and blank lines dropped. */
export function normaliseOutput(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*m/g, "")
      .split("\n")
      .map((line) => line.trimEnd())
      .join("\n")
      .replace(/\n+$/, "")
  );
}

/**
 * Whether `actual` is the output the README shows: equal line for line, except that `…` in a
 * shown line stands for any text within the line, and a line that is only `…` for any number
 * of lines (the README abridges long output so).
 */
export function outputMatches(shown: string, actual: string): boolean {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = normaliseOutput(shown)
    .split("\n")
    .map((line) => (line === "…" ? "(?:[^\\n]*\\n)*?" : line.split("…").map(escape).join("[^\\n]*?") + "\\n"))
    .join("");
  return new RegExp(`^${pattern}$`, "u").test(normaliseOutput(actual) + "\n");
}

/** A hook of a `.pre-commit-config.yaml` that the README shows, or of `.pre-commit-hooks.yaml`. */
export interface PreCommitHook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

/** The hooks of the README's `repo: local` pre-commit configuration (the yaml block that has one). */
export function localPreCommitHooks(readme: string): PreCommitHook[] {
  return codeBlocks(readme)
    .filter((block) => block.lang === "yaml")
    .map((block) => parseYaml(block.code) as { repos?: Array<{ repo: string; hooks: PreCommitHook[] }> })
    .flatMap((config) => config.repos ?? [])
    .filter((repo) => repo.repo === "local")
    .flatMap((repo) => repo.hooks);
}

/**
 * The README's install commands under its "Install" heading: each `sh` block's commands, with
 * the line that sets `HUASHU` (the clone's path, which the caller sets) left out.
 */
export function installCommands(readme: string): string[][] {
  return codeBlocks(readme)
    .filter((block) => block.heading === "Install" && block.lang === "sh")
    .map((block) =>
      shellCommands(block)
        .map(({ command }) => command)
        .filter((command) => !/^HUASHU=/.test(command)),
    );
}

/** The commands of the README's quick start (its "Check the scripts" block), as a user runs them after installing. */
export function quickStartCommands(readme: string): ShellCommand[] {
  return codeBlocks(readme)
    .filter((block) => block.heading === "Check the scripts" && block.lang === "console")
    .flatMap(shellCommands);
}
