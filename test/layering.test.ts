import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_TYPE_NAMES } from "../src/rules/registry.js";
import { ROOT } from "./helpers/cli.js";

const SRC = join(ROOT, "src");

/** Every TypeScript (or, with `extensions`, other) file under a directory of src/, as a path relative to src/. */
function sourcesIn(directory: string, extensions = [".ts"]): string[] {
  return readdirSync(join(SRC, directory), { recursive: true, encoding: "utf8" })
    .filter((file) => extensions.some((extension) => file.endsWith(extension)))
    .map((file) => join(directory, file));
}

/**
 * The modules a source file imports or re-exports, type-only ones included, resolved to paths
 * relative to src/ (packages are left out).
 */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => relative(SRC, resolve(SRC, dirname(file), specifier)));
}

/** Files of `from` that import anything under `to`, with what they import. */
function importsInto(from: string, to: string, files = sourcesIn(from)): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((target) => target.startsWith(`${to}/`))
      .map((target) => `${file} → ${target}`),
  );
}

describe("dependencies between src/engine and src/rules", () => {
  it("go one way: no file of src/engine imports src/rules, not even a type", () => {
    expect(importsInto("engine", "rules")).toEqual([]);
  });

  it("are found by the scan, which would see an engine → rules import", () => {
    // The reverse direction exists (rules implement the engine's interfaces): the scan sees it.
    expect(importsInto("rules", "engine")).toContain("rules/registry.ts → engine/context.js");
  });
});

describe("reporters and fixes", () => {
  it("decide from the violations' own fields, never by naming a rule type", () => {
    expect(RULE_TYPE_NAMES).toContain("silence");
    const named = [...sourcesIn("report", [".ts", ".js"]), ...sourcesIn("fix")].flatMap((file) => {
      const text = readFileSync(join(SRC, file), "utf8");
      return RULE_TYPE_NAMES.filter((type) => new RegExp(`["'\`]${type}["'\`]`).test(text)).map(
        (type) => `${file}: "${type}"`,
      );
    });
    expect(named).toEqual([]);
  });
});
