import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./helpers/cli.js";

const CLI = join(ROOT, "dist/cli.js");

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

interface ActionStep {
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
}

interface Action {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/**
 * A repository of scripts with huashu installed as it would be from npm: the built CLI linked
 * as node_modules/.bin/huashu, and (like `language: node` in pre-commit) that directory on PATH.
 */
function scriptRepository(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), "huashu-ci-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scripts", private: true }));
  mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
  symlinkSync(CLI, join(dir, "node_modules/.bin/huashu"));
  for (const name of ["bad-call.txt", "good-call.txt", "good-call.json"])
    copyFileSync(join(ROOT, "fixtures/examples", name), join(dir, name));
  writeFileSync(
    join(dir, "wei.yaml"),
    "rules:\n  - { id: house.wei, type: forbidden, severity: warning, phrases: [喂], message: 不要用“喂”招呼客户 }\n",
  );
  const env = {
    ...process.env,
    CI: "true",
    NO_COLOR: "1",
    PATH: `${join(dir, "node_modules/.bin")}:${process.env.PATH}`,
  };
  return { dir, env };
}

describe("pre-commit hook (.pre-commit-hooks.yaml)", () => {
  const hooks = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
  const hook = hooks.find((candidate) => candidate.id === "huashu")!;
  let repository: ReturnType<typeof scriptRepository>;
  beforeAll(() => {
    repository = scriptRepository();
  });

  /** Runs the hook's entry on the files of the repository its `files` pattern selects, as pre-commit does. */
  function runHook(names: string[]) {
    const staged = names.filter((name) => new RegExp(hook.files).test(name));
    const [command, ...args] = hook.entry.split(" ");
    return {
      staged,
      run: spawnSync(command!, [...args, ...staged], { cwd: repository.dir, env: repository.env, encoding: "utf8" }),
    };
  }

  it("is a node hook named huashu that selects .txt, .md and .yaml scripts only", () => {
    expect(hook).toMatchObject({ id: "huashu", language: "node", entry: "huashu lint" });
    const pattern = new RegExp(hook.files);
    expect(["call.txt", "docs/guide.md", "s.yaml", "s.yml"].every((name) => pattern.test(name))).toBe(true);
    expect(["call.json", "call.srt", "main.ts"].some((name) => pattern.test(name))).toBe(false);
  });

  it("passes on a good staged script and fails naming the bad one", () => {
    const good = runHook(["good-call.txt", "good-call.json"]);
    expect(good.staged).toEqual(["good-call.txt"]);
    expect(good.run.stderr).toBe("");
    expect(good.run.status).toBe(0);
    const bad = runHook(readdirSync(repository.dir).filter((name) => name.endsWith("-call.txt")));
    expect(bad.run.status).toBe(1);
    expect(bad.run.stdout).toContain("bad-call.txt");
    expect(bad.run.stdout).toContain("taboo.dont-know");
    expect(bad.run.stdout).not.toMatch(/^good-call\.txt:\d/m);
  });
});

describe("GitHub Action (action.yml)", () => {
  const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as Action;
  const [lintStep, uploadStep] = action.runs.steps;
  let repository: ReturnType<typeof scriptRepository>;
  beforeAll(() => {
    repository = scriptRepository();
  });

  /** Runs the lint step's script as the runner would: each `${{ inputs.x }}` of its env set from `inputs` or the default. */
  function runLintStep(inputs: Record<string, string>) {
    const env: NodeJS.ProcessEnv = { ...repository.env };
    for (const [name, expression] of Object.entries(lintStep!.env ?? {})) {
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expression)![1]!;
      env[name] = inputs[input] ?? action.inputs[input]!.default;
    }
    return spawnSync("bash", ["-c", lintStep!.run!], { cwd: repository.dir, env, encoding: "utf8" });
  }

  it("is a composite action with a bash lint step and a SARIF upload only for the sarif format", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual(["fail-level", "format", "paths", "rules", "sarif-file"]);
    expect(lintStep).toMatchObject({ shell: "bash" });
    expect(uploadStep!.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(uploadStep!.if).toContain("inputs.format == 'sarif'");
    expect(uploadStep!.with).toMatchObject({ sarif_file: "${{ inputs.sarif-file }}" });
  });

  it("annotates the violations in the github format and fails at the default error level", () => {
    const run = runLintStep({ paths: "bad-call.txt good-call.txt" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=bad-call\.txt,line=3,col=5,.*taboo\.dont-know/m);
    expect(run.stdout).not.toContain("good-call.txt");
  });

  it("writes a SARIF file for the upload step", () => {
    const run = runLintStep({ paths: "bad-call.txt", format: "sarif" });
    expect(run.status).toBe(1);
    const sarif = JSON.parse(readFileSync(join(repository.dir, "huashu.sarif"), "utf8")) as {
      runs: Array<{ results: Array<{ ruleId: string }> }>;
    };
    expect(sarif.runs[0]!.results.map((result) => result.ruleId)).toContain("taboo.dont-know");
  });

  it("lints with the given rule files, one per line, and fails from the given level", () => {
    const atError = runLintStep({ paths: "bad-call.txt\ngood-call.txt", rules: "wei.yaml\n" });
    expect(atError.status).toBe(0);
    expect(atError.stdout).toMatch(/^::warning file=bad-call\.txt,line=1,col=4,.*house\.wei/m);
    expect(atError.stdout).not.toContain("taboo.");
    expect(runLintStep({ paths: "bad-call.txt", rules: "wei.yaml", "fail-level": "warning" }).status).toBe(1);
  });

  it("refuses a format other than github or sarif with exit 2", () => {
    const run = runLintStep({ paths: "bad-call.txt", format: "stylish" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("format must be github or sarif");
  });
});
