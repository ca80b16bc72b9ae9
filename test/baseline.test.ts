import { describe, expect, it } from "vitest";
import type { Violation } from "../src/index.js";
import { createBaseline, newViolations, type BaselineCandidate } from "../src/suppress/baseline.js";

function candidate(ruleId: string, text: string, context: string, line: number, file = "a.txt"): BaselineCandidate {
  const violation: Violation = {
    ruleId,
    type: "forbidden",
    severity: "error",
    message: "m",
    speaker: "agent",
    turn: line - 1,
    line,
    column: 1,
    endLine: line,
    endColumn: 1 + text.length,
    text,
    region: "match",
  };
  return { file, violation, context };
}

describe("baseline", () => {
  it("counts identical violations and sorts entries, without line numbers", () => {
    const baseline = createBaseline([
      candidate("w", "喂", "喂喂", 5),
      candidate("a", "不知道", "我不知道", 1),
      candidate("w", "喂", "喂喂", 9),
    ]);
    expect(baseline).toEqual({
      version: 1,
      violations: [
        { ruleId: "a", file: "a.txt", text: "不知道", context: "我不知道", count: 1 },
        { ruleId: "w", file: "a.txt", text: "喂", context: "喂喂", count: 2 },
      ],
    });
  });

  it("matches known violations wherever they moved, and flags extra occurrences and other contexts as new", () => {
    const baseline = createBaseline([candidate("w", "喂", "喂,你好", 1), candidate("w", "喂", "喂,在吗", 2)]);
    const later = [
      candidate("w", "喂", "喂,在吗", 20),
      candidate("w", "喂", "喂,你好", 30),
      candidate("w", "喂", "喂,你好", 31),
      candidate("w", "喂", "喂,听得到吗", 32),
      candidate("w", "喂", "喂,在吗", 2, "b.txt"),
    ];
    expect(newViolations(later, baseline)).toEqual([false, false, true, true, true]);
  });
});
