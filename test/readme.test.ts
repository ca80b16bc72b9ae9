import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import ts from "typescript";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/project/config.js";
import { ruleSetFromConfig } from "../src/project/rule-selection.js";
import { parseRules, parseTranscripts } from "../src/index.js";
import { ROOT } from "./helpers/cli.js";
import { codeBlocks, normaliseOutput, outputMatches, shellCommands, type CodeBlock } from "./helpers/readme.js";

// Every fenced block of README.md and of each docs/*.md page is run here, so that no command,
// output or example in them can go stale: shell blocks against the built CLI (`npm run build`
// first), TypeScript against the built package, YAML with the real loaders, JSON and JSON lines
// parsed. See "The README is tested" in docs/internals.md for the conventions.

/** The README and every page of docs/, by path from the repository's root. */
const DOCUMENTS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];
const TEXTS = new Map(DOCUMENTS.map((document) => [document, readFileSync(join(ROOT, document), "utf8")]));
const BLOCKS = DOCUMENTS.flatMap((document) => codeBlocks(TEXTS.get(document)!, document));
/** Skipped blocks stay few (in all documents): each is a command this test cannot run (an install, the suite itself). */
const MAX_SKIPPED = 8;
/** Generous: a block's commands wait their turn behind the others' (two at a time) on a busy machine. */
const SHELL_TIMEOUT = 300_000;
const SHELL = new Set(["sh", "bash", "console"]);
const TYPESCRIPT = new Set(["ts", "typescript"]);

const where = (block: CodeBlock) => `${block.file}:${block.line} (${block.heading})`;
const skipped = BLOCKS.filter((block) => block.directive?.kind === "skip");
const run = BLOCKS.filter((block) => block.directive?.kind !== "skip");

/** Holds the shell on PATH (`huashu`, a link to the built CLI) and a sandbox per block. */
const scratch = mkdtempSync(join(tmpdir(), "huashu-readme-"));
const bin = join(scratch, "bin");
mkdirSync(bin);
// As npm links a package's bin: the built CLI runs from its own start line.
symlinkSync(join(ROOT, "dist/cli.js"), join(bin, "huashu"));

/**
 * A new folder holding the bundled examples, `huashu` as an installed package (for TypeScript
 * blocks) and every file the same document defines above `block`: a reader following that
 * document has them too.
 */
function sandbox(block: CodeBlock): string {
  const dir = mkdtempSync(join(scratch, `block-${block.line}-`));
  cpSync(join(ROOT, "fixtures/examples"), join(dir, "fixtures/examples"), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules/huashu"));
  for (const earlier of BLOCKS) {
    if (earlier.file !== block.file || earlier.line >= block.line || earlier.directive?.kind !== "file") continue;
    mkdirSync(dirname(join(dir, earlier.directive.path)), { recursive: true });
    writeFileSync(join(dir, earlier.directive.path), earlier.code);
  }
  return dir;
}

/** At most two commands at a time: each CLI process may load jieba (~1.5 s of CPU). */
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(task: () => Promise<T>): Promise<T> {
  // A finishing task hands its slot straight to the next waiting one, so no newcomer slips in between.
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Runs a command line with bash in `cwd`; stdout and stderr together, as a terminal shows them. */
function shell(command: string, cwd: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  return limited(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn("bash", ["-c", `exec 2>&1\n${command.replace(/\bnpx huashu\b/g, "huashu")}`], {
          cwd,
          env,
          stdio: ["ignore", "pipe", "inherit"],
        });
        let output = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, output: output.replaceAll(cwd, ".") }));
      }),
  );
}

