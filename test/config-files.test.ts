import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema, defaultConfig } from "../src/project/config.js";
import { MAX_RULE_FILE_BYTES } from "../src/rules/load.js";
import { huashu } from "./helpers/cli.js";

const RULES = "rules:\n  - { id: wei, type: forbidden, phrases: [喂], message: 不说喂 }\n";

function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-config-"));
  writeFileSync(join(dir, "call.txt"), "坐席:喂\n");
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A “billion laughs” YAML document: nine aliases of nine aliases … of a list, under `key`. */
function aliasBomb(key: string): string {
  let yaml = `${key}:\n  - &a0 [x, x, x, x, x, x, x, x, x]\n`;
  for (let level = 1; level <= 9; level++)
    yaml += `  - &a${level} [${Array(9)
      .fill(`*a${level - 1}`)
      .join(", ")}]\n`;
  return yaml;
}

describe("rule and config files that attack the loader", () => {
  it("an alias bomb in huashu.config.yaml is a message at its line and column, exit 2", () => {
    const run = huashu(["lint", "call.txt"], {
      cwd: project({ "huashu.config.yaml": aliasBomb("exclude"), "rules.yaml": RULES }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/huashu\.config\.yaml:3:\d+ YAML 别名/m);
    expect(run.stderr).not.toContain("内部错误");
  });

  it("an alias bomb in a rule file is a message at its line and column, exit 2", () => {
    const run = huashu(["lint", "call.txt", "-r", "rules.yaml"], {
      cwd: project({ "rules.yaml": aliasBomb("rules") }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/rules\.yaml:3:\d+ YAML 别名/m);
  });

  it(`a rule file over ${MAX_RULE_FILE_BYTES / 1048576} MiB is refused before it is parsed`, () => {
    const big = `${RULES}# ${"注".repeat(MAX_RULE_FILE_BYTES / 3)}\n`;
    const run = huashu(["lint", "call.txt", "-r", "rules.yaml"], { cwd: project({ "rules.yaml": big }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\S*\/rules\.yaml 规则文件过大\(4\.0 MiB,上限 4 MiB\)\n$/);
  });

  it("a binary baseline is refused at a line and column without echoing its bytes", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200", "hex");
    const run = huashu(["lint", "call.txt", "-r", "rules.yaml", "--baseline", "known.json"], {
      cwd: project({ "rules.yaml": RULES, "known.json": png }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\S*\/known\.json:\d+:\d+ /);
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000e-\u001f\ufffd]|PNG/);
  });

  it("a baseline of bad JSON or the wrong shape names line and column", () => {
    const broken = huashu(["lint", "call.txt", "-r", "rules.yaml", "--baseline", "known.json"], {
      cwd: project({ "rules.yaml": RULES, "known.json": '{\n  "violations": [1,\n' }),
    });
    expect(broken.stderr).toMatch(/^\S*\/known\.json:3:1 JSON 不完整/);
    const shape = huashu(["lint", "call.txt", "-r", "rules.yaml", "--baseline", "known.json"], {
      cwd: project({ "rules.yaml": RULES, "known.json": '{\n  "version": 1,\n  "violations": 5\n}' }),
    });
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/^\S*\/known\.json:3:\d+ 基线文件格式不对/);
  });
});

describe("without a config file", () => {
  it("the defaults are what the config schema makes of an empty file", () => {
    expect(defaultConfig("/x").config).toEqual(configSchema.parse({}));
  });
});
