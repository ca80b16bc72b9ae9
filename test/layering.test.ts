import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
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

/** An import of one source file by another, both relative to src/. */
interface Import {
  from: string;
  to: string;
}

/**
 * Every relative import in src/ of another file of src/, as `.ts` or `.js` files (a `?raw` import
 * of a package's file is not one, nor is an example in a comment of a file that does not exist).
 */
function allImports(): Import[] {
  const existing = (path: string) =>
    [path, path.replace(/\.js$/, ".ts")].find((candidate) => existsSync(join(SRC, candidate)));
  return sourcesIn(".", [".ts", ".js"]).flatMap((from) =>
    importsOf(from).flatMap((target) => {
      const to = existing(target.replace(/\?.*$/, ""));
      return to === undefined || to.startsWith("..") ? [] : [{ from, to }];
    }),
  );
}

/** The unit a source file belongs to: its folder under src/, or its own name when directly in src/. */
function unitOf(file: string): string {
  const [first, ...rest] = file.split(sep);
  return rest.length > 0 ? first! : first!.replace(/(\.d)?\.[jt]s$/, "");
}

/** The floor of each unit, as the table of docs/architecture.md gives them. */
function floorsFromDocs(): Map<string, number> {
  const text = readFileSync(join(ROOT, "docs", "architecture.md"), "utf8");
  const floors = new Map<string, number>();
  for (const [, floor, units] of text.matchAll(/^\|\s*(\d+)\s*\|([^|]+)\|/gm))
    for (const unit of units!.split(",")) floors.set(unit.trim(), Number(floor));
  return floors;
}

/** The imports that break the floors: into a higher floor, sideways into another unit of the same floor, or of a unit the table does not place. */
function importsAgainstFloors(imports: readonly Import[], floors: ReadonlyMap<string, number>): string[] {
  return imports.flatMap(({ from, to }) => {
    const [fromUnit, toUnit] = [unitOf(from), unitOf(to)];
    if (fromUnit === toUnit) return [];
    const [fromFloor, toFloor] = [floors.get(fromUnit), floors.get(toUnit)];
    if (fromFloor === undefined || toFloor === undefined) return [`${from} → ${to}: not in docs/architecture.md`];
    return toFloor < fromFloor ? [] : [`${from} (floor ${fromFloor}) → ${to} (floor ${toFloor})`];
  });
}

/** Files that import each other, directly or through others: each circle as its files (Tarjan's algorithm). */
function importCircles(imports: readonly Import[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of imports) next.set(from, [...(next.get(from) ?? []), to]);
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string) => {
    order.set(file, order.size);
    low.set(file, order.get(file)!);
    stack.push(file);
    for (const target of next.get(file) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (stack.includes(target)) low.set(file, Math.min(low.get(file)!, order.get(target)!));
    }
    if (low.get(file) !== order.get(file)) return;
    const circle = stack.splice(stack.indexOf(file));
    if (circle.length > 1 || next.get(file)?.includes(file)) circles.push(circle.sort());
  };
  for (const file of next.keys()) if (!order.has(file)) visit(file);
  return circles;
}

describe("the floors of docs/architecture.md", () => {
  const floors = floorsFromDocs();
  const imports = allImports();

  it("place every unit of src/", () => {
    expect(floors.get("cli")).toBeGreaterThan(floors.get("lsp")!);
    const units = new Set(imports.flatMap(({ from, to }) => [unitOf(from), unitOf(to)]));
    expect([...units].filter((unit) => !floors.has(unit))).toEqual([]);
  });

  it("hold: every import in src/ goes down, to a lower floor or within its own unit", () => {
    expect(imports.length).toBeGreaterThan(300);
    expect(importsAgainstFloors(imports, floors)).toEqual([]);
  });

  it("are enforced: an import that runs back up, or sideways, is reported", () => {
    const upward = { from: join("lsp", "server.ts"), to: join("cli", "lint-command.ts") };
    const sideways = { from: join("project", "walk.ts"), to: join("eval", "labels.ts") };
    const down = { from: join("lsp", "server.ts"), to: join("project", "project.ts") };
    expect(importsAgainstFloors([upward, sideways, down], floors)).toEqual([
      `${upward.from} (floor 8) → ${upward.to} (floor 9)`,
      `${sideways.from} (floor 7) → ${sideways.to} (floor 7)`,
    ]);
  });

  it("leave the language server and the command line sharing no imports of each other's code", () => {
    expect(importsInto("lsp", "cli")).toEqual([]);
  });
});

describe("imports between files", () => {
  it("form no circle (the engine's context, types and violations included)", () => {
    expect(importCircles(allImports())).toEqual([]);
  });

  it("are searched for circles, which would see one", () => {
    const circle = [
      { from: "engine/context.ts", to: "engine/types.ts" },
      { from: "engine/types.ts", to: "engine/violation.ts" },
      { from: "engine/violation.ts", to: "engine/context.ts" },
      { from: "engine/lint.ts", to: "engine/context.ts" },
    ];
    expect(importCircles(circle)).toEqual([["engine/context.ts", "engine/types.ts", "engine/violation.ts"]]);
  });
});

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
