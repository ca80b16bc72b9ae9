import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

/** Runs a snippet in a fresh Node process at the repository root. */
function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
}

const SNIPPET = `
const rules = huashu.parseRules("rules:\\n  - { id: w, type: forbidden, phrases: [喂], message: m }");
huashu.lint("喂,说话呀", { rules }).then((r) => console.log(r.violations.map((v) => v.ruleId + ":" + v.text).join()));
`;

describe("package entry points", () => {
  it("loads through require() from the CommonJS build", () => {
    const run = node(["-e", `const huashu = require("huashu");${SNIPPET}`]);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("w:喂");
  });

  it("loads through import from the ES module build", () => {
    const run = node(["--input-type=module", "-e", `import * as huashu from "huashu";${SNIPPET}`]);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("w:喂");
  });
});

describe("the package's build and tarball", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

  it("builds with prepare, which npm runs on install from a git URL or a clone and before packing, and only there", () => {
    expect(manifest.scripts.prepare).toBe("npm run build");
    // prepack would build a second time on pack; an install script would run in every app that installs the tarball.
    for (const script of ["prepack", "preinstall", "install", "postinstall"])
      expect(manifest.scripts[script]).toBeUndefined();
  });

  it("keeps dist/ out of git: built, never committed", () => {
    const tracked = spawnSync("git", ["ls-files", "dist"], { cwd: ROOT, encoding: "utf8" });
    expect(tracked.status).toBe(0);
    expect(tracked.stdout).toBe("");
    expect(readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n")).toContain("dist/");
  });

  it("packs the build, the rules, the schema, the examples, the README and the licence, and nothing else", () => {
    // --ignore-scripts: the list of what the last build left, without building again under the other tests.
    const packed = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(packed.status, packed.stderr).toBe(0);
    const files = (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map(
      (file) => file.path,
    );
    const tops = [...new Set(files.map((path) => path.split("/")[0]))].sort();
    expect(tops).toEqual(["LICENSE", "README.md", "dist", "fixtures", "package.json", "rules", "schemas"]);
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/cli.js",
        "dist/index.js",
        "dist/index.cjs",
        "dist/index.d.ts",
        "dist/lint-worker.js",
        "dist/builtin-rules.json",
        "dist/builtin-automaton.bin",
        "dist/builtin-wordings.json",
        "rules/taboo.yaml",
        "schemas/script.schema.json",
        "fixtures/examples/bad-call.txt",
      ]),
    );
    expect(files.filter((path) => /write-builtin-snapshot|^fixtures\/(?!examples\/)/.test(path))).toEqual([]);
  });
});

describe("the published declarations (dist/index.d.ts)", () => {
  const declarations = () => readFileSync(join(ROOT, "dist/index.d.ts"), "utf8");
  /** The names of the final `export { … }` of the declarations, `type X` for types. */
  const declared = () =>
    /export \{([^}]*)\};\s*$/
      .exec(declarations())![1]!
      .split(",")
      .map((name) => name.trim());

  it("declare exactly the values the build exports, and RuleSet and StreamSession as types only", async () => {
    const runtime = Object.keys(await import(pathToFileURL(join(ROOT, "dist/index.js")).href));
    expect(
      declared()
        .filter((name) => !name.startsWith("type "))
        .sort(),
    ).toEqual(runtime.sort());
    expect(declared()).toEqual(
      expect.arrayContaining([
        "lint",
        "lintSync",
        "type LintOptions",
        "type RuleSet",
        "type StreamSession",
        "stylish",
        "applyFixes",
      ]),
    );
  });

  it("leave out internal members and helpers", () => {
    const text = declarations();
    for (const internal of [
      "PhraseIndex",
      "HomophoneIndex",
      "FillerMatcher",
      "LintContext",
      "LintRules",
      "fillersFor",
      "homophonesFor",
      "resolveSpeaker",
      "isKnownEncoding",
      "function normalise",
    ]) {
      expect(text, internal).not.toContain(internal);
    }
    expect(text).not.toMatch(/constructor\(rules/);
  });
});
