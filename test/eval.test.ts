import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  evaluate,
  evaluateSources,
  parseLabels,
  parseRules,
  type LintedTranscript,
  type Rule,
  type Severity,
  type Transcript,
  type Violation,
} from "../src/index.js";
import { judgesTurns } from "../src/eval/evaluate.js";
import { formatEvalStylish } from "../src/eval/stylish.js";

const FIXTURES = "fixtures/eval";
const LABELS = `${FIXTURES}/labels.jsonl`;
const rules = parseRules(readFileSync(`${FIXTURES}/rules.yaml`, "utf8"), `${FIXTURES}/rules.yaml`).rules;
const labels = parseLabels(readFileSync(LABELS, "utf8"), LABELS).labels;
const CALL_LABELS = `${FIXTURES}/call-labels.jsonl`;
const callLabels = parseLabels(readFileSync(CALL_LABELS, "utf8"), CALL_LABELS).callLabels;
const callRules = parseRules(readFileSync(`${FIXTURES}/call-rules.yaml`, "utf8"), `${FIXTURES}/call-rules.yaml`).rules;
const transcripts = new Map(
  readFileSync(`${FIXTURES}/calls.jsonl`, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Transcript & { id: string })
    .map((transcript) => [transcript.id, transcript]),
);

/** A violation of `ruleId` in a turn of a fixture call, as the engine would report it. */
function hit(
  id: string,
  ruleId: string,
  turn: number,
  text: string,
  severity: Severity = "error",
): { id: string; violation: Violation } {
  const rule = [...rules, ...callRules].find((candidate) => candidate.id === ruleId)!;
  const speaker = transcripts.get(id)!.turns[turn]!.speaker;
  const violation = {
    ruleId,
    type: rule.type,
    severity,
    message: rule.message,
    speaker,
    turn,
    line: turn + 1,
    column: 1,
    endLine: turn + 1,
    endColumn: text.length + 1,
    text,
    region: "match" as const,
  };
  return { id, violation };
}

/** What linting the fixture calls with fixtures/eval/rules.yaml reports (the CLI test checks the real thing). */
const FIXTURE_HITS = [
  hit("c1", "eval.dont-know", 1, "不知道"),
  hit("c1", "eval.complain", 2, "投诉", "warning"),
  hit("c1", "eval.wei", 3, "喂", "info"),
  hit("c3", "eval.dont-know", 0, "不知道"),
  hit("c3", "eval.greeting", 0, "不知道您什么时候方便"),
  hit("c3", "eval.wei", 2, "喂", "info"),
];

function linted(): LintedTranscript[] {
  return [...transcripts.values()].map((transcript) => ({
    id: transcript.id!,
    file: `${FIXTURES}/calls.jsonl`,
    transcript,
    violations: FIXTURE_HITS.filter((hit) => hit.id === transcript.id).map((hit) => hit.violation),
  }));
}

/** What the fixture's whole-call rules report besides: c1 opens without 您好, and its complaint gets no apology. */
const CALL_HITS = [hit("c1", "eval.greeting", 1, "我不知道"), hit("c1", "eval.apology", 3, "喂,您别急", "warning")];

/** {@link linted} with {@link CALL_HITS}, and the notice of eval.hold, which cannot judge calls without times. */
function lintedWithCalls(): LintedTranscript[] {
  return linted().map((item) => ({
    ...item,
    violations: [...item.violations, ...CALL_HITS.filter((hit) => hit.id === item.id).map((hit) => hit.violation)],
    notices: [{ ruleId: "eval.hold", message: "没有时间" }],
  }));
}

