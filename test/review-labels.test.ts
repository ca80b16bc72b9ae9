import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  builtinRules,
  labelsJsonl,
  lintSync,
  parseLabels,
  reviewedCallLine,
  reviewedTurnLine,
  ruleCategory,
  type Transcript,
} from "../src/index.js";
import { CORPUS_PATH, HAS_CORPUS, LABELS_PATH } from "./helpers/corpus.js";

const dontKnow = { id: "taboo.not-clear", tags: ["服务忌语", "不确定答复"] };
const nin = { id: "courtesy.nin", tags: ["避免用语", "称呼"] };
const turn = { id: "call-0001", turn: 3, text: "这个我不清楚,你问别人吧" };

describe("reviewedTurnLine", () => {
  it("makes a turn with a confirmed hit a violation of the rule's category, listing every marked hit", () => {
    const line = reviewedTurnLine({
      ...turn,
      hits: [
        { rule: dontKnow, mark: "confirmed" },
        { rule: nin, mark: "rejected" },
      ],
      reviewer: "王芳",
      note: "没有说会去查",
    });
    expect(line).toEqual({
      ...turn,
      label: "violation",
      category: "dont-know",
      note: "没有说会去查",
      reviewer: "王芳",
      hits: { "taboo.not-clear": "confirmed", "courtesy.nin": "rejected" },
    });
  });

  it("makes a turn whose hits are all rejected clean", () => {
    expect(
      reviewedTurnLine({
        ...turn,
        hits: [
          { rule: dontKnow, mark: "rejected" },
          { rule: dontKnow, mark: "rejected" },
        ],
      }),
    ).toEqual({ ...turn, label: "clean", hits: { "taboo.not-clear": "rejected" } });
  });

  it("makes a turn marked as missed a violation of the reviewer's category, with the words", () => {
    expect(reviewedTurnLine({ ...turn, hits: [], missed: "shirk", span: "你问别人吧" })).toEqual({
      ...turn,
      label: "violation",
      category: "shirk",
      span: "你问别人吧",
    });
  });

  it("lets the reviewer's category win over the rule's, and a rule with one hit confirmed count as confirmed", () => {
    const line = reviewedTurnLine({
      ...turn,
      hits: [{ rule: dontKnow }, { rule: dontKnow, mark: "confirmed" }],
      category: "shirk",
    });
    expect(line).toMatchObject({ label: "violation", category: "shirk", hits: { "taboo.not-clear": "confirmed" } });
  });

  it("decides nothing while nothing is marked, or a hit is not marked and none is confirmed", () => {
    expect(reviewedTurnLine({ ...turn, hits: [{ rule: dontKnow }] })).toBeUndefined();
    expect(reviewedTurnLine({ ...turn, hits: [{ rule: dontKnow, mark: "rejected" }, { rule: nin }] })).toBeUndefined();
    expect(reviewedTurnLine({ ...turn, hits: [] })).toBeUndefined();
  });

  it("writes lines that parseLabels reads back, marks and reviewer included", () => {
    const text = labelsJsonl([
      reviewedTurnLine({ ...turn, hits: [{ rule: { id: "constructor" }, mark: "rejected" }], reviewer: "李" })!,
      reviewedCallLine({ id: "call-0001", rule: "flow.closing.thanks", mark: "confirmed", reviewer: "李" }),
    ]);
    const parsed = parseLabels(text, "review.jsonl");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.labels[0]).toMatchObject({
      label: "clean",
      reviewer: "李",
      marks: new Map([["constructor", "rejected"]]),
    });
    expect(parsed.callLabels[0]).toMatchObject({ rule: "flow.closing.thanks", label: "missing", reviewer: "李" });
  });
});

describe("reviewedCallLine", () => {
  it("makes a confirmed hit of a whole-call rule a missing call, a rejected one a done call", () => {
    expect(reviewedCallLine({ id: "c", rule: "flow.closing.thanks", mark: "confirmed" })).toEqual({
      id: "c",
      rule: "flow.closing.thanks",
      label: "missing",
    });
    expect(reviewedCallLine({ id: "c", rule: "flow.closing.thanks", mark: "rejected", note: "说了谢谢" })).toEqual({
      id: "c",
      rule: "flow.closing.thanks",
      label: "done",
      note: "说了谢谢",
    });
  });
});

describe("ruleCategory", () => {
  it("takes a tag that names a category, then a Chinese tag, then the id's last part, else other", () => {
    expect(ruleCategory({ id: "my.rule", tags: ["服务忌语", "推诿", "rude"] })).toBe("rude");
    expect(ruleCategory({ id: "my.rule", tags: ["服务忌语", "推诿", "拒绝"] })).toBe("shirk");
    expect(ruleCategory({ id: "my.refusal", tags: ["服务忌语"] })).toBe("refusal");
    expect(ruleCategory({ id: "my.rule" })).toBe("other");
  });

  describe.skipIf(!HAS_CORPUS)("on the shared hand labels", () => {
    it("places each built-in rule that flags violation turns in the category most of them have", () => {
      const rules = builtinRules(["taboo", "courtesy"]);
      const labels = new Map(
        parseLabels(readFileSync(LABELS_PATH, "utf8"), LABELS_PATH).labels.map((label) => [
          `${label.id}#${label.turn}`,
          label,
        ]),
      );
      const categories = new Map<string, Map<string, number>>();
      for (const line of readFileSync(CORPUS_PATH, "utf8").trim().split("\n")) {
        const transcript = JSON.parse(line) as Transcript & { id: string };
        const flagged = new Set(
          lintSync(transcript, { rules }).violations.map((violation) => `${violation.ruleId}\u0000${violation.turn}`),
        );
        for (const key of flagged) {
          const [ruleId, turnIndex] = key.split("\u0000") as [string, string];
          const label = labels.get(`${transcript.id}#${turnIndex}`);
          if (label?.label !== "violation") continue;
          const counts = categories.get(ruleId) ?? new Map<string, number>();
          counts.set(label.category!, (counts.get(label.category!) ?? 0) + 1);
          categories.set(ruleId, counts);
        }
      }
      const mostOf = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      const placed = [...categories].map(([ruleId]) => [
        ruleId,
        ruleCategory(rules.rules.find((rule) => rule.id === ruleId)!),
      ]);
      expect(placed.length).toBeGreaterThanOrEqual(10);
      expect(placed).toEqual([...categories].map(([ruleId, counts]) => [ruleId, mostOf(counts)]));
    });
  });
});
