// The forbidden wordings of the built-in packs, as huashu scans for them: for each forbidden
// rule, the normalised patterns of the rule set's one automaton that the rule owns (phrase
// families already expanded). The textlint+prh dictionary, the plain rule file and the
// single-RegExp floor are all generated from this, so the three compare like with like.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { builtinRules } from "../dist/index.js";

/** `[{ id, boundary, wordings }]`, one per forbidden rule of the built-in packs. */
export function forbiddenWordings() {
  const rules = builtinRules();
  return rules.rules
    .filter((rule) => rule.type === "forbidden")
    .map((rule) => ({
      id: rule.id,
      boundary: rule.boundary,
      wordings: rules.phrases.patternsOf(rule).map((id) => rules.phrases.patterns[id]),
    }));
}

/** A huashu rule file with the same wordings as plain forbidden rules: no unless, unlessTurn, window. */
export function plainRuleFile(forbidden = forbiddenWordings()) {
  return stringify({
    rules: forbidden.map(({ id, boundary, wordings }) => ({
      id: `plain.${id}`,
      type: "forbidden",
      message: `忌语(${id})`,
      phrases: wordings,
      ...(boundary ? { boundary } : {}),
    })),
  });
}

/** A prh dictionary (YAML) with one rule per forbidden rule: its wordings, to be replaced by a marker. */
export function prhDictionary(forbidden = forbiddenWordings()) {
  return stringify({
    version: 1,
    rules: forbidden.map(({ id, wordings }) => ({ expected: `〔${id}〕`, patterns: wordings })),
  });
}

/**
 * The floor: one RegExp of every wording. Written as a trie (a branch per character, not one per
 * wording: 103,622 wordings as a flat alternation did not finish a pass in hours), longest first
 * at each branch, so it finds what the flat alternation would.
 */
export function singleRegExp(forbidden = forbiddenWordings()) {
  const root = new Map();
  for (const wording of new Set(forbidden.flatMap((rule) => rule.wordings))) {
    let node = root;
    for (const char of wording) {
      if (!node.has(char)) node.set(char, new Map());
      node = node.get(char);
    }
    node.set("", null);
  }
  const source = (node) => {
    const branches = [...node]
      .filter(([char]) => char !== "")
      .map(([char, child]) => char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + source(child));
    if (branches.length === 0) return "";
    const body = branches.length === 1 ? branches[0] : `(?:${branches.join("|")})`;
    return node.has("") ? `(?:${body})?` : body;
  };
  return new RegExp(source(root), "gu");
}

/** A fresh temporary folder for one benchmark's generated files. */
export function benchDirectory(name) {
  return mkdtempSync(join(tmpdir(), `huashu-bench-${name}-`));
}

/** Writes `text` to `name` in `dir` and returns the path. */
export function writeIn(dir, name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