describe("parseLabels", () => {
  it("reads one label per line with its position, defaulting the category of a violation and dropping that of a clean turn", () => {
    const text = [
      `{"id": 42, "turn": 1, "label": "violation", "text": "我不知道", "by": "A"}`,
      "",
      `{"id": "c2", "turn": 0, "label": "clean", "category": "shirk", "text": "您好"}`,
    ].join("\n");
    const { labels: parsed, diagnostics } = parseLabels(text, "l.jsonl");
    expect(diagnostics).toEqual([]);
    expect(parsed).toEqual([
      {
        id: "42",
        turn: 1,
        label: "violation",
        category: "other",
        text: "我不知道",
        source: { file: "l.jsonl", line: 1, text: { line: 1, column: 54 } },
      },
      {
        id: "c2",
        turn: 0,
        label: "clean",
        text: "您好",
        source: { file: "l.jsonl", line: 3, text: { line: 3, column: 73 } },
      },
    ]);
  });

  it("reports a line that is not JSON, a wrong value and a turn labelled twice at file:line:column, and keeps the good lines", () => {
    const text = [
      `{"id": "c1", "turn": 1, "label": "violation", "text": "a"}`,
      `{"id": "c1", "turn": 2, "label": "violation" "text": "b"}`,
      `{"id": "c1", "turn": 3, "label": "wrong", "text": "c"}`,
      `{"id": "c1", "turn": 1, "label": "clean", "text": "a"}`,
      `{"id": "c1", "turn": -1, "label": "clean"}`,
    ].join("\n");
    const { labels: parsed, diagnostics } = parseLabels(text, "l.jsonl");
    expect(parsed.map((label) => label.turn)).toEqual([1]);
    expect(diagnostics).toEqual([
      { file: "l.jsonl", line: 2, column: 46, message: expect.any(String) },
      { file: "l.jsonl", line: 3, column: 34, message: expect.stringContaining("label") },
      { file: "l.jsonl", line: 4, column: 22, message: "c1 第 1 轮已在第 1 行标注过" },
      { file: "l.jsonl", line: 5, column: 22, message: expect.stringContaining("turn") },
      { file: "l.jsonl", line: 5, column: 1, message: expect.stringContaining("text") },
    ]);
  });

  it("reads a review's reviewer and hits, and reports a mark other than confirmed or rejected, or a clean turn with a confirmed hit, at file:line:column", () => {
    const text = [
      `{"id": "c1", "turn": 1, "label": "violation", "text": "a", "reviewer": "王芳", "hits": {"eval.dont-know": "confirmed", "constructor": "rejected"}}`,
      `{"id": "c1", "turn": 2, "label": "clean", "text": "b", "hits": {"eval.wei": "maybe"}}`,
      `{"id": "c1", "turn": 3, "label": "clean", "text": "c", "hits": {"eval.wei": "rejected", "eval.dont-know": "confirmed"}}`,
      `{"id": "c1", "turn": 4, "label": "clean", "text": "d", "reviewer": ""}`,
    ].join("\n");
    const { labels: parsed, diagnostics } = parseLabels(text, "r.jsonl");
    expect(parsed).toEqual([
      expect.objectContaining({
        turn: 1,
        reviewer: "王芳",
        marks: new Map([
          ["eval.dont-know", "confirmed"],
          ["constructor", "rejected"],
        ]),
      }),
    ]);
    expect(diagnostics).toEqual([
      { file: "r.jsonl", line: 2, column: 77, message: expect.stringContaining("hits.eval.wei") },
      {
        file: "r.jsonl",
        line: 3,
        column: 107,
        message: "标为 clean 的轮次不能有确认(confirmed)的命中: eval.dont-know",
      },
      { file: "r.jsonl", line: 4, column: 68, message: expect.stringContaining("reviewer") },
    ]);
  });

  it("says so when a file holds no label", () => {
    expect(parseLabels("\n\n", "l.jsonl").diagnostics).toEqual([{ file: "l.jsonl", message: "标注文件为空" }]);
  });

  it("reads a line with a rule instead of a turn as a call label, beside the turn labels", () => {
    const text = [
      `{"id": "c1", "turn": 0, "label": "clean", "text": "您好"}`,
      `{"id": 7, "rule": "flow.closing.thanks", "label": "missing", "note": "ends with 好的"}`,
      `{"id": "c1", "rule": "flow.closing.thanks", "label": "done"}`,
    ].join("\n");
    const parsed = parseLabels(text, "l.jsonl");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.labels.map((label) => label.turn)).toEqual([0]);
    expect(parsed.callLabels).toEqual([
      {
        id: "7",
        rule: "flow.closing.thanks",
        label: "missing",
        note: "ends with 好的",
        source: { file: "l.jsonl", line: 2, rule: { line: 2, column: 20 } },
      },
      {
        id: "c1",
        rule: "flow.closing.thanks",
        label: "done",
        source: { file: "l.jsonl", line: 3, rule: { line: 3, column: 23 } },
      },
    ]);
  });

  it("reports a call label with another verdict, or a call labelled twice for one rule, and keeps the others", () => {
    const text = [
      `{"id": "c1", "rule": "flow.closing.thanks", "label": "clean"}`,
      `{"id": "c1", "rule": "flow.closing.thanks", "label": "done"}`,
      `{"id": "c1", "rule": "flow.closing.thanks", "label": "missing"}`,
      `{"id": "c1", "rule": "", "label": "done"}`,
    ].join("\n");
    const parsed = parseLabels(text, "l.jsonl");
    expect(parsed.callLabels.map((label) => label.label)).toEqual(["done"]);
    expect(parsed.diagnostics).toEqual([
      { file: "l.jsonl", line: 1, column: 54, message: expect.stringContaining("label") },
      { file: "l.jsonl", line: 3, column: 22, message: "c1 的 flow.closing.thanks 已在第 2 行标注过" },
      { file: "l.jsonl", line: 4, column: 22, message: expect.stringContaining("rule") },
    ]);
  });
});

