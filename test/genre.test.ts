import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinRules, lintSync, parseScript } from "../src/index.js";

/**
 * The genre of 服务忌语, as test/data/genre-dev.txt lists it: each `+` sentence said by an agent
 * is flagged by the built-in packs (at warning or error: the info-level 你 → 您 does not count),
 * and no `-` sentence is. A regression check of the packs' constructions, not their measure: that
 * is `huashu eval` on labelled speech (docs/eval.md).
 */
const lines = readFileSync(new URL("data/genre-dev.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => /^[+-] /.test(line))
  .map((line) => ({ taboo: line.startsWith("+"), text: line.slice(2) }));

describe("the built-in packs know the genre of 服务忌语", () => {
  const rules = builtinRules();
  const flagged = (text: string) =>
    lintSync(parseScript(`坐席:${text}`), { rules })
      .violations.filter((violation) => violation.severity !== "info")
      .map((violation) => `${violation.ruleId}「${violation.text}」`);

  it("flag every taboo sentence of the list", () => {
    const taboos = lines.filter((line) => line.taboo);
    expect(taboos.length).toBeGreaterThan(400);
    expect(taboos.filter((line) => flagged(line.text).length === 0).map((line) => line.text)).toEqual([]);
  });

  it("flag none of the polite near-misses", () => {
    const polite = lines.filter((line) => !line.taboo);
    expect(polite.length).toBeGreaterThan(150);
    expect(polite.map((line) => [line.text, flagged(line.text)]).filter(([, found]) => found!.length > 0)).toEqual([]);
  });
});
