import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

// What `huashu lint` loads at start-up (its speed is measured by bench/startup.mjs, not here).
// A preloaded probe lists, at exit, the CommonJS packages the run required: yaml, re2js and
// pinyin-pro are CommonJS, and so is what an ES module imports of them. A loader hook lists
// the ES modules.

const CLI = join(ROOT, "dist/cli.js");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-startup-"));
  writeFileSync(
    join(dir, "probe.cjs"),
    'process.on("exit", () => process.stderr.write("\\nLOADED " + JSON.stringify(Object.keys(require("node:module")._cache))));\n',
  );
  writeFileSync(
    join(dir, "zod-probe.cjs"),
    'process.on("exit", () => process.stderr.write("\\nZOD " + ("__zod_globalConfig" in globalThis) + "\\n"));\n',
  );
  writeFileSync(join(dir, "ok.txt"), "好的。\n");
  writeFileSync(
    join(dir, "hooks.mjs"),
    'import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) {\n  appendFileSync(process.env.HUASHU_MODULES_LOG, url + "\\n");\n  return next(url, context);\n}\n',
  );
  writeFileSync(
    join(dir, "register.mjs"),
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
  );
});

/** The files of the ES modules a `huashu lint` run in `dir` loaded, and its exit code. */
function modulesLoaded(args: string[], log: string): { code: number | null; files: string[] } {
  const run = spawnSync(process.execPath, ["--import", join(dir, "register.mjs"), CLI, "lint", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, HUASHU_MODULES_LOG: join(dir, log) },
  });
  const urls = existsSync(join(dir, log)) ? readFileSync(join(dir, log), "utf8").trim().split("\n") : [];
  return { code: run.status, files: urls.filter((url) => url.startsWith("file:")).map((url) => fileURLToPath(url)) };
}

/** Whether a `huashu lint` run in `cwd` evaluated zod (which sets a global as it loads), and its exit code. */
function zodEvaluated(args: string[], cwd = dir): { code: number | null; zod: boolean } {
  const run = spawnSync(process.execPath, ["--require", join(dir, "zod-probe.cjs"), CLI, "lint", ...args], {
    cwd,
    encoding: "utf8",
  });
  return { code: run.status, zod: /\nZOD true\n/.test(run.stderr) };
}

/** Whether one of `files` holds the HTML report's chart library. */
const holdsChartLibrary = (files: string[]) => files.some((file) => readFileSync(file, "utf8").includes("Chart.js v"));

/** The packages (under node_modules) a `huashu lint` run in `cwd` loaded, and its exit code. */
function packagesLoaded(args: string[], cwd = dir): { code: number | null; packages: string[] } {
  const run = spawnSync(process.execPath, ["--require", join(dir, "probe.cjs"), CLI, "lint", ...args], {
    cwd,
    encoding: "utf8",
  });
  const loaded = JSON.parse(/\nLOADED (.*)$/.exec(run.stderr)?.[1] ?? "[]") as string[];
  const packages = loaded.flatMap((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? []);
  return { code: run.status, packages: [...new Set(packages)] };
}

describe("huashu lint of a one-line script with the built-in packs", () => {
  it("loads no YAML parser, RE2, pinyin or jieba: the packs come from the build's snapshot, no word needs segmenting", () => {
    const { code, packages } = packagesLoaded(["ok.txt"]);
    expect(code).toBe(0);
    // The file walk's packages are in the bundle but picomatch, which fdir requires as it loads.
    expect(packages).toEqual(["picomatch"]);
  });

  it("loads zod and the file walk's packages from the bundle, and not the HTML report's page (for --format html only)", () => {
    const { code, files } = modulesLoaded(["ok.txt"], "stylish.log");
    expect(code).toBe(0);
    expect(files).toContain(CLI);
    expect(files.filter((file) => /\/node_modules\/(zod|tinyglobby|fdir|ignore)\//.test(file))).toEqual([]);
    expect(holdsChartLibrary(files)).toBe(false);
    const html = modulesLoaded(["--format", "html", "ok.txt"], "html.log");
    expect(html.code).toBe(0);
    expect(holdsChartLibrary(html.files)).toBe(true);
  });

  it("loads the YAML parser once there is a config file to read, and pinyin once homophones are on", () => {
    const withConfig = mkdtempSync(join(dir, "config-"));
    writeFileSync(join(withConfig, "huashu.config.yaml"), "matching:\n  homophones: true\n");
    writeFileSync(join(withConfig, "ok.txt"), "好的。\n");
    const { code, packages } = packagesLoaded(["ok.txt"], withConfig);
    expect(code).toBe(0);
    expect(packages).toContain("yaml");
    expect(packages).toContain("pinyin-pro");
  });

  it("loads jieba once a phrase found needs its word boundaries checked", () => {
    writeFileSync(join(dir, "segmented.txt"), "我不知道。\n");
    const { code, packages } = packagesLoaded(["segmented.txt"]);
    expect(code).toBe(1);
    expect(packages).toContain("nodejieba");
  });

  it("loads RE2 once a rule file has a regex", () => {
    writeFileSync(
      join(dir, "regex.yaml"),
      'rules:\n  - id: t.digits\n    type: forbidden\n    phrases: ["不知道"]\n    message: 测试\n  - id: t.regex\n    type: condition\n    message: 测试\n    mustNot: { regex: "\\\\d{11}" }\n',
    );
    const { code, packages } = packagesLoaded(["--rules", "regex.yaml", "ok.txt"]);
    expect(code).toBe(0);
    expect(packages).toContain("re2js");
  });

  it("evaluates no zod: no config, the packs from their snapshot, plain huashu JSON needing no validating", () => {
    writeFileSync(
      join(dir, "calls.jsonl"),
      `${JSON.stringify({ id: "c1", turns: [{ speaker: "agent", text: "好的" }] })}\n`,
    );
    expect(zodEvaluated(["ok.txt"])).toEqual({ code: 0, zod: false });
    expect(zodEvaluated(["calls.jsonl"])).toEqual({ code: 0, zod: false });
  });

  it("evaluates zod once there is a config, a rule file or a transcript to validate", () => {
    const withConfig = mkdtempSync(join(dir, "zod-config-"));
    writeFileSync(join(withConfig, "huashu.config.yaml"), "failLevel: warning\n");
    writeFileSync(join(withConfig, "ok.txt"), "好的。\n");
    expect(zodEvaluated(["ok.txt"], withConfig).zod).toBe(true);
    writeFileSync(join(dir, "rule.yaml"), "rules:\n  - { id: t.wei, type: forbidden, phrases: [喂], message: 测试 }\n");
    expect(zodEvaluated(["--rules", "rule.yaml", "ok.txt"]).zod).toBe(true);
    writeFileSync(join(dir, "odd.json"), JSON.stringify({ turns: [{ speaker: "agent", text: "好的", start: "820" }] }));
    expect(zodEvaluated(["odd.json"])).toEqual({ code: 0, zod: true });
  });
});