describe("judgesTurns", () => {
  const rule = (yaml: string): Rule => parseRules(`rules:\n  - ${yaml}\n`, "r.yaml").rules[0]!;

  it("counts rules that report at words of one turn, not those that report over a window of turns", () => {
    expect(judgesTurns(rule("{ id: a, type: forbidden, phrases: [x], message: m }"))).toBe(true);
    expect(
      judgesTurns(rule("{ id: a, type: order, first: { phrases: [x] }, then: { phrases: [y] }, message: m }")),
    ).toBe(true);
    expect(judgesTurns(rule("{ id: a, type: condition, mustNot: { phrases: [x] }, message: m }"))).toBe(true);
    expect(judgesTurns(rule("{ id: a, type: condition, must: { phrases: [x] }, message: m }"))).toBe(false);
    expect(judgesTurns(rule("{ id: a, type: required, phrases: [x], message: m }"))).toBe(false);
    expect(judgesTurns(rule("{ id: a, type: silence, maxSeconds: 5, message: m }"))).toBe(false);
    const response =
      "type: response, trigger: { speaker: customer, phrases: [x] }, reply: { phrases: [y] }, replyWithin: { turns: 1 }, message: m";
    expect(judgesTurns(rule(`{ id: a, ${response}, expect: absent }`))).toBe(true);
    expect(judgesTurns(rule(`{ id: a, ${response} }`))).toBe(false);
  });
});

/** A rule's counts before any turn: reviews confirmed and rejected none of its hits. */
const noReview = { violation: 0, confirmed: 0, rejected: 0, borderline: 0, clean: 0, customer: 0, unlabelled: 0 };

