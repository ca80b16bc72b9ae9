import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./helpers/cli.js";
import {
  installCommands,
  localPreCommitHooks,
  normaliseOutput,
  outputMatches,
  quickStartCommands,
} from "./helpers/readme.js";

// Installs huashu as the README's Install says, into new apps, from a clone of the commit under
// test (the working tree as it is): by its git URL (npm clones it, installs its dev dependencies
// and runs prepare) and as a tarball `npm pack` makes of the clone once the GitHub Action's
// install step (`npm ci`) has run in it. nodejieba compiles from source on each install (no
// prebuilt binary is reachable): minutes under load, hence this file's own time limit.
const INSTALL_TIMEOUT = 25 * 60_000;
/** Each check starts Node processes (npx, tsc) that take tens of seconds on a busy machine. */
const CHECK_TIMEOUT = 5 * 60_000;
const MANIFEST = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
/** The npm here, [major, minor]: what it does with install scripts not in allowScripts depends on it. */
const [NPM_MAJOR, NPM_MINOR] = spawnSync("npm", ["--version"], { encoding: "utf8" }).stdout.split(".").map(Number) as [
  number,
  number,
];

/** npm 11.16 brought `allowScripts`, advisory in npm 11: a warning naming the packages, their scripts run all the same. */
const ADVISORY = NPM_MAJOR === 11 && NPM_MINOR >= 16;

/** The packages (with their scripts) npm's install-scripts warning names, in its order. */
function unreviewed(stderr: string): string[] {
  return [...stderr.matchAll(/^npm warn install-scripts {3}(.+)$/gm)].map((match) => match[1]!);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Every folder this file makes (apps, each with its node_modules, the clone, npm's cache), removed at the end. */
const SCRATCH = mkdtempSync(join(tmpdir(), "huashu-install-"));
/** A fresh npm cache for every install here: afterwards it shows whether npx fetched anything. */
const npmCache = join(SCRATCH, "npm-cache");

/** Runs a command with no stdin (nothing can prompt), CI=true as in a pipeline, and the fresh npm cache. */
function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }): Run {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, CI: "true", NO_COLOR: "1", npm_config_cache: npmCache, ...options.env },
  });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Runs a line of the README or of action.yml with bash, HUASHU (the clone) and any `env` set. */
function bash(line: string, cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  return run("bash", ["-c", line], { cwd, env: { HUASHU: clone, ...env } });
}

/** git in ROOT, failing the run with git's message. */
function git(args: string[], cwd = ROOT): string {
  const result = run("git", args, { cwd });
  expect(result.status, `git ${args.join(" ")}: ${result.stderr}`).toBe(0);
  return result.stdout.trim();
}

/**
 * A clone of the working tree as it is: its files (tracked, and untracked ones .gitignore does
 * not exclude) committed through a scratch index, without touching the repository's own index,
 * branches or files, and pushed to a new repository, where they are checked out.
 */
function cloneOfWorkingTree(): string {
  const index = join(SCRATCH, "index");
  const env = { ...process.env, GIT_INDEX_FILE: index };
  expect(spawnSync("git", ["add", "--all"], { cwd: ROOT, env }).status).toBe(0);
  const tree = spawnSync("git", ["write-tree"], { cwd: ROOT, env, encoding: "utf8" }).stdout.trim();
  const commit = git([
    "-c",
    "user.name=huashu test",
    "-c",
    "user.email=test@huashu.invalid",
    "commit-tree",
    tree,
    "-p",
    "HEAD",
    "-m",
    "under test",
  ]);
  const dir = join(SCRATCH, "huashu");
  git(["init", "-q", dir]);
  git(["push", "-q", dir, `${commit}:refs/heads/under-test`]);
  git(["checkout", "-q", "under-test"], dir);
  return dir;
}

/** A new app, as `npm init` leaves one. */
function newApp(name: string): string {
  const app = join(SCRATCH, name);
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
  return app;
}

/** Runs each of `lines` in `cwd` in turn, stopping at a failure; the results in order. */
function runLines(lines: string[], cwd: string): Run[] {
  const results: Run[] = [];
  for (const line of lines) {
    results.push(bash(line, cwd));
    if (results.at(-1)!.status !== 0) break;
  }
  return results;
}