/** GitHub's anchors of a Markdown text: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6} (.*)$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    let anchor = slug;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

describe("README.md and docs/*.md code blocks", () => {
  it("has blocks, each of a kind this test runs or skipped with a reason", () => {
    expect(BLOCKS.length).toBeGreaterThan(20);
    for (const block of skipped)
      expect(block.directive, `${where(block)}: a skip needs a reason`).toMatchObject({
        reason: expect.stringMatching(/\S{3}/),
      });
    expect(skipped.length, skipped.map(where).join("\n")).toBeLessThanOrEqual(MAX_SKIPPED);
    const known = (block: CodeBlock) =>
      SHELL.has(block.lang) ||
      TYPESCRIPT.has(block.lang) ||
      ["yaml", "json", "jsonl"].includes(block.lang) ||
      (block.lang === "text" && block.directive?.kind === "file");
    expect(run.filter((block) => !known(block)).map(where)).toEqual([]);
  });

  it("links only to files and headings that exist, in its own document or another", () => {
    const broken: string[] = [];
    let links = 0;
    for (const document of DOCUMENTS) {
      const prose = TEXTS.get(document)!.replace(/^```[\s\S]*?^```/gm, "");
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
        links++;
        const [path, anchor] = target!.split("#");
        const file = path ? join(dirname(document), path) : document;
        if (!existsSync(join(ROOT, file))) broken.push(`${document}: ${target} (no file ${file})`);
        else if (anchor !== undefined && !anchorsOf(readFileSync(join(ROOT, file), "utf8")).has(anchor))
          broken.push(`${document}: ${target} (no heading #${anchor} in ${file})`);
      }
    }
    expect(links).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  it("sends users only where they can go: ../shared, the project's own test data, only on the contributors' page", () => {
    const userFacing = DOCUMENTS.filter((document) => document !== "docs/internals.md");
    expect(userFacing.filter((document) => TEXTS.get(document)!.includes("../shared"))).toEqual([]);
  });

  it("keeps the two set-up commands: install and run the example, and run the tests", () => {
    const commands = BLOCKS.filter((block) => block.file === "README.md" && SHELL.has(block.lang)).map((block) =>
      block.code.trim(),
    );
    expect(commands).toContain("npm install && npm run example");
    expect(commands).toContain("npm ci && npm test");
  });

  it("runs the example `npm run example` runs after building: it finds the bad call's violations", async () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    const build = "npm run build --silent && ";
    expect(scripts.example?.startsWith(build)).toBe(true);
    const result = await shell(scripts.example!.slice(build.length), ROOT);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("fixtures/examples/bad-call.txt  得分 0,不合格");
  });

  describe.concurrent("shell blocks run against the built CLI", () => {
    for (const block of run.filter((block) => SHELL.has(block.lang))) {
      it(
        where(block),
        async () => {
          const dir = sandbox(block);
          for (const { command, exit, output } of shellCommands(block)) {
            const result = await shell(command, dir);
            expect(result.code, `${command}\n${result.output}`).toBe(exit);
            if (output !== undefined && !outputMatches(output, result.output)) {
              expect(normaliseOutput(result.output), `the output of ${command}`).toBe(normaliseOutput(output));
            }
          }
        },
        SHELL_TIMEOUT,
      );
    }
  });

  describe("TypeScript blocks type-check against the package and run", () => {
    const blocks = run.filter((block) => TYPESCRIPT.has(block.lang));
    const dirs = new Map<CodeBlock, string>();
    const diagnostics = new Map<CodeBlock, string[]>();

    beforeAll(() => {
      for (const block of blocks) {
        const dir = sandbox(block);
        writeFileSync(join(dir, "example.ts"), block.code);
        dirs.set(block, dir);
      }
      const files = blocks.map((block) => join(dirs.get(block)!, "example.ts"));
      const program = ts.createProgram(files, {
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        target: ts.ScriptTarget.ES2022,
        lib: ["lib.es2022.d.ts"],
        types: ["node"],
        typeRoots: [join(ROOT, "node_modules/@types")],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      });
      const all = ts.getPreEmitDiagnostics(program);
      for (const block of blocks) {
        const file = join(dirs.get(block)!, "example.ts");
        const own = all.filter((diagnostic) => diagnostic.file?.fileName === file || !diagnostic.file);
        diagnostics.set(
          block,
          own.map((diagnostic) => {
            const position =
              diagnostic.file && diagnostic.start !== undefined
                ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
                : undefined;
            return `${position ? `${position.line + 1}:${position.character + 1} ` : ""}${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
          }),
        );
      }
    }, 120_000);

    for (const block of blocks) {
      it(
        where(block),
        async () => {
          expect(diagnostics.get(block)).toEqual([]);
          const dir = dirs.get(block)!;
          const { outputText } = ts.transpileModule(block.code, {
            compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
          });
          writeFileSync(join(dir, "example.mjs"), outputText);
          const result = await shell(`"${process.execPath}" example.mjs`, dir);
          expect(result.code, result.output).toBe(0);
          // `console.log(…); // → text`: the block promises that line of output, in this order.
          const printed = result.output.split("\n");
          let from = 0;
          for (const [, promised] of block.code.matchAll(/^\s*console\.log\(.*\);\s*\/\/ → (.*)$/gm)) {
            const at = printed.indexOf(promised!, from);
            expect(at, `prints “${promised}”; printed:\n${result.output}`).toBeGreaterThanOrEqual(0);
            from = at + 1;
          }
        },
        120_000,
      );
    }
  });

  describe("YAML blocks load with the real loaders", () => {
    for (const block of run.filter((block) => block.lang === "yaml")) {
      it(where(block), async () => {
        const data = parseYaml(block.code) as Record<string, unknown>;
        expect(typeof data, "a YAML block is a mapping").toBe("object");
        if ("repos" in data) return checkPreCommitConfig(data);
        if ("jobs" in data) return checkWorkflow(data);
        if ("scenario" in data) {
          // A structured YAML script: read as `huashu lint` reads a .yaml file.
          expect(parseTranscripts(block.code, { file: "script.yaml" })[0]!.turns.length).toBeGreaterThan(0);
          return;
        }
        const rules = data.rules;
        if (Array.isArray(rules) && rules.every((entry) => typeof entry === "object")) {
          // A rule file: parsed, validated and its examples run, as `huashu lint` does.
          expect(parseRules(block.code, where(block)).rules.length).toBeGreaterThan(0);
          return;
        }
        // Anything else is a huashu.config.yaml: loaded with the rules it names.
        const dir = sandbox(block);
        writeFileSync(join(dir, "huashu.config.yaml"), block.code);
        const loaded = await loadConfig(join(dir, "huashu.config.yaml"));
        await expect(ruleSetFromConfig(loaded, [], dir)).resolves.toBeDefined();
      });
    }
  });

  it("JSON and JSON-lines blocks parse", () => {
    for (const block of run.filter((block) => block.lang === "json"))
      expect(() => JSON.parse(block.code), where(block)).not.toThrow();
    for (const block of run.filter((block) => block.lang === "jsonl")) {
      for (const line of block.code.split("\n").filter((line) => line.trim() !== "")) {
        expect(() => JSON.parse(line), `${where(block)}: ${line}`).not.toThrow();
      }
    }
  });
});

/**
 * A `.pre-commit-config.yaml`: a `local` repo's hooks run the installed huashu (npx never
 * downloads one; test/ci-integrations.test.ts runs the entry), any other repo's hooks are ones
 * `.pre-commit-hooks.yaml` defines.
 */