describe("evaluate", () => {
  it("scores recall per category and overall, precision on clean turns, and lists misses and false positives", () => {
    const { report, problems } = evaluate(labels, linted(), { rules });
    expect(problems).toEqual([]);
    expect(report.labelled).toEqual({ violation: 3, borderline: 1, clean: 2, total: 6 });
    expect(report.categories.find((score) => score.category === "address")).toEqual({
      category: "address",
      violations: 1,
      caught: 1,
      recall: 1,
      borderline: 1,
      borderlineFlagged: 1,
    });
    expect(report.categories.find((score) => score.category === "dont-know")).toMatchObject({
      violations: 2,
      caught: 1,
      recall: 0.5,
    });
    expect(report.categories.find((score) => score.category === "rude")).toMatchObject({ violations: 0, recall: null });
    expect(report.overall).toEqual({
      category: "all",
      violations: 3,
      caught: 2,
      recall: 2 / 3,
      borderline: 1,
      borderlineFlagged: 1,
      clean: 2,
      falsePositives: 1,
      precision: 2 / 3,
    });
    expect(report.withoutAddress).toMatchObject({ violations: 2, caught: 1, recall: 0.5, borderline: 0 });
    expect(report.customerTurnsFlagged).toBe(1);
    expect(report.unlabelledTurnsFlagged).toBe(0);
    expect(report.misses).toEqual([
      {
        id: "c2",
        turn: 2,
        label: "violation",
        category: "dont-know",
        span: "不清楚",
        note: "says it is not sure",
        text: "这边不清楚的",
        source: LABELS,
        hits: [],
      },
    ]);
    expect(report.falsePositives).toEqual([
      {
        id: "c3",
        turn: 0,
        label: "clean",
        text: "不知道您什么时候方便",
        source: LABELS,
        hits: [{ ruleId: "eval.dont-know", text: "不知道" }],
      },
    ]);
    expect(report.rules).toEqual([
      { ruleId: "eval.dont-know", ...noReview, violation: 1, clean: 1, precision: 0.5 },
      { ruleId: "eval.wei", ...noReview, violation: 1, borderline: 1, precision: 1 },
      { ruleId: "eval.complain", ...noReview, customer: 1, precision: null },
    ]);
  });

  it("does not let a rule that reports over turns (a missing greeting) flag a turn", () => {
    const { report } = evaluate(labels, linted(), { rules });
    expect(report.settings.excludedRules).toEqual([{ ruleId: "eval.greeting", reason: "type" }]);
    expect(report.settings.countedRules).toEqual(["eval.dont-know", "eval.wei", "eval.complain"]);
    const withoutDontKnow = evaluate(labels, linted(), {
      rules,
      isIgnored: (ruleId) => ruleId === "eval.dont-know",
    }).report;
    expect(withoutDontKnow.falsePositives).toEqual([]);
    expect(withoutDontKnow.settings.excludedRules).toContainEqual({ ruleId: "eval.dont-know", reason: "ignored" });
  });

  it("counts only violations of at least minSeverity", () => {
    const { report } = evaluate(labels, linted(), { rules, minSeverity: "warning" });
    expect(report.categories.find((score) => score.category === "address")).toMatchObject({
      caught: 0,
      borderlineFlagged: 0,
    });
    expect(report.misses.map((miss) => `${miss.id}#${miss.turn}`)).toEqual(["c1#3", "c2#2"]);
    expect(report.customerTurnsFlagged).toBe(1);
    expect(evaluate(labels, linted(), { rules, minSeverity: "error" }).report.customerTurnsFlagged).toBe(0);
  });

  it("reports labels naming no transcript or turn, or with another text, at file:line(:column), and scores the others", () => {
    const bad = parseLabels(
      [
        `{"id": "nope", "turn": 0, "label": "clean", "text": "x"}`,
        `{"id": "c1", "turn": 9, "label": "clean", "text": "x"}`,
        `{"id": "c1", "turn": 1, "label": "violation", "category": "dont-know", "text": "我不知道。"}`,
      ].join("\n"),
      "bad.jsonl",
    ).labels;
    const { report, problems } = evaluate([...bad, ...labels], linted(), { rules });
    expect(problems).toEqual([
      { file: "bad.jsonl", line: 1, message: "通话记录中没有 id 为 “nope” 的对话" },
      { file: "bad.jsonl", line: 2, message: "对话 “c1” 只有 4 轮,没有第 9 轮(从 0 数起)" },
      {
        file: "bad.jsonl",
        line: 3,
        column: 81,
        message: "text 与对话 “c1” 第 1 轮不一致: 标注 “我不知道。”,通话记录 “我不知道”",
      },
    ]);
    expect(report.labelled.total).toBe(6);
  });

  it("uses the first of two transcripts with one id and says so", () => {
    const twice = [...linted(), { ...linted()[0]!, file: "other.jsonl", violations: [] }];
    const { report, problems } = evaluate(labels, twice, { rules });
    expect(problems).toEqual([
      { file: "other.jsonl", message: "对话 id “c1” 重复(已见于 fixtures/eval/calls.jsonl),只用第一个" },
    ]);
    expect(report.overall.caught).toBe(2);
  });

  it("lists categories the labels add after the known ones", () => {
    const extra = parseLabels(
      `{"id": "c2", "turn": 2, "label": "violation", "category": "billing", "text": "这边不清楚的"}`,
      "x.jsonl",
    ).labels;
    const categories = evaluate(extra, linted(), { rules }).report.categories.map((score) => score.category);
    expect(categories).toEqual(["address", "shirk", "impatient", "refusal", "dont-know", "rude", "other", "billing"]);
  });

  it("counts flagged turns that have no label, customer or not", () => {
    const { report } = evaluate(labels.slice(1), linted(), { rules });
    expect(report.unlabelledTurnsFlagged).toBe(1);
    expect(report.rules.find((score) => score.ruleId === "eval.dont-know")).toMatchObject({
      violation: 0,
      unlabelled: 1,
    });
  });
});

