import { describe, expect, it } from "vitest";
import { parseScript } from "../src/index.js";

describe("parseScript", () => {
  it("reads role prefixes with ASCII or full-width colons and keeps text positions", () => {
    const script = "坐席:您好\n客户：我要查话费\n\n用户: 好的\n客服 ： 请稍等\n谢谢您的耐心等待";
    expect(parseScript(script).turns).toEqual([
      { speaker: "agent", text: "您好", source: { line: 1, column: 4 } },
      { speaker: "customer", text: "我要查话费", source: { line: 2, column: 4 } },
      { speaker: "customer", text: "好的", source: { line: 4, column: 5 } },
      { speaker: "agent", text: "请稍等", source: { line: 5, column: 6 } },
      { speaker: "agent", text: "谢谢您的耐心等待", source: { line: 6, column: 1 } },
    ]);
  });

  it("handles CRLF line ends and a byte-order mark", () => {
    expect(parseScript("\uFEFF您好\r\n客户:嗯\r\n").turns.map((t) => [t.speaker, t.text, t.source?.line])).toEqual([
      ["agent", "您好", 1],
      ["customer", "嗯", 2],
    ]);
  });

  it("treats an unknown prefix as part of the agent's text", () => {
    expect(parseScript("备注:请先核实身份").turns[0]).toMatchObject({ speaker: "agent", text: "备注:请先核实身份" });
  });

  it("skips # comment lines, keeping the line numbers of the rest", () => {
    const script = "# 培训材料:反例\n坐席:您好\n  # 注释:喂\n客户:喂\n";
    expect(parseScript(script).turns.map((t) => [t.speaker, t.text, t.source?.line])).toEqual([
      ["agent", "您好", 2],
      ["customer", "喂", 4],
    ]);
  });
});
