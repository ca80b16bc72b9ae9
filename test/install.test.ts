import { spawnSync, type SpawnSyncOptions } from "node:child_process";
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
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

// Packs the package from a copy of the sources (no dist/: prepack must build it) and installs
// the tarball into a new app as a user would. nodejieba compiles from source on install (no
// prebuilt binary is reachable): minutes under load, hence this file's own time limit.
const INSTALL_TIMEOUT = 15 * 60_000;
/** Each check starts Node processes (npx, tsc) that take tens of seconds on a busy machine. */
const CHECK_TIMEOUT = 5 * 60_000;
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with no stdin (nothing can prompt) and CI=true, as in a pipeline. */
function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }): Run {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, CI: "true", NO_COLOR: "1", ...options.env },
  });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The repository's files as a clean clone has them, with the dev dependencies linked in. */
function copyOfSources(): string {
  const copy = mkdtempSync(join(tmpdir(), "huashu-src-"));
  const skipped = new Set(["node_modules", "dist", ".git"]);
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !skipped.has(relative(ROOT, source).split("/")[0]!) });
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
  return copy;
}

let app: string;
let npmCache: string;
let install: Run;

beforeAll(() => {
  const sources = copyOfSources();
  const packs = mkdtempSync(join(tmpdir(), "huashu-pack-"));
  const packed = run("npm", ["pack", "--pack-destination", packs], { cwd: sources });
  expect(packed.status, packed.stderr).toBe(0);
  const [tarball] = readdirSync(packs);
  app = mkdtempSync(join(tmpdir(), "huashu-app-"));
  // What the README tells an app to write: nodejieba's install script builds its binding.
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "app", version: "1.0.0", private: true, allowScripts: { nodejieba: true } }),
  );
  // A fresh cache: afterwards it shows whether npx fetched anything during the install.
  npmCache = join(app, ".npm-cache");
  install = run("npm", ["install", "--no-audit", "--no-fund", join(packs, tarball!)], {
    cwd: app,
    env: { npm_config_cache: npmCache },
  });
}, INSTALL_TIMEOUT);

describe("the packed tarball installed into a new app", () => {
  it(
    "installs without prompts or warnings, and nodejieba builds with the node-pre-gyp huashu depends on",
    () => {
      expect(install.stderr).toBe("");
      expect(install.status).toBe(0);
      expect(existsSync(join(app, "node_modules/nodejieba/build/Release/nodejieba.node"))).toBe(true);
      const manifest = JSON.parse(readFileSync(join(app, "node_modules/huashu/package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      expect(Object.keys(manifest.dependencies)).toContain("@mapbox/node-pre-gyp");
      // nodejieba's install script runs `npx @mapbox/node-pre-gyp`: found installed, npx fetched nothing.
      expect(existsSync(join(app, "node_modules/.bin/node-pre-gyp"))).toBe(true);
      expect(existsSync(join(npmCache, "_npx"))).toBe(false);
    },
    CHECK_TIMEOUT,
  );

  it("ships dist/ built by prepack, the rules, the licence and the README, and no sources or tests", () => {
    const files = readdirSync(join(app, "node_modules/huashu"));
    expect(files.sort()).toEqual(["LICENSE", "README.md", "dist", "fixtures", "package.json", "rules", "schemas"]);
    expect(readFileSync(join(app, "node_modules/huashu/LICENSE"), "utf8")).toMatch(
      /^MIT License\n\nCopyright \(c\) 2026 huashu contributors\n/,
    );
    expect(readdirSync(join(app, "node_modules/huashu/dist"))).toEqual(
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
        cwd: app,
      });
      expect(esm.stderr).toBe("");
      expect(esm.stdout.trim()).toBe("w:喂");
      const cjs = run(process.execPath, ["-e", `const huashu = require("huashu");${snippet}`], { cwd: app });
      expect(cjs.stderr).toBe("");
      expect(cjs.stdout.trim()).toBe("w:喂");
    },
    CHECK_TIMEOUT,
  );

  it(
    "runs as `npx huashu`: the version, and lint of a script with the built-in rules",
    () => {
      expect(run("npx", ["huashu", "--version"], { cwd: app }).stdout.trim()).toBe(VERSION);
      mkdirSync(join(app, "scripts"), { recursive: true });
      writeFileSync(
        join(app, "scripts/call.txt"),
        "坐席:您好,请问有什么可以帮您?\n客户:我的快递丢了。\n坐席:这个我不知道。\n",
      );
      const lint = run("npx", ["huashu", "lint", "scripts/call.txt"], { cwd: app });
      expect(lint.stderr).toBe("");
      expect(lint.status).toBe(1);
      expect(lint.stdout).toMatch(/scripts\/call\.txt:3:\d+ +错误 +taboo\.dont-know/);
    },
    CHECK_TIMEOUT,
  );
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
        const project = join(app, `types-${name}`);
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
      expect(readFileSync(join(app, "node_modules/huashu/dist", file), "utf8")).not.toMatch(
        /from ["']zod["']|Zod[A-Z]/,
      );
    }
  });
});
