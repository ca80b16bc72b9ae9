import { describe, expect, it } from "vitest";
import { HuashuError, parseRules } from "../src/index.js";
import { parseSavedResults } from "../src/report/saved-results.js";
import { assertTranscript } from "../src/transcript/validate.js";
import { jsonErrorInChinese, yamlErrorInChinese } from "../src/util/chinese-errors.js";

/** The messages of what `run` throws, which must be a HuashuError. */
function messages(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HuashuError);
    return (error as HuashuError).diagnostics.map((diagnostic) => diagnostic.message);
  }
  throw new Error("nothing was thrown");
}

/** Latin words in a message other than the formats' names and the rule file's own keys. */
const english = (message: string) =>
  message
    .replace(/\b(YAML|JSON|Tab|rules\[\d+\]\.\w+|NaN|huashu|lint|format|json|worker|result|transcript)\b/g, "")
    .match(/[A-Za-z]{3,}/g);

describe("parser and schema errors reach QA staff in Chinese", () => {
  it.each([
    ["rules:\n  - id: a\n    phrases: [1,\n   b: 2\n- x", "缩进"],
    ["rules:\n  - id: a: b", "多个“键: 值”"],
    ["rules:\n\t- id: a", "Tab"],
    ["rules: []\nrules: []", "键重复"],
    ['rules:\n  - id: "a', "缺少字符"],
  ])("YAML syntax errors: %j", (yaml, words) => {
    const found = messages(() => parseRules(yaml, "r.yaml"));
    expect(found.join("\n")).toContain(words);
    for (const message of found) expect(english(message), message).toBeNull();
  });

  it("zod's type names are translated", () => {
    const found = messages(() =>
      parseRules("rules:\n  - id: r\n    type: forbidden\n    phrases: 1\n    message: m\n", "r.yaml"),
    );
    expect(found.join("\n")).toMatch(/期望 数组/);
    for (const message of found) expect(english(message), message).toBeNull();
    const transcript = messages(() => assertTranscript({ turns: [{ speaker: "agent", text: 1 }] }));
    expect(transcript.join("\n")).toContain("字符串");
  });

  it("JSON syntax errors say where, in Chinese", () => {
    const { problems } = parseSavedResults('[{"file": "a", }]', "out.json");
    expect(problems[0]!.message).toMatch(/JSON 语法错误\(第 \d+ 个字符\)/);
    expect(english(problems[0]!.message)).toBeNull();
    expect(parseSavedResults('{"file":', "out.jsonl").problems[0]!.message).toContain("JSON 不完整");
    let thrown: unknown;
    try {
      JSON.parse("{oops}");
    } catch (error) {
      thrown = error;
    }
    expect(jsonErrorInChinese(thrown)).toBe("JSON 语法错误(第 2 个字符)");
  });

  it("an unknown yaml error code still reads as Chinese", () => {
    expect(yamlErrorInChinese("SOMETHING_NEW")).toBe("无法解析");
  });
});
