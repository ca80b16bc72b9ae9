import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { builtinRules } from "../src/index.js";
import { cacheSettings } from "../src/project/cache.js";
import { configSchema } from "../src/project/config.js";
import { configReadOptions, lintJob, type LintJob } from "../src/project/lint-file.js";
import { huashu } from "./helpers/cli.js";

// `huashu lint --cache`: a hit must give what linting again would, so every input of a result
// is in the cache key; a damaged cache is ignored with a warning and rewritten.

/** Tests that run the CLI several times (each run loads jieba) get more than the default minute. */
const MANY_RUNS = { timeout: 240_000 };

/** A folder with a config (`config` as its text) and one script whose 不嗯知道 only matches through the filler. */
function project(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-cache-"));
  writeFileSync(join(dir, "huashu.config.yaml"), config);
  writeFileSync(join(dir, "call.txt"), "坐席:您好,请问有什么可以帮您?\n坐席:这个我不嗯知道\n");
  return dir;
}

const CACHE = (dir: string) => join(dir, ".huashu-cache/lint.json");

describe("the cache key", () => {
  const rules = builtinRules();
  const config = configSchema.parse({});
  const job = (flags: Partial<LintJob> = {}): LintJob => ({
    ...lintJob(rules, [], config, configReadOptions(config), { project: "/p" }),
    ...flags,
  });
  const key = (changed: LintJob, version = "1.0.0") => cacheSettings(changed, version);

  it("changes with every input of a result: rules, scoring, matching, reading, directives, fixes, project, turns kept, huashu's version", () => {
    const base = key(job());
    expect(key(job())).toBe(base);
    const changed = {
      rules: key(job({ rules: job().rules.slice(1) })),
      severity: key(
        job({
          rules: job().rules.map((rule, i) =>
            i === 0 ? { ...rule, severity: rule.severity === "info" ? "error" : "info" } : rule,
          ),
        }),
      ),
      scoring: key(job({ scoring: { ...rules.scoring, pass: rules.scoring.pass - 1 } })),
      matching: key(job({ matching: { ...rules.matching, fillersInScripts: true } })),
      homophones: key(job({ matching: { ...rules.matching, homophones: true } })),
      read: key(job({ read: { ...job().read, encoding: "gbk" } })),
      directives: key(job({ directives: { ...job().directives, requireReason: true } })),
      fix: key(job({ fix: true })),
      project: key(job({ project: "/q" })),
      keepTurns: key(job({ keepTurns: true })),
      version: key(job(), "1.0.1"),
    };
    for (const [what, changedKey] of Object.entries(changed)) expect(changedKey, what).not.toBe(base);
  });
});

describe("huashu lint --cache misses when", () => {
  it("the config turns on matching through fillers in scripts", MANY_RUNS, () => {
    const dir = project('rules: ["builtin:taboo"]\n');
    expect(huashu(["lint", "--cache", "call.txt"], { cwd: dir })).toMatchObject({ code: 0 });
    writeFileSync(join(dir, "huashu.config.yaml"), 'rules: ["builtin:taboo"]\nmatching: { fillersInScripts: true }\n');
    const fresh = huashu(["lint", "call.txt"], { cwd: dir });
    expect(fresh.code).toBe(1);
    expect(huashu(["lint", "--cache", "call.txt"], { cwd: dir })).toEqual(fresh);
  });

  it("the report shows the conversation (html) after a run that did not keep it (json)", MANY_RUNS, () => {
    const dir = project('rules: ["builtin:taboo"]\n');
    huashu(["lint", "--cache", "-f", "json", "call.txt"], { cwd: dir });
    const html = huashu(["lint", "--cache", "-f", "html", "call.txt"], { cwd: dir }).stdout;
    const packed = /<script type="application\/octet-stream" id="report-data">([^<]*)</.exec(html)![1]!;
    const data = JSON.parse(gunzipSync(Buffer.from(packed, "base64")).toString("utf8")) as { hasTurns: boolean };
    expect(data.hasTurns).toBe(true);
  });
});

describe("huashu lint --cache with a damaged entry", () => {
  it.each([
    ["results [{}]", (entry: Record<string, unknown>) => (entry.results = [{}])],
    ["results [null]", (entry: Record<string, unknown>) => (entry.results = [null])],
    ["no contexts", (entry: Record<string, unknown>) => delete entry.contexts],
    [
      "a violation without its place",
      (entry: { results: Array<{ violations: object[] }> }) => (entry.results[0]!.violations = [{}]),
    ],
    ["a file name that is no string", (entry: Record<string, unknown>) => (entry.file = 5)],
  ])("(%s) ignores the cache with a warning, lints again and rewrites it", MANY_RUNS, (_, damage) => {
    const dir = project("failLevel: warning\n");
    const plain = huashu(["lint", "-f", "json", "call.txt"], { cwd: dir });
    huashu(["lint", "--cache", "-f", "json", "call.txt"], { cwd: dir });
    const cache = JSON.parse(readFileSync(CACHE(dir), "utf8")) as { entries: Record<string, { linted: never }> };
    for (const entry of Object.values(cache.entries)) damage(entry.linted);
    writeFileSync(CACHE(dir), JSON.stringify(cache));
    const run = huashu(["lint", "--cache", "-f", "json", "call.txt"], { cwd: dir });
    expect(run.stderr).toBe(`${CACHE(dir)} 警告: 缓存文件已损坏或来自其他版本,已忽略,将重新生成\n`);
    expect(run).toMatchObject({ code: plain.code, stdout: plain.stdout });
    // Rewritten: the next run uses it without a word.
    expect(huashu(["lint", "--cache", "-f", "json", "call.txt"], { cwd: dir })).toEqual({ ...plain, stderr: "" });
  });
});
