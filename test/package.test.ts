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