describe("evaluate with call labels", () => {
  const allRules = [...rules, ...callRules];
  const withCalls = (options: Partial<Parameters<typeof evaluateSources>[1]> = {}) =>
    evaluateSources([{ labels: [], callLabels, linted: lintedWithCalls() }], { rules: allRules, ...options });

  it("judges each labelled call missing when its rule reported it, done when not, and scores each rule", () => {
    const { report, problems } = withCalls();
    expect(problems).toEqual([]);
    expect(report.callRules).toEqual([
      {
        ruleId: "eval.greeting",
        done: 2,
        missing: 1,
        right: 2,
        falseMissing: 1,
        falseDone: 0,
        notJudged: 0,
        accuracy: 2 / 3,
      },
      {
        ruleId: "eval.apology",
        done: 1,
        missing: 2,
        right: 2,
        falseMissing: 0,
        falseDone: 1,
        notJudged: 0,
        accuracy: 2 / 3,
      },
      {
        ruleId: "eval.hold",
        done: 1,
        missing: 0,
        right: 0,
        falseMissing: 0,
        falseDone: 0,
        notJudged: 1,
        accuracy: null,
      },
    ]);
    expect(report.callVerdicts).toEqual({
      done: 4,
      missing: 3,
      right: 4,
      falseMissing: 1,
      falseDone: 1,
      notJudged: 1,
      accuracy: 4 / 6,
    });
    expect(report.sources[0]!.callVerdicts).toEqual(report.callVerdicts);
    expect(report.labelled.total).toBe(0);
  });

  it("lists the calls judged wrongly, with what the rule reported, and those it could not judge", () => {
    const { report } = withCalls();
    const source = CALL_LABELS;
    expect(report.falseMissingCalls).toEqual([
      {
        source,
        id: "c3",
        ruleId: "eval.greeting",
        label: "done",
        note: "a polite opening question",
        reported: "不知道您什么时候方便",
      },
    ]);
    expect(report.falseDoneCalls).toEqual([
      { source, id: "c2", ruleId: "eval.apology", label: "missing", note: "网不好 is a complaint" },
    ]);
    expect(report.notJudgedCalls).toEqual([{ source, id: "c1", ruleId: "eval.hold", label: "done" }]);
  });

  it("leaves out the calls of ignored rules, and counts only reports of at least minSeverity", () => {
    const ignored = withCalls({ isIgnored: (ruleId) => ruleId === "eval.apology" }).report;
    expect(ignored.callRules.map((score) => score.ruleId)).toEqual(["eval.greeting", "eval.hold"]);
    const severe = withCalls({ minSeverity: "error" }).report;
    expect(severe.callRules[1]).toMatchObject({ ruleId: "eval.apology", right: 1, falseDone: 2 });
  });

  it("reports call labels naming no rule, a rule that judges turns, or no transcript", () => {
    const bad = parseLabels(
      [
        `{"id": "c1", "rule": "eval.nope", "label": "done"}`,
        `{"id": "c1", "rule": "eval.wei", "label": "done"}`,
        `{"id": "c9", "rule": "eval.greeting", "label": "done"}`,
      ].join("\n"),
      "bad.jsonl",
    ).callLabels;
    const { report, problems } = evaluateSources([{ labels: [], callLabels: bad, linted: lintedWithCalls() }], {
      rules: allRules,
    });
    expect(problems).toEqual([
      { file: "bad.jsonl", line: 1, column: 23, message: "没有 id 为 “eval.nope” 的规则" },
      {
        file: "bad.jsonl",
        line: 2,
        column: 23,
        message: "规则 “eval.wei” 针对某一轮的词句,不是针对整段通话的规则: 请用轮次标注(turn、text)",
      },
      { file: "bad.jsonl", line: 3, message: "通话记录中没有 id 为 “c9” 的对话" },
    ]);
    expect(report.callRules).toEqual([]);
  });
});

describe("evaluateSources", () => {
  const quiet = linted().map((item) => ({ ...item, file: "quiet.jsonl", violations: [] }));
  const sources = () =>
    evaluateSources(
      [
        { labels, linted: linted() },
        { name: "quiet", labels, linted: quiet },
      ],
      { rules },
    );

  it("scores each source on its own transcripts, so that two sources may use the same ids", () => {
    const { report, problems } = sources();
    expect(problems).toEqual([]);
    expect(report.sources.map((source) => [source.name, source.files])).toEqual([
      [LABELS, { labels: [LABELS], transcripts: [`${FIXTURES}/calls.jsonl`] }],
      ["quiet", { labels: [LABELS], transcripts: ["quiet.jsonl"] }],
    ]);
    const [loud, silent] = report.sources;
    const alone = evaluate(labels, linted(), { rules }).report;
    expect(loud).toEqual(alone.sources[0]);
    expect(loud!.overall).toEqual(alone.overall);
    expect(silent!.overall).toMatchObject({ violations: 3, caught: 0, clean: 2, falsePositives: 0, precision: null });
    expect(silent!.customerTurnsFlagged).toBe(0);
  });

  it("adds the sources up at the top, per category too, and names each miss and false positive's source", () => {
    const { report } = sources();
    expect(report.transcripts).toBe(6);
    expect(report.labelled).toEqual({ violation: 6, borderline: 2, clean: 4, total: 12 });
    expect(report.overall).toMatchObject({
      violations: 6,
      caught: 2,
      recall: 1 / 3,
      falsePositives: 1,
      precision: 2 / 3,
    });
    expect(report.categories.find((score) => score.category === "dont-know")).toMatchObject({
      violations: 4,
      caught: 1,
      recall: 0.25,
    });
    expect(report.customerTurnsFlagged).toBe(1);
    expect(report.misses.map((miss) => `${miss.source}:${miss.id}#${miss.turn}`)).toEqual([
      `${LABELS}:c2#2`,
      "quiet:c1#1",
      "quiet:c1#3",
      "quiet:c2#2",
    ]);
    expect(report.rules.find((score) => score.ruleId === "eval.dont-know")).toMatchObject({ violation: 1, clean: 1 });
  });

  it("reports a label whose id only another source has", () => {
    const other = parseLabels(`{"id": "c9", "turn": 0, "label": "clean", "text": "您好"}`, "other.jsonl").labels;
    const { problems } = evaluateSources(
      [
        { labels, linted: linted() },
        { labels: other, linted: [{ ...linted()[0]!, id: "c9" }] },
        { labels: other, linted: linted() },
      ],
      { rules },
    );
    expect(problems).toEqual([
      {
        file: "other.jsonl",
        line: 1,
        column: 52,
        message: "text 与对话 “c9” 第 0 轮不一致: 标注 “您好”,通话记录 “喂,我的快递呢”",
      },
      { file: "other.jsonl", line: 1, message: "通话记录中没有 id 为 “c9” 的对话" },
    ]);
  });
});

