import { describe, expect, it } from "vitest";
import * as huashu from "../src/index.js";
import {
  DEFAULT_FILLERS,
  DEFAULT_MATCHING,
  DEFAULT_SCORING,
  DEFAULT_SPEAKER_MAP,
  INPUT_FORMATS,
  lintSync,
  parseRules,
  parseSpeakerMap,
  parseTranscripts,
} from "../src/index.js";

/** Paths (`a.b[0]`) of the objects and arrays inside `value`, itself included, that are not frozen. */
function unfrozen(value: object, path: string): string[] {
  const own = Object.isFrozen(value) ? [] : [path];
  return own.concat(
    Object.entries(value).flatMap(([key, inner]) =>
      typeof inner === "object" && inner !== null ? unfrozen(inner, `${path}.${key}`) : [],
    ),
  );
}

// Phrases match as plain substrings (boundary: none), so no test here loads jieba.
const RULES = `
rules:
  - { id: w, type: forbidden, phrases: [喂], boundary: none, message: m }
  - { id: i, type: forbidden, phrases: [哦], boundary: none, severity: info, message: m }
`;

describe("the defaults the package exports", () => {
  it("are every one frozen, nested objects and arrays included", () => {
    const constants = Object.entries(huashu).filter(([, value]) => typeof value === "object" && value !== null);
    expect(constants.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "DEFAULT_SCORING",
        "DEFAULT_MATCHING",
        "DEFAULT_FILLERS",
        "INPUT_FORMATS",
        "DEFAULT_SPEAKER_MAP",
      ]),
    );
    expect(constants.flatMap(([name, value]) => unfrozen(value as object, name))).toEqual([]);
  });

  it("refuse changes, top-level and nested: an assignment throws (ES modules are strict)", () => {
    const writable = <T>(value: T) => value as { -readonly [K in keyof T]: T[K] };
    expect(() => (writable(DEFAULT_SCORING).pass = 0)).toThrow(TypeError);
    expect(() => (writable(DEFAULT_SCORING.defaults).error = 50)).toThrow(TypeError);
    expect(() => (writable(DEFAULT_MATCHING).homophones = true)).toThrow(TypeError);
    expect(() => (DEFAULT_MATCHING.fillers.anywhere as string[]).push("哦")).toThrow(TypeError);
    expect(() => (DEFAULT_FILLERS.alone as string[]).splice(0)).toThrow(TypeError);
    expect(() => ((DEFAULT_SPEAKER_MAP as Record<string, string>)["0"] = "customer")).toThrow(TypeError);
    expect(() => delete (INPUT_FORMATS as Record<string, unknown>).srt).toThrow(TypeError);
  });

  it("leave later lints, scores and speaker maps as they were after a failed change", () => {
    const script = "坐席:喂,哦";
    const before = lintSync(script, { rules: parseRules(RULES) });
    expect(before).toMatchObject({ score: 90, passed: true, errorCount: 1, infoCount: 1 });
    expect(() => ((DEFAULT_SCORING.defaults as { error: number }).error = 100)).toThrow(TypeError);
    expect(() => (DEFAULT_MATCHING.fillers.anywhere as string[]).push("喂")).toThrow(TypeError);
    expect(lintSync(script, { rules: parseRules(RULES) })).toEqual(before);
    expect(() => ((DEFAULT_SPEAKER_MAP as Record<string, string>).spk_0 = "customer")).toThrow(TypeError);
    const [call] = parseTranscripts('{"turns":[{"speaker":"spk_0","text":"您好"}]}', { format: "json" });
    expect(call!.turns[0]!.speaker).toBe("agent");
  });

  it("are copied, never changed, where a rule file, the config or a speaker map customises them", () => {
    const custom = parseRules(`${RULES}scoring: { base: 50, pass: 20, defaults: { error: 20 } }\n`).withMatching({
      homophones: true,
      fillers: { anywhere: ["哦"], alone: [] },
    });
    expect(custom.scoring).toEqual({ base: 50, pass: 20, defaults: { error: 20, warning: 3, info: 0 } });
    expect(lintSync("坐席:喂", { rules: custom }).score).toBe(30);
    expect(DEFAULT_SCORING).toEqual({ base: 100, pass: 60, defaults: { error: 10, warning: 3, info: 0 } });
    expect(DEFAULT_MATCHING).toMatchObject({ homophones: false, fillers: { anywhere: ["嗯", "呃", "唔"] } });
    const speakers = parseSpeakerMap("0=customer");
    expect([speakers["0"], DEFAULT_SPEAKER_MAP["0"]]).toEqual(["customer", "agent"]);
  });
});
