import { describe, expect, it } from "vitest";
import { reporters } from "../src/report/index.js";
import { result, violation } from "./helpers/results.js";

describe("reporters", () => {
  it("github: escapes %, newlines, and , and : in properties; info is a notice", () => {
    const out = reporters.github([
      result("a,b:c%.txt", [violation({ severity: "info", message: "50%\n换行", suggestion: undefined })]),
    ]);
    expect(out).toBe(
      "::notice file=a%2Cb%3Ac%25.txt,line=1,col=4,endLine=1,endColumn=5,title=huashu taboo.wei::50%25%0A换行  原文: “喂”\n",
    );
  });

  it("checkstyle and junit: escape XML and drop characters XML cannot hold", () => {
    const bad = violation({ message: `<"&'>\u0001` });
    expect(reporters.checkstyle([result("x&y.txt", [bad])])).toContain('<file name="x&amp;y.txt">');
    expect(reporters.checkstyle([result("x.txt", [bad])])).toContain('message="&lt;&quot;&amp;&apos;&gt;  原文');
    const junit = reporters.junit([result("x.txt", [bad, violation({ line: 2 })])], { rules: [] });
    expect(junit).toContain('<testsuite name="x.txt" tests="1" failures="1"');
    expect(junit).toContain("x.txt:1:4 &lt;&quot;&amp;&apos;&gt;  原文: “喂”  → 规范用语: 您好\nx.txt:2:4");
  });

  it("markdown: escapes pipes, keeps rows on one line, and lists at most 200 rows", () => {
    const many = Array.from({ length: 205 }, (_, i) => violation({ line: i + 1, text: "a|b\nc" }));
    const out = reporters.markdown([result("x.txt", many)]);
    expect(out).toContain("| x.txt:1:4 | 错误 | `taboo.wei` | 不能用“喂” | “a\\|b / c” | 您好 |");
    expect(out.split("\n").filter((line) => line.startsWith("| x.txt"))).toHaveLength(200);
    expect(out).toContain("另有 5 个问题未列出。");
    expect(reporters.markdown([result("x.txt", [])])).toBe("## huashu 话术检查\n\n✔ 未发现问题,检查了 1 个文件\n");
    expect(reporters.markdown([result("x.txt", [violation({ detail: "静音 12.5 秒" })])])).toContain(
      "| 不能用“喂”(静音 12.5 秒) |",
    );
  });

  it("never give the all-clear after a 不合格 verdict or when inputs failed, nor say 未发现问题 of no file", () => {
    const hidden = result("x.txt", [], { score: 60, passed: false, baselined: 3 });
    expect(reporters.stylish([hidden, result("y.txt", [])])).toBe(
      "x.txt  得分 60,不合格\ny.txt  得分 100,合格\n⚠ 没有列出的问题,但 1 通不合格,检查了 2 个文件;基线中的 3 个已知问题未列出\n",
    );
    expect(reporters.stylish([], { failedInputs: 1 })).toBe("\n✖ 1 个输入无法检查(见错误输出);没有检查任何文件\n");
    expect(reporters.markdown([result("x.txt", [])], { failedInputs: 1 })).toContain(
      "✖ 1 个输入无法检查(见错误输出);检查了 1 个文件,其中未发现问题",
    );
  });

  it("quote the matched words or the searched window as the violation says, whatever its rule type", () => {
    const window = violation({ type: "response", region: "window", text: "客户:投诉\n坐席:好的" });
    const match = violation({ type: "response", region: "match", text: "随便" });
    const out = reporters.stylish([result("x.txt", [window, match])]);
    expect(out).toContain("检查范围: “客户:投诉 / 坐席:好的”");
    expect(out).toContain("原文: “随便”");
  });

  it("stylish: ANSI colours only when asked", () => {
    const results = [result("x.txt", [violation({ severity: "warning" })])];
    expect(reporters.stylish(results)).not.toContain("\u001b[");
    expect(reporters.stylish(results, { color: true })).toContain("\u001b[33m警告\u001b[0m");
  });

  it("sarif: fingerprints count repeated matches per transcript, and stay distinct when a file repeats a transcript id", () => {
    const fingerprints = (results: ReturnType<typeof result>[]) =>
      JSON.parse(reporters.sarif(results)).runs[0].results.map(
        (entry: { partialFingerprints: Record<string, string> }) => entry.partialFingerprints["huashuMatch/v1"],
      ) as string[];
    const wei = violation();
    const alone = fingerprints([result("calls.jsonl", [wei, wei], { id: "c1" })]);
    expect(new Set(alone).size).toBe(2);
    // Another transcript of the file does not change how the first one's matches are counted.
    const two = fingerprints([
      result("calls.jsonl", [wei, wei], { id: "c1" }),
      result("calls.jsonl", [wei], { id: "c2" }),
    ]);
    expect(two.slice(0, 2)).toEqual(alone);
    expect(two[2]).not.toBe(alone[0]);
    // The same id twice in one file: still five results, five fingerprints.
    const repeated = fingerprints([
      result("calls.jsonl", [wei, wei], { id: "c1" }),
      result("calls.jsonl", [wei], { id: "c2" }),
      result("calls.jsonl", [wei, wei], { id: "c1" }),
    ]);
    expect(repeated.slice(0, 3)).toEqual(two);
    expect(new Set(repeated).size).toBe(5);
  });

  it("sarif: rules seen only in results still get a descriptor; absolute paths become file URIs", () => {
    const log = JSON.parse(
      reporters.sarif([result("/tmp/通话 1.txt", [violation({ ruleId: "huashu/unused-disable", type: "directive" })])]),
    );
    expect(log.runs[0].tool.driver.rules).toMatchObject([{ id: "huashu/unused-disable" }]);
    expect(log.runs[0].results[0]).toMatchObject({ ruleIndex: 0, level: "error" });
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: "file:///tmp/%E9%80%9A%E8%AF%9D%201.txt",
    });
  });
});