describe("formatEvalStylish", () => {
  it("prints the category table, precision and the lists, capped by show", () => {
    const { report } = evaluate(labels, linted(), { rules });
    const text = formatEvalStylish(report, { show: 0 });
    expect(text).toContain("标注 6 轮: 违规 3、待定 1、正常 2(通话记录 3 个)");
    expect(text).toMatch(/^dont-know +2 +1 +50\.0% +0 +0$/m);
    expect(text).toMatch(/^合计 +3 +2 +66\.7% +1 +1$/m);
    expect(text).toMatch(/^不含 address +2 +1 +50\.0% +0 +0$/m);
    expect(text).toContain("正常轮次 2,误报 1;精确率 66.7%(检出 2,误报 1)");
    expect(text).toContain("漏报(违规轮次未被标记): 1,列出前 0 条(--show all 列出全部)");
    expect(text).not.toContain("c2#2");
    expect(formatEvalStylish(report)).toContain("  c2#2  dont-know  “这边不清楚的”  问题词句: “不清楚”");
    expect(formatEvalStylish(report)).toContain("  c3#0  eval.dont-know “不知道”  “不知道您什么时候方便”");
  });

  it("prints each source's table, then the totals and the sources side by side, when there are several", () => {
    const quiet = linted().map((item) => ({ ...item, violations: [] }));
    const { report } = evaluateSources(
      [
        { labels, linted: linted() },
        { name: "quiet", labels, linted: quiet },
      ],
      { rules },
    );
    const text = formatEvalStylish(report);
    expect(text).toContain("标注 12 轮: 违规 6、待定 2、正常 4(2 个来源,通话记录 6 个)");
    expect(text).toContain(`来源 1: ${LABELS}(通话记录 ${FIXTURES}/calls.jsonl,3 个)\n类别`);
    expect(text).toContain(`来源 2: quiet(通话记录 ${FIXTURES}/calls.jsonl,3 个)\n类别`);
    expect(text).toMatch(/^合计\(2 个来源\)\n类别/m);
    expect(text.match(/^合计 +\d.*$/gm)).toEqual([
      expect.stringMatching(/^合计 +3 +2 +66\.7% +1 +1$/),
      expect.stringMatching(/^合计 +3 +0 +0\.0% +1 +0$/),
      expect.stringMatching(/^合计 +6 +2 +33\.3% +2 +1$/),
      expect.stringMatching(/^合计 +12 +6 +2 +33\.3% +25\.0% +1 +66\.7% +1$/),
    ]);
    expect(text).toMatch(/^2 quiet +6 +3 +0 +0\.0% +0\.0% +0 +— +0$/m);
    expect(text).toContain("  quiet: c2#2  dont-know  “这边不清楚的”  问题词句: “不清楚”");
  });

  it("prints the whole-call rules' verdicts and the calls judged wrongly, and no turn table without turn labels", () => {
    const { report } = evaluateSources([{ labels: [], callLabels, linted: lintedWithCalls() }], {
      rules: [...rules, ...callRules],
    });
    const text = formatEvalStylish(report);
    expect(text.split("\n")[0]).toBe("整段通话标注 7 条: 已做 4、缺失 3(通话记录 3 个)");
    expect(text).not.toContain("类别");
    expect(text).toMatch(/^eval\.apology +1 +2 +2 +0 +1 +0 +66\.7%$/m);
    expect(text).toMatch(/^eval\.hold +1 +0 +0 +0 +0 +1 +—$/m);
    expect(text).toMatch(/^合计 +4 +3 +4 +1 +1 +1 +66\.7%$/m);
    expect(text).toContain(
      "误判缺失(标注为已做,规则报告缺失): 1\n  c3  eval.greeting  规则: “不知道您什么时候方便”  标注: a polite opening question\n",
    );
    expect(text).toContain("误判已做(标注为缺失,规则未报告): 1\n  c2  eval.apology  标注: 网不好 is a complaint\n");
    expect(text).toContain("未判定(规则无法判定此通话,如没有时间的静音规则): 1\n  c1  eval.hold\n");
  });

  it("shows a source only the tables of what it has labels of, when others have call labels", () => {
    const { report } = evaluateSources(
      [
        { name: "turns", labels, linted: linted() },
        { name: "calls", labels: [], callLabels, linted: lintedWithCalls() },
      ],
      { rules: [...rules, ...callRules] },
    );
    const text = formatEvalStylish(report);
    const section = (from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to));
    expect(section("来源 1: turns", "来源 2: calls")).not.toContain("整段通话规则");
    expect(section("来源 2: calls", "合计(2 个来源)")).not.toContain("类别");
    expect(section("来源 2: calls", "合计(2 个来源)")).toMatch(/^合计 +4 +3 +4 +1 +1 +1 +66\.7%$/m);
    expect(section("合计(2 个来源)", "\n规则 ")).toContain("类别");
    expect(section("合计(2 个来源)", "\n规则 ")).toContain("整段通话规则");
  });
});

