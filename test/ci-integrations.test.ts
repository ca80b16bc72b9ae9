import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./helpers/cli.js";
import { localPreCommitHooks, type PreCommitHook } from "./helpers/readme.js";

const CLI = join(ROOT, "dist/cli.js");

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
 * A repository of scripts (the examples in scripts/) with huashu installed as it would be with
 * npm: the built CLI linked as node_modules/.bin/huashu, and (like `language: node` in
 * pre-commit) that directory on PATH.
 */
function scriptRepository(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), "huashu-ci-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scripts", private: true }));
  mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
  symlinkSync(CLI, join(dir, "node_modules/.bin/huashu"));
  mkdirSync(join(dir, "scripts"));
  for (const name of ["bad-call.txt", "good-call.txt", "good-call.json"])
    copyFileSync(join(ROOT, "fixtures/examples", name), join(dir, "scripts", name));
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

/** Runs a hook's entry on those of `names` its `files` pattern selects, in `repository`, as pre-commit does. */
function runHook(hook: PreCommitHook, names: string[], repository: ReturnType<typeof scriptRepository>) {
  const staged = names.filter((name) => new RegExp(hook.files).test(name));
  const [command, ...args] = hook.entry.split(" ");
  return {
    staged,
    run: spawnSync(command!, [...args, ...staged], { cwd: repository.dir, env: repository.env, encoding: "utf8" }),
  };
}

describe("pre-commit hooks", () => {
  const defined = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as PreCommitHook[];
  const [local] = localPreCommitHooks(readFileSync(join(ROOT, "README.md"), "utf8"));
  const hooks = {
    ".pre-commit-hooks.yaml": defined.find((hook) => hook.id === "huashu")!,
    "the README's local": local!,
  };
  let repository: ReturnType<typeof scriptRepository>;
  beforeAll(() => {
    repository = scriptRepository();
  });

  it("are a node hook named huashu, and in the README a local one running the installed huashu", () => {
    expect(hooks[".pre-commit-hooks.yaml"]).toMatchObject({ id: "huashu", language: "node", entry: "huashu lint" });
    expect(local).toMatchObject({ id: "huashu", language: "system", entry: "npx --no huashu lint" });
  });

  for (const [name, hook] of Object.entries(hooks)) {
    it(`${name} hook selects .txt, .md and .yaml scripts only`, () => {
      const pattern = new RegExp(hook.files);
      const names = ["call.txt", "guide.md", "s.yaml", "s.yml"];
      expect(names.every((name) => pattern.test(`scripts/${name}`))).toBe(true);
      expect(["call.json", "call.srt", "main.ts"].some((name) => pattern.test(`scripts/${name}`))).toBe(false);
    });

    it(`${name} hook passes on a good staged script and fails naming the bad one`, () => {
      const good = runHook(hook, ["scripts/good-call.txt", "scripts/good-call.json"], repository);
      expect(good.staged).toEqual(["scripts/good-call.txt"]);
      expect(good.run.stderr).toBe("");
      expect(good.run.status).toBe(0);
      const bad = runHook(hook, ["scripts/bad-call.txt", "scripts/good-call.txt"], repository);
      expect(bad.run.status).toBe(1);
      expect(bad.run.stdout).toContain("scripts/bad-call.txt");
      expect(bad.run.stdout).toContain("taboo.dont-know");
      expect(bad.run.stdout).not.toMatch(/^scripts\/good-call\.txt:\d/m);
    });
  }
});

describe("GitHub Action (action.yml)", () => {
  const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as Action;
  const [setupStep, installStep, lintStep, uploadStep] = action.runs.steps;
  let repository: ReturnType<typeof scriptRepository>;
  beforeAll(() => {
    repository = scriptRepository();
  });

  /**
   * Runs the lint step's script as the runner would, the action's folder being this repository
   * (dist/ built, as the install step leaves it): each `${{ inputs.x }}` of its env set from
   * `inputs` or the default.
   */
  function runLintStep(inputs: Record<string, string>) {
    const env: NodeJS.ProcessEnv = { ...repository.env, GITHUB_ACTION_PATH: ROOT };
    for (const [name, expression] of Object.entries(lintStep!.env ?? {})) {
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expression)![1]!;
      env[name] = inputs[input] ?? action.inputs[input]!.default;
    }
    return spawnSync("bash", ["-c", lintStep!.run!], { cwd: repository.dir, env, encoding: "utf8" });
  }

  it("is a composite action: Node set up, huashu installed from the action's folder, a bash lint step, SARIF uploaded only for the sarif format", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual([
      "fail-level",
      "format",
      "node-version",
      "paths",
      "rules",
      "sarif-file",
    ]);
    expect(setupStep!.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(setupStep!.with).toEqual({ "node-version": "${{ inputs.node-version }}" });
    expect(Number(action.inputs["node-version"]!.default)).toBeGreaterThanOrEqual(20);
    expect(installStep).toMatchObject({
      shell: "bash",
      run: 'cd "$GITHUB_ACTION_PATH" && npm ci --no-audit --no-fund',
    });
    expect(lintStep).toMatchObject({ shell: "bash" });
    expect(lintStep!.run).toContain('"$GITHUB_ACTION_PATH/dist/cli.js" lint ');
    expect(uploadStep!.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(uploadStep!.if).toContain("inputs.format == 'sarif'");
    expect(uploadStep!.with).toMatchObject({ sarif_file: "${{ inputs.sarif-file }}" });
  });

  it("installs what the action's folder holds: the committed lockfile, and a prepare script that builds the CLI the lint step runs", () => {
    expect(existsSync(join(ROOT, "package-lock.json"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(manifest.scripts.prepare).toBe("npm run build");
    expect(manifest.bin.huashu).toBe("./dist/cli.js");
    expect(manifest.scripts.build).toContain("tsup");
  });

  it("annotates the violations in the github format and fails at the default error level", () => {
    const run = runLintStep({ paths: "scripts/bad-call.txt scripts/good-call.txt" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=scripts\/bad-call\.txt,line=3,col=5,.*taboo\.dont-know/m);
    expect(run.stdout).not.toContain("good-call.txt");
  });

  it("writes a SARIF file for the upload step", () => {
    const run = runLintStep({ paths: "scripts/bad-call.txt", format: "sarif" });
    expect(run.status).toBe(1);
    const sarif = JSON.parse(readFileSync(join(repository.dir, "huashu.sarif"), "utf8")) as {
      runs: Array<{ results: Array<{ ruleId: string }> }>;
    };
    expect(sarif.runs[0]!.results.map((result) => result.ruleId)).toContain("taboo.dont-know");
  });

  it("lints with the given rule files, one per line, and fails from the given level", () => {
    const atError = runLintStep({ paths: "scripts/bad-call.txt\nscripts/good-call.txt", rules: "wei.yaml\n" });
    expect(atError.status).toBe(0);
    expect(atError.stdout).toMatch(/^::warning file=scripts\/bad-call\.txt,line=1,col=4,.*house\.wei/m);
    expect(atError.stdout).not.toContain("taboo.");
    expect(runLintStep({ paths: "scripts/bad-call.txt", rules: "wei.yaml", "fail-level": "warning" }).status).toBe(1);
  });

  it("refuses a format other than github or sarif with exit 2", () => {
    const run = runLintStep({ paths: "scripts/bad-call.txt", format: "stylish" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("format must be github or sarif");
  });
});