/** Runs the README's quick start in `app`, huashu installed there: each command exits and prints as shown. */
function runQuickStart(app: string): void {
  const commands = quickStartCommands(README);
  expect(commands.length).toBeGreaterThan(1);
  for (const { command, exit, output } of commands) {
    const result = bash(`exec 2>&1\n${command}`, app);
    expect(result.status, `${command}\n${result.stdout}`).toBe(exit);
    if (output !== undefined && !outputMatches(output, result.stdout))
      expect(normaliseOutput(result.stdout), command).toBe(normaliseOutput(output));
  }
}

/** The bad example call as scripts/bad-call.txt of `app`, for the hook and the action to lint. */
function withBadCall(app: string): void {
  mkdirSync(join(app, "scripts"), { recursive: true });
  copyFileSync(join(ROOT, "fixtures/examples/bad-call.txt"), join(app, "scripts/bad-call.txt"));
}

interface ActionStep {
  name: string;
  run?: string;
  env?: Record<string, string>;
}

const ACTION = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, { default: string }>;
  runs: { steps: ActionStep[] };
};
const actionStep = (name: string) => ACTION.runs.steps.find((step) => step.name === name)!;

let clone: string;
let gitApp: string;
let gitInstall: Run[];
let tarballApp: string;
let tarballInstall: Run[];
let actionInstall: Run;
let cloneStatus: string;
let unreviewedApp: string;
let unreviewedInstall: Run;

beforeAll(() => {
  clone = cloneOfWorkingTree();
  const [fromGit, fromTarball] = installCommands(README);
  gitApp = newApp("git-app");
  gitInstall = runLines(fromGit!, gitApp);
  // The action's install step, its folder the clone: npm ci, and prepare builds dist/.
  actionInstall = bash(actionStep("Install huashu").run!, gitApp, { GITHUB_ACTION_PATH: clone });
  tarballApp = newApp("tarball-app");
  tarballInstall = runLines(fromTarball!, tarballApp);
  cloneStatus = git(["status", "--porcelain", "--ignored=no"], clone);
  // The same tarball in an app whose allowScripts names nothing.
  unreviewedApp = newApp("unreviewed-app");
  const [tarball] = readdirSync(tarballApp).filter((name) => name.endsWith(".tgz"));
  copyFileSync(join(tarballApp, tarball!), join(unreviewedApp, tarball!));
  unreviewedInstall = bash(`npm install --no-audit --no-fund ./${tarball}`, unreviewedApp);
}, INSTALL_TIMEOUT);

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** The install lines the README shows, each with its exit code and stderr. */
const report = (runs: Run[]) => runs.map((result) => `${result.status} ${result.stderr}`);

describe("installed from a git URL of a clone, as the README says", () => {
  it("sets allowScripts, then installs with no warnings: prepare built huashu, nodejieba's binding built", () => {
    expect(installCommands(README)[0]).toEqual([
      'npm pkg set allowScripts.nodejieba=true "allowScripts[git+file://$HUASHU]=true" --json',
      'npm install --save-dev "git+file://$HUASHU"',
    ]);
    expect(report(gitInstall)).toEqual(["0 ", "0 "]);
    const manifest = JSON.parse(readFileSync(join(gitApp, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      devDependencies: { huashu: `git+file://${clone}` },
      allowScripts: { nodejieba: true, [`git+file://${clone}`]: true },
    });
    expect(existsSync(join(gitApp, "node_modules/huashu/dist/cli.js"))).toBe(true);
    expect(existsSync(join(gitApp, "node_modules/nodejieba/build/Release/nodejieba.node"))).toBe(true);
  });

  it(
    "runs the README's quick start: init, then lint of the examples the package ships",
    () => runQuickStart(gitApp),
    CHECK_TIMEOUT,
  );

  it(
    "lints with `npx --no huashu lint`, the README's pre-commit hook",
    () => {
      withBadCall(gitApp);
      const [hook] = localPreCommitHooks(README);
      const lint = bash(`${hook!.entry} scripts/bad-call.txt`, gitApp);
      expect(lint.stderr).toBe("");
      expect(lint.status).toBe(1);
      expect(lint.stdout).toMatch(/^scripts\/bad-call\.txt:3:5 +错误 +taboo\.dont-know/m);
    },
    CHECK_TIMEOUT,
  );
});

describe("the GitHub Action run from a clone", () => {
  it("installs huashu in the action's folder with npm ci, and the clone stays clean", () => {
    expect(actionInstall.status, actionInstall.stderr).toBe(0);
    expect(existsSync(join(clone, "dist/cli.js"))).toBe(true);
    expect(cloneStatus).toBe("");
  });

  it(
    "lints with the huashu it installed: annotations in the github format",
    () => {
      const lint = actionStep("Lint with huashu");
      const env: NodeJS.ProcessEnv = { GITHUB_ACTION_PATH: clone };
      for (const [name, expression] of Object.entries(lint.env ?? {})) {
        const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expression)![1]!;
        env[name] = input === "paths" ? "scripts/bad-call.txt" : ACTION.inputs[input]!.default;
      }
      withBadCall(gitApp);
      const result = bash(lint.run!, gitApp, env);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^::error file=scripts\/bad-call\.txt,line=3,col=5,.*taboo\.dont-know/m);
    },
    CHECK_TIMEOUT,
  );
});