describe("evaluate with reviews", () => {
  const REVIEWS = `${FIXTURES}/reviews.jsonl`;
  const SECOND = `${FIXTURES}/reviews-second.jsonl`;
  const read = (file: string) => parseLabels(readFileSync(file, "utf8"), file).labels;

  it("counts a confirmed hit as its rule's true positive, a rejected one as its false positive, and a marked turn no rule flags as a miss", () => {
    const { report, problems } = evaluate(read(REVIEWS), linted(), { rules });
    expect(problems).toEqual([]);
    expect(report.reviews).toEqual({ turns: 3, confirmed: 2, rejected: 1 });
    expect(report.rules).toEqual([
      { ruleId: "eval.dont-know", ...noReview, violation: 1, confirmed: 1, rejected: 1, precision: 0.5 },
      { ruleId: "eval.wei", ...noReview, violation: 1, confirmed: 1, unlabelled: 1, precision: 1 },
      { ruleId: "eval.complain", ...noReview, customer: 1, precision: null },
    ]);
    expect(report.overall).toMatchObject({ violations: 3, caught: 2, clean: 1, falsePositives: 1, precision: 2 / 3 });
    expect(report.misses).toEqual([
      expect.objectContaining({ id: "c2", turn: 2, category: "dont-know", reviewer: "王芳" }),
    ]);
    expect(report.overturnedHits).toEqual([
      {
        source: REVIEWS,
        ruleId: "eval.dont-know",
        id: "c3",
        turn: 0,
        matched: ["不知道"],
        text: "不知道您什么时候方便",
        label: "clean",
        reviewer: "王芳",
        note: "不知道您…是客气的问法",
      },
    ]);
    expect(report.disagreements).toEqual([]);
  });

  it("counts a rejected hit on a turn that is a violation of another kind against its rule, not as the turn's catch's", () => {
    const text = `{"id": "c1", "turn": 1, "label": "violation", "category": "shirk", "text": "我不知道", "hits": {"eval.dont-know": "rejected"}}`;
    const { report } = evaluate(parseLabels(text, "r.jsonl").labels, linted(), { rules });
    expect(report.rules[0]).toMatchObject({ ruleId: "eval.dont-know", violation: 0, rejected: 1, precision: 0 });
    expect(report.overturnedHits).toEqual([expect.objectContaining({ id: "c1", turn: 1, label: "violation" })]);
  });

  it("merges the reviews of two reviewers, and lists where they disagree instead of averaging it away", () => {
    const { report, problems } = evaluate([...read(REVIEWS), ...read(SECOND)], linted(), { rules });
    expect(problems).toEqual([]);
    expect(report.labelled).toEqual({ violation: 2, borderline: 1, clean: 1, total: 4 });
    expect(report.rules.find((score) => score.ruleId === "eval.wei")).toMatchObject({
      violation: 0,
      borderline: 1,
      confirmed: 0,
      rejected: 0,
    });
    expect(report.rules.find((score) => score.ruleId === "eval.dont-know")).toMatchObject({
      violation: 1,
      confirmed: 1,
    });
    expect(report.disagreements).toEqual([
      {
        source: `${REVIEWS} + ${SECOND}`,
        id: "c1",
        turn: 3,
        text: "喂,您别急",
        about: "label",
        says: [
          { reviewer: "王芳", file: REVIEWS, line: 2, label: "violation", category: "address" },
          { reviewer: "李雷", file: SECOND, line: 2, label: "clean", note: "喂 是语气词" },
        ],
      },
      {
        source: `${REVIEWS} + ${SECOND}`,
        id: "c1",
        turn: 3,
        text: "喂,您别急",
        about: "hit",
        ruleId: "eval.wei",
        says: [
          { reviewer: "王芳", file: REVIEWS, line: 2, mark: "confirmed" },
          { reviewer: "李雷", file: SECOND, line: 2, mark: "rejected", note: "喂 是语气词" },
        ],
      },
    ]);
    const text = formatEvalStylish(report);
    expect(text).toContain("复核 3 轮: 确认命中 1、驳回命中 1;复核者意见不一 2 处\n");
    expect(text).toContain(
      "复核者意见不一: 2\n  c1#3  王芳 violation/address、李雷 clean(喂 是语气词) → 按待定计  “喂,您别急”\n  c1#3  eval.wei  王芳 confirmed、李雷 rejected(喂 是语气词) → 此规则按待定计  “喂,您别急”\n",
    );
  });

  it("takes plain labels files without reviewer as two reviewers, and reports one reviewer's second label of a turn", () => {
    const plain = parseLabels(
      `{"id": "c3", "turn": 0, "label": "violation", "text": "不知道您什么时候方便"}`,
      "b.jsonl",
    );
    const again = parseLabels(
      `{"id": "c1", "turn": 1, "label": "violation", "text": "我不知道", "reviewer": "王芳"}`,
      "again.jsonl",
    );
    const { report, problems } = evaluate([...labels, ...plain.labels, ...read(REVIEWS), ...again.labels], linted(), {
      rules,
    });
    expect(problems).toEqual([
      { file: "again.jsonl", line: 1, message: `c1 第 1 轮已由 王芳 在 ${REVIEWS} 第 1 行标注过` },
    ]);
    expect(
      report.disagreements.map((disagreement) => [disagreement.id, disagreement.turn, disagreement.about]),
    ).toEqual([["c3", 0, "label"]]);
    expect(report.disagreements[0]!.says.map((says) => says.reviewer)).toEqual([LABELS, "b.jsonl", "王芳"]);
    const plainOnly = evaluate([...labels, ...plain.labels], linted(), { rules }).report;
    expect(formatEvalStylish(plainOnly).split("\n").slice(0, 2)).toEqual([
      "标注 6 轮: 违规 3、待定 2、正常 1(通话记录 3 个)",
      "复核者意见不一 1 处",
    ]);
  });

  it("reports hits naming no rule, or a rule that judges whole calls", () => {
    const text = `{"id": "c1", "turn": 1, "label": "violation", "text": "我不知道", "hits": {"eval.nope": "confirmed", "eval.greeting": "rejected"}}`;
    const { problems } = evaluate(parseLabels(text, "r.jsonl").labels, linted(), { rules });
    expect(problems).toEqual([
      { file: "r.jsonl", line: 1, message: "hits 中的规则 “eval.nope” 不存在" },
      {
        file: "r.jsonl",
        line: 1,
        message: "hits 中的规则 “eval.greeting” 针对整段通话,不是针对某一轮的词句: 请用整段通话标注(rule、label)",
      },
    ]);
  });

  it("leaves out a call two reviewers label differently, and lists it", () => {
    const text = [
      `{"id": "c1", "rule": "eval.greeting", "label": "missing", "reviewer": "王芳"}`,
      `{"id": "c1", "rule": "eval.greeting", "label": "done", "reviewer": "李雷"}`,
      `{"id": "c2", "rule": "eval.greeting", "label": "done", "reviewer": "王芳"}`,
      `{"id": "c2", "rule": "eval.greeting", "label": "done", "reviewer": "李雷"}`,
    ].join("\n");
    const { report, problems } = evaluateSources(
      [{ labels: [], callLabels: parseLabels(text, "calls.jsonl").callLabels, linted: lintedWithCalls() }],
      { rules: [...rules, ...callRules] },
    );
    expect(problems).toEqual([]);
    expect(report.callVerdicts).toMatchObject({ done: 1, missing: 0, right: 1 });
    expect(report.disagreements).toEqual([
      {
        source: "calls.jsonl",
        id: "c1",
        about: "call",
        ruleId: "eval.greeting",
        says: [
          { reviewer: "王芳", file: "calls.jsonl", line: 1, label: "missing" },
          { reviewer: "李雷", file: "calls.jsonl", line: 2, label: "done" },
        ],
      },
    ]);
  });
});