function checkPreCommitConfig(data: Record<string, unknown>): void {
  const defined = (parseYaml(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Array<{ id: string }>).map(
    (hook) => hook.id,
  );
  const repos = data.repos as Array<{ repo: string; hooks: Array<Record<string, string | undefined>> }>;
  expect(repos.flatMap((repo) => repo.hooks).length).toBeGreaterThan(0);
  for (const { repo, hooks } of repos) {
    for (const hook of hooks) {
      if (repo === "local") expect(hook).toMatchObject({ language: "system", entry: "npx --no huashu lint" });
      else expect(defined).toContain(hook.id);
      if (hook.files !== undefined) expect(() => new RegExp(hook.files!)).not.toThrow();
    }
  }
}

/**
 * A GitHub workflow: it uses the action by a checkout's path (`./huashu`) or as `<owner>/huashu@<ref>`,
 * passing only inputs action.yml declares.
 */
function checkWorkflow(data: Record<string, unknown>): void {
  const inputs = Object.keys(
    (parseYaml(readFileSync(join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown> }).inputs,
  );
  const jobs = Object.values(
    data.jobs as Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>,
  );
  const uses = jobs.flatMap((job) => job.steps).filter((step) => /^\.\/huashu$|\/huashu@/.test(step.uses ?? ""));
  expect(uses.length).toBeGreaterThan(0);
  for (const step of uses) for (const input of Object.keys(step.with ?? {})) expect(inputs).toContain(input);
}

describe("the README test's own reading of blocks", () => {
  it("matches shown output line for line, `…` standing for text within a line or for whole lines", () => {
    expect(outputMatches("a\nb", "a\nb\n")).toBe(true);
    expect(outputMatches("a\nb", "a\nc")).toBe(false);
    expect(outputMatches("", "printed")).toBe(false);
    expect(outputMatches('{"id":"t9",…,"score":90}', '{"id":"t9","violations":[],"score":90}')).toBe(true);
    expect(outputMatches('{"id":"t9",…,"score":90}', '{"id":"t9","violations":[],"score":91}')).toBe(false);
    expect(outputMatches("first\n…\nlast", "first\nx\ny\nlast")).toBe(true);
    expect(outputMatches("first\n…\nlast", "first\nlast")).toBe(true);
    expect(outputMatches("a…", "a\nb")).toBe(false);
    expect(outputMatches("ok", "\x1b[32mok\x1b[39m  \n\n")).toBe(true);
  });

  it("reads console commands with their output and promised exit codes, and sh commands with continuations", () => {
    const [consoleBlock] = codeBlocks(
      "```console\n$ huashu lint x   # exit 1: found\nout 1\nout 2\n$ huashu init\n```\n",
    );
    expect(shellCommands(consoleBlock!)).toEqual([
      { command: "huashu lint x   # exit 1: found", exit: 1, output: "out 1\nout 2" },
      { command: "huashu init", exit: 0, output: "" },
    ]);
    const [sh] = codeBlocks(
      "<!-- readme-test: file a.sh -->\n```sh\n# comment\nhuashu worker --a 1 \\\n  --b 2\n```\n",
    );
    expect(sh!.directive).toEqual({ kind: "file", path: "a.sh" });
    expect(shellCommands(sh!)).toEqual([{ command: "huashu worker --a 1    --b 2", exit: 0 }]);
    expect(() => codeBlocks("<!-- readme-test: exit 1 -->\n```sh\nx\n```\n")).toThrow(/unknown readme-test directive/);
    expect(() => codeBlocks("\n<!-- readme-test: exit 1 -->\n```sh\nx\n```\n", "docs/cli.md")).toThrow(
      /^docs\/cli\.md:2: unknown readme-test directive/,
    );
  });
});