describe("the tarball `npm pack` makes of the clone, installed into a new app as the README says", () => {
  it("packs and installs, and nodejieba builds with the node-pre-gyp huashu depends on", () => {
    expect(installCommands(README)[1]).toEqual([
      "npm pkg set allowScripts.nodejieba=true --json",
      `npm pack "$HUASHU" && npm install --save-dev ./huashu-${MANIFEST.version}.tgz`,
    ]);
    expect(tarballInstall.map((result) => result.status)).toEqual([0, 0]);
    // npm pack's notices (the tarball's contents) go to stderr, then npm install's warnings: npm 11
    // names huashu's prepare (never run for a tarball), as the README says; nothing else.
    expect(tarballInstall[1]!.stderr).not.toMatch(/npm error/);
    expect(unreviewed(tarballInstall[1]!.stderr)).toEqual(
      ADVISORY ? [`huashu@${MANIFEST.version} (prepare: npm run build)`] : [],
    );
    expect(tarballInstall[1]!.stdout).toContain(`huashu-${MANIFEST.version}.tgz`);
    expect(existsSync(join(tarballApp, "node_modules/nodejieba/build/Release/nodejieba.node"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(tarballApp, "node_modules/huashu/package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).toContain("@mapbox/node-pre-gyp");
    // nodejieba's install script runs `npx @mapbox/node-pre-gyp`: found installed, npx fetched nothing.
    expect(existsSync(join(tarballApp, "node_modules/.bin/node-pre-gyp"))).toBe(true);
    expect(existsSync(join(npmCache, "_npx"))).toBe(false);
  });

  it(
    "runs the README's quick start: init, then lint of the examples the package ships",
    () => runQuickStart(tarballApp),
    CHECK_TIMEOUT,
  );

  it("ships dist/ built by prepare, the rules, the licence and the README, and no sources or tests", () => {
    const files = readdirSync(join(tarballApp, "node_modules/huashu"));
    expect(files.sort()).toEqual(["LICENSE", "README.md", "dist", "fixtures", "package.json", "rules", "schemas"]);
    expect(readFileSync(join(tarballApp, "node_modules/huashu/LICENSE"), "utf8")).toMatch(
      /^MIT License\n\nCopyright \(c\) 2026 huashu contributors\n/,
    );
    expect(readdirSync(join(tarballApp, "node_modules/huashu/dist"))).toEqual(
      expect.arrayContaining(["cli.js", "index.js", "index.cjs", "index.d.ts", "index.d.cts", "lint-worker.js"]),
    );
  });

  const snippet = `
const rules = huashu.parseRules("rules:\\n  - { id: w, type: forbidden, phrases: [喂], message: m }");
huashu.lint("喂,说话呀", { rules }).then((r) => console.log(r.violations.map((v) => v.ruleId + ":" + v.text).join()));
`;

  it(
    "is imported from an ES module and required from CommonJS",
    () => {
      const esm = run(process.execPath, ["--input-type=module", "-e", `import * as huashu from "huashu";${snippet}`], {
        cwd: tarballApp,
      });
      expect(esm.stderr).toBe("");
      expect(esm.stdout.trim()).toBe("w:喂");
      const cjs = run(process.execPath, ["-e", `const huashu = require("huashu");${snippet}`], { cwd: tarballApp });
      expect(cjs.stderr).toBe("");
      expect(cjs.stdout.trim()).toBe("w:喂");
    },
    CHECK_TIMEOUT,
  );

  it(
    "runs as `npx huashu`: the version, and lint of a script with the built-in rules",
    () => {
      expect(run("npx", ["huashu", "--version"], { cwd: tarballApp }).stdout.trim()).toBe(MANIFEST.version);
      mkdirSync(join(tarballApp, "scripts"), { recursive: true });
      writeFileSync(
        join(tarballApp, "scripts/call.txt"),
        "坐席:您好,请问有什么可以帮您?\n客户:我的快递丢了。\n坐席:这个我不知道。\n",
      );
      const lint = run("npx", ["huashu", "lint", "scripts/call.txt"], { cwd: tarballApp });
      expect(lint.stderr).toBe("");
      expect(lint.status).toBe(1);
      expect(lint.stdout).toMatch(/scripts\/call\.txt:3:\d+ +错误 +taboo\.dont-know/);
    },
    CHECK_TIMEOUT,
  );
});

describe(`install scripts not in allowScripts, under the npm here (${NPM_MAJOR}.${NPM_MINOR})`, () => {
  it("still run, as the README says of npm 10 and 11; npm 11 names them in a warning", () => {
    expect(unreviewedInstall.status, unreviewedInstall.stderr).toBe(0);
    expect(existsSync(join(unreviewedApp, "node_modules/nodejieba/build/Release/nodejieba.node"))).toBe(true);
    const nodejieba = "nodejieba@3.5.8 (install: npx @mapbox/node-pre-gyp install --fallback-to-build)";
    expect(unreviewed(unreviewedInstall.stderr)).toEqual(
      ADVISORY ? [`huashu@${MANIFEST.version} (prepare: npm run build)`, nodejieba] : [],
    );
    expect(README).toMatch(
      /\*\*npm 10\*\*[^*]*\sruns every dependency's install scripts\.\s+\*\*npm 11\*\*\s+runs them too/,
    );
  });
});

/** Uses the public types the way an app does: rule files, narrowing rules by type, results. */
const CONSUMER = `
import { lintSync, parseRules, type ForbiddenRule, type LintResult, type Rule, type RuleFileInput, type Window } from "huashu";

const written: RuleFileInput = {
  rules: [{ id: "house.wei", type: "forbidden", phrases: ["喂"], message: "不要用“喂”招呼客户", within: { first: 2 } }],
  scoring: { pass: 80 },
};
const rules = parseRules("rules:\\n  - { id: w, type: forbidden, phrases: [喂], message: m }");
const phrases = rules.rules.flatMap((rule: Rule) => (rule.type === "forbidden" ? rule.phrases : []));
const forbidden: ForbiddenRule | undefined = rules.rules.find((rule): rule is ForbiddenRule => rule.type === "forbidden");
const window: Window | undefined = forbidden?.within;
const result: LintResult = lintSync("喂", { rules });
export const summary: string = [written.rules.length, phrases.join(), window, result.score, forbidden?.boundary].join();
`;

describe("the public types, compiled by a consumer with skipLibCheck: false", () => {
  const resolutions = {
    node16: { module: "node16", moduleResolution: "node16", files: ["consumer.mts", "consumer.cts"] },
    bundler: { module: "esnext", moduleResolution: "bundler", files: ["consumer.ts"] },
    node: { module: "commonjs", moduleResolution: "node", files: ["consumer.ts"] },
  };

  for (const [name, { files, ...options }] of Object.entries(resolutions)) {
    it(
      `type-checks under moduleResolution ${name}`,
      () => {
        const project = join(tarballApp, `types-${name}`);
        mkdirSync(project, { recursive: true });
        for (const file of files) writeFileSync(join(project, file), CONSUMER);
        const compilerOptions = {
          ...options,
          target: "es2022",
          lib: ["es2022"],
          types: [],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
        };
        writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
        const tsc = run(process.execPath, [TSC, "-p", project], { cwd: project });
        expect(tsc.stdout + tsc.stderr).toBe("");
        expect(tsc.status).toBe(0);
      },
      CHECK_TIMEOUT,
    );
  }

  it("finds no zod in the declarations", () => {
    for (const file of ["index.d.ts", "index.d.cts"]) {
      expect(readFileSync(join(tarballApp, "node_modules/huashu/dist", file), "utf8")).not.toMatch(
        /from ["']zod["']|Zod[A-Z]/,
      );
    }
  });
});
