import { spawnSync } from "node:child_process";
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
