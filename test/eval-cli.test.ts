import { fileURLToPath } from "node:url";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EvalReport } from "../src/index.js";
import { huashu } from "./helpers/cli.js";
import { CORPUS_PATH, JD_CORPUS_PATH, JD_FLOW_LABELS_PATH, JD_LABELS_PATH, LABELS_PATH } from "./helpers/corpus.js";

const LABELS = "fixtures/eval/labels.jsonl";
const FIXTURE = [
  "eval",
  "--labels",
  LABELS,
  "--corpus",
  "fixtures/eval/calls.jsonl",
  "--rules",
  "fixtures/eval/rules.yaml",
];

function labelsFile(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "huashu-eval-")), "labels.jsonl");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

describe("huashu eval (built CLI)", () => {
  it("prints recall per category, precision, the rules' hits, misses and false positives; exits 0", () => {
    const run = huashu(FIXTURE);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "计入规则 3 条,只计在某一轮的词句上报告的问题,级别不低于“提示”\n不计入(针对整段通话而非单轮,如缺少必说语句、计时): eval.greeting\n",
    );
    expect(run.stdout).toMatch(/^address +1 +1 +100\.0% +1 +1$/m);
    expect(run.stdout).toMatch(/^合计 +3 +2 +66\.7% +1 +1$/m);
    expect(run.stdout).toContain("正常轮次 2,误报 1;精确率 66.7%");
    expect(run.stdout).toContain("客户轮次被标记: 1");
    expect(run.stdout).toMatch(/^eval\.dont-know +1 +0 +1 +0 +0 +50\.0%$/m);
    expect(run.stdout).toContain("  c2#2  dont-know  “这边不清楚的”  问题词句: “不清楚”");
    expect(run.stdout).toContain("  c3#0  eval.dont-know “不知道”  “不知道您什么时候方便”");
  });

  it("writes the whole report as one JSON document with --format json", () => {
    const run = huashu([...FIXTURE, "--format", "json", "--min-severity", "warning"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(report.settings).toEqual({
      minSeverity: "warning",
      countedRules: ["eval.dont-know", "eval.wei", "eval.complain"],
      excludedRules: [{ ruleId: "eval.greeting", reason: "type" }],
    });
    expect(report.overall).toMatchObject({ violations: 3, caught: 1, falsePositives: 1, precision: 0.5 });
    expect(report.misses.map((miss) => `${miss.id}#${miss.turn}`)).toEqual(["c1#3", "c2#2"]);
  });

  it("leaves out the rules --ignore-rule names, and refuses a pattern that matches no rule", () => {
    const report = JSON.parse(huashu([...FIXTURE, "-f", "json", "--ignore-rule", "eval.dont*"]).stdout) as EvalReport;
    expect(report.falsePositives).toEqual([]);
    expect(report.settings.countedRules).toEqual(["eval.wei", "eval.complain"]);
    const only = JSON.parse(huashu([...FIXTURE, "-f", "json", "--only-rule", "eval.wei"]).stdout) as EvalReport;
    expect(only.settings.countedRules).toEqual(["eval.wei"]);
    const run = huashu([...FIXTURE, "--ignore-rule", "taboo.*"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--ignore-rule “taboo.*” 没有匹配任何规则");
  });

  it("exits 1 below --min-recall or --min-precision", () => {
    expect(huashu([...FIXTURE, "--min-recall", "60", "--min-precision", "60%"]).code).toBe(0);
    const run = huashu([...FIXTURE, "--min-recall", "90"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("召回率 66.7% 低于 --min-recall 90.0%\n");
  });

  it("reports a malformed labels line at file:line:column, scores the other lines, exits 2", () => {
    const lines = readFileSync(LABELS, "utf8").trim().split("\n");
    const path = labelsFile([...lines.slice(0, 2), `{"id": "c2", "turn": 0, "label": clean}`, ...lines.slice(3)]);
    const run = huashu(["eval", "--labels", path, ...FIXTURE.slice(3)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${path}:3:34 JSON 语法错误`, "m"));
    expect(run.stdout).toContain("标注 5 轮: 违规 3、待定 1、正常 1");
  });

  it("reports a label whose text is not the turn's, and one naming an unknown dialogue, and exits 2", () => {
    const path = labelsFile([
      `{"id": "c1", "turn": 1, "label": "violation", "category": "dont-know", "text": "我不知道"}`,
      `{"id": "c1", "turn": 2, "label": "clean", "text": "我不知道"}`,
      `{"id": "c9", "turn": 0, "label": "clean", "text": "您好"}`,
    ]);
    const run = huashu(["eval", "--labels", path, ...FIXTURE.slice(3)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${path}:2:52 text 与对话 “c1” 第 2 轮不一致: 标注 “我不知道”,通话记录 “那我要投诉”\n${path}:3 通话记录中没有 id 为 “c9” 的对话\n`,
    );
    expect(run.stdout).toContain("标注 1 轮: 违规 1、待定 0、正常 0");
  });

  it("refuses to run without labels or transcripts", () => {
    const noLabels = huashu(["eval", "--corpus", "fixtures/eval/calls.jsonl"]);
    expect(noLabels.code).toBe(2);
    expect(noLabels.stderr).toContain("须用 --labels 指定标注文件");
    expect(huashu(["eval", "--labels", LABELS]).stderr).toContain("须用 --corpus 指定标注所指的通话记录");
    const missing = huashu([
      "eval",
      "--labels",
      "nope.jsonl",
      "--corpus",
      "fixtures/eval/calls.jsonl",
      "-r",
      "fixtures/eval/rules.yaml",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.jsonl 无法读取标注文件");
  });
});

describe("huashu eval on reviews (built CLI)", () => {
  const REVIEWS = "fixtures/eval/reviews.jsonl";
  const SECOND = "fixtures/eval/reviews-second.jsonl";
  const TRANSCRIPTS = FIXTURE.slice(3);

  it("counts a confirmed hit as a true positive of its rule, a rejected one as a false positive, a marked turn as a miss", () => {
    const run = huashu(["eval", "--labels", REVIEWS, ...TRANSCRIPTS]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("复核 3 轮: 确认命中 2、驳回命中 1;复核者意见不一 0 处\n");
    expect(run.stdout).toMatch(/^规则 +违规 +其中确认 +驳回 +待定 +正常 +客户 +未标注 +精确率$/m);
    expect(run.stdout).toMatch(/^eval\.dont-know +1 +1 +1 +0 +0 +0 +0 +50\.0%$/m);
    expect(run.stdout).toContain("漏报(违规轮次未被标记): 1\n  c2#2  dont-know  “这边不清楚的”  问题词句: “不清楚”\n");
    expect(run.stdout).toContain(
      "复核驳回而规则仍报告的命中(按规则): 1\n  eval.dont-know  c3#0  “不知道”  “不知道您什么时候方便”  复核: 王芳(不知道您…是客气的问法)\n",
    );
    const report = JSON.parse(huashu(["eval", "--labels", REVIEWS, ...TRANSCRIPTS, "-f", "json"]).stdout) as EvalReport;
    expect(report.reviews).toEqual({ turns: 3, confirmed: 2, rejected: 1 });
    expect(report.rules.find((rule) => rule.ruleId === "eval.dont-know")).toMatchObject({
      violation: 1,
      confirmed: 1,
      rejected: 1,
      precision: 0.5,
    });
    expect(report.overturnedHits).toMatchObject([{ ruleId: "eval.dont-know", id: "c3", turn: 0, matched: ["不知道"] }]);
    expect(report.misses).toMatchObject([{ id: "c2", turn: 2 }]);
  });

  it("merges the files of two reviewers and lists their disagreements, who said what", () => {
    const run = huashu(["eval", "--labels", REVIEWS, "--labels", SECOND, ...TRANSCRIPTS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("标注 4 轮: 违规 2、待定 1、正常 1");
    expect(run.stdout).toContain(
      "复核者意见不一: 2\n  c1#3  王芳 violation/address、李雷 clean(喂 是语气词) → 按待定计  “喂,您别急”\n",
    );
    const report = JSON.parse(
      huashu(["eval", "--labels", REVIEWS, "--labels", SECOND, ...TRANSCRIPTS, "-f", "json"]).stdout,
    ) as EvalReport;
    expect(report.disagreements.map((disagreement) => [disagreement.about, disagreement.ruleId])).toEqual([
      ["label", undefined],
      ["hit", "eval.wei"],
    ]);
  });

  it("reports a hit marked other than confirmed or rejected at file:line:column, scores the other lines, exits 2", () => {
    const lines = readFileSync(REVIEWS, "utf8").trim().split("\n");
    const path = labelsFile([...lines.slice(0, 3), lines[3]!.replace('"rejected"', '"wrong"')]);
    const run = huashu(["eval", "--labels", path, ...TRANSCRIPTS]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^${path}:4:${lines[3]!.indexOf('"rejected"') + 1} 不是有效的 标注 数据: hits\\.eval\\.dont-know: `,
        "m",
      ),
    );
    expect(run.stdout).toContain("标注 3 轮: 违规 3、待定 0、正常 0");
  });
});

describe("huashu eval with call labels (built CLI)", () => {
  const CALLS = [
    "eval",
    "--labels",
    LABELS,
    "--labels",
    "fixtures/eval/call-labels.jsonl",
    "--corpus",
    "fixtures/eval/calls.jsonl",
    "-r",
    "fixtures/eval/rules.yaml",
    "-r",
    "fixtures/eval/call-rules.yaml",
  ];

  it("scores whole-call rules on the calls labelled for them beside the turn labels, and lists the wrong verdicts", () => {
    const run = huashu([...CALLS, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(report.labelled.total).toBe(6);
    expect(report.callRules.map((score) => [score.ruleId, score.right, score.falseMissing, score.falseDone])).toEqual([
      ["eval.greeting", 2, 1, 0],
      ["eval.apology", 2, 0, 1],
      ["eval.hold", 0, 0, 0],
    ]);
    expect(report.callVerdicts).toMatchObject({ done: 4, missing: 3, right: 4, notJudged: 1, accuracy: 4 / 6 });
    expect(report.falseMissingCalls).toEqual([
      {
        source: `${LABELS} + fixtures/eval/call-labels.jsonl`,
        id: "c3",
        ruleId: "eval.greeting",
        label: "done",
        note: "a polite opening question",
        reported: "不知道您什么时候方便",
      },
    ]);
    expect(report.falseDoneCalls.map((entry) => `${entry.id} ${entry.ruleId}`)).toEqual(["c2 eval.apology"]);
    expect(report.notJudgedCalls.map((entry) => `${entry.id} ${entry.ruleId}`)).toEqual(["c1 eval.hold"]);
  });

  it("prints the table of whole-call rules after the turn tables", () => {
    const run = huashu(CALLS);
    expect(run.stdout.split("\n")[0]).toBe(
      "标注 6 轮: 违规 3、待定 1、正常 2;整段通话标注 7 条: 已做 4、缺失 3(通话记录 3 个)",
    );
    expect(run.stdout).toMatch(/^eval\.greeting +2 +1 +2 +1 +0 +0 +66\.7%$/m);
    expect(run.stdout).toContain(
      "误判已做(标注为缺失,规则未报告): 1\n  c2  eval.apology  标注: 网不好 is a complaint\n",
    );
  });

  it("reports a call label naming a rule that is not there, or one that judges turns, at file:line:column and exits 2", () => {
    const path = labelsFile([
      `{"id": "c1", "rule": "flow.closing.thanks", "label": "done"}`,
      `{"id": "c1", "rule": "eval.wei", "label": "missing"}`,
      `{"id": "c1", "rule": "eval.greeting", "label": "missing"}`,
    ]);
    const run = huashu(["eval", "--labels", path, ...CALLS.slice(5)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${path}:1:23 没有 id 为 “flow.closing.thanks” 的规则\n${path}:2:23 规则 “eval.wei” 针对某一轮的词句,不是针对整段通话的规则: 请用轮次标注(turn、text)\n`,
    );
    expect(run.stdout).toMatch(/^合计 +0 +1 +1 +0 +0 +0 +100\.0%$/m);
  });
});

describe("huashu eval with several sources (built CLI)", () => {
  const CHAT = ["--labels", "fixtures/eval/chat-labels.jsonl", "--corpus", "fixtures/eval/chat-calls.jsonl"];

  it("pairs each --labels with the transcripts after it, and scores each source on its own ids", () => {
    const run = huashu([...FIXTURE, ...CHAT, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(
      report.sources.map((source) => ({
        name: source.name,
        files: source.files,
        transcripts: source.transcripts,
        violations: source.overall.violations,
        caught: source.overall.caught,
        falsePositives: source.overall.falsePositives,
      })),
    ).toEqual([
      {
        name: LABELS,
        files: { labels: [LABELS], transcripts: ["fixtures/eval/calls.jsonl"] },
        transcripts: 3,
        violations: 3,
        caught: 2,
        falsePositives: 1,
      },
      {
        name: "fixtures/eval/chat-labels.jsonl",
        files: { labels: ["fixtures/eval/chat-labels.jsonl"], transcripts: ["fixtures/eval/chat-calls.jsonl"] },
        transcripts: 2,
        violations: 2,
        caught: 2,
        falsePositives: 1,
      },
    ]);
    expect(report.overall).toMatchObject({ violations: 5, caught: 4, clean: 4, falsePositives: 2, precision: 4 / 6 });
    expect(report.categories.find((score) => score.category === "address")).toMatchObject({ violations: 2, caught: 2 });
    expect(report.falsePositives.map((entry) => `${entry.source}:${entry.id}#${entry.turn}`)).toEqual([
      `${LABELS}:c3#0`,
      "fixtures/eval/chat-labels.jsonl:d2#0",
    ]);
  });

  it("prints a table per source, then the totals; a plain path after a source's --labels is one of its transcripts", () => {
    const run = huashu([...FIXTURE, "--labels", "fixtures/eval/chat-labels.jsonl", "fixtures/eval/chat-calls.jsonl"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("标注 10 轮: 违规 5、待定 1、正常 4(2 个来源,通话记录 5 个)\n");
    expect(run.stdout).toContain(
      "来源 2: fixtures/eval/chat-labels.jsonl(通话记录 fixtures/eval/chat-calls.jsonl,2 个)\n",
    );
    expect(run.stdout).toMatch(/^2 fixtures\/eval\/chat-labels\.jsonl +4 +2 +2 +100\.0% +100\.0% +1 +66\.7% +0$/m);
    expect(run.stdout).toMatch(/^合计 +10 +5 +4 +80\.0% +66\.7% +2 +66\.7% +1$/m);
  });

  it("keeps label files given one after another as one source, and takes transcripts given before a single source", () => {
    const report = JSON.parse(
      huashu([
        "eval",
        "--corpus",
        "fixtures/eval/calls.jsonl",
        "--labels",
        LABELS,
        "--labels",
        labelsFile([`{"id": "c2", "turn": 1, "label": "clean", "text": "网不好"}`]),
        "-r",
        "fixtures/eval/rules.yaml",
        "-f",
        "json",
      ]).stdout,
    ) as EvalReport;
    expect(report.sources).toHaveLength(1);
    expect(report.labelled.total).toBe(7);
  });

  it("refuses transcripts that belong to no one source, and a source without transcripts", () => {
    const before = huashu(["eval", "--corpus", "fixtures/eval/chat-calls.jsonl", ...FIXTURE.slice(1), ...CHAT]);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain(
      "有多个来源时,通话记录须写在其 --labels 之后: fixtures/eval/chat-calls.jsonl 在第一个 --labels 之前",
    );
    const without = huashu([...FIXTURE, "--labels", "fixtures/eval/chat-labels.jsonl"]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("--labels fixtures/eval/chat-labels.jsonl 之后须用 --corpus 指定其通话记录");
  });
});

const shared = existsSync(LABELS_PATH) && existsSync(CORPUS_PATH);
if (!shared) console.warn(`skipped: huashu eval on the shared labels — ${LABELS_PATH} or ${CORPUS_PATH} is absent`);

describe.runIf(shared)("huashu eval on ../shared/labels with the built-in packs", () => {
  let report: EvalReport | undefined;
  const evaluated = (): EvalReport => {
    if (!report) {
      const run = huashu(["eval", "--labels", LABELS_PATH, "--corpus", CORPUS_PATH, "--format", "json"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      report = JSON.parse(run.stdout) as EvalReport;
    }
    return report;
  };

  it("scores every labelled turn: the totals of the labels README", () => {
    const report = evaluated();
    expect(report.transcripts).toBe(4090);
    expect(report.labelled).toEqual({ violation: 111, borderline: 219, clean: 7223, total: 7553 });
    const violations = Object.fromEntries(report.categories.map((score) => [score.category, score.violations]));
    expect(violations).toEqual({ address: 85, shirk: 11, impatient: 7, refusal: 3, "dont-know": 4, rude: 0, other: 1 });
  });

  it("meets the targets: recall ≥ 90 % overall and in every category with 5 or more violations, precision ≥ 97 %, no customer turn", () => {
    const report = evaluated();
    for (const category of report.categories.filter((score) => score.violations >= 5)) {
      expect({ category: category.category, recall: category.recall }).toEqual({
        category: category.category,
        recall: expect.toSatisfy((r: number) => r >= 0.9),
      });
    }
    expect(report.overall.recall).toBeGreaterThanOrEqual(0.9);
    expect(report.overall.precision).toBeGreaterThanOrEqual(0.97);
    expect(report.customerTurnsFlagged).toBe(0);
  });
});

const jd = existsSync(JD_LABELS_PATH) && existsSync(JD_CORPUS_PATH);
if (!jd || !shared)
  console.warn(`skipped: huashu eval on both dev sets — ${JD_LABELS_PATH} or ${JD_CORPUS_PATH} is absent`);

describe.runIf(jd && shared)("huashu eval on both dev sets of ../shared/labels at once", () => {
  it("reports the Weibo and JD sets apart, with the counts of the labels README, and their sum", () => {
    const run = huashu([
      "eval",
      "--labels",
      LABELS_PATH,
      "--corpus",
      CORPUS_PATH,
      "--labels",
      JD_LABELS_PATH,
      "--corpus",
      JD_CORPUS_PATH,
      "--format",
      "json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(report.sources.map((source) => [source.transcripts, source.labelled])).toEqual([
      [4090, { violation: 111, borderline: 219, clean: 7223, total: 7553 }],
      [235, { violation: 4, borderline: 63, clean: 1098, total: 1165 }],
    ]);
    expect(report.labelled).toEqual({ violation: 115, borderline: 282, clean: 8321, total: 8718 });
    const refusals = report.sources.map(
      (source) => source.categories.find((score) => score.category === "refusal")!.violations,
    );
    expect(refusals).toEqual([3, 2]);
    expect(report.customerTurnsFlagged).toBe(0);
  });
});

const jdCorpus = existsSync(JD_CORPUS_PATH);
if (!jdCorpus) console.warn(`skipped: huashu eval on the JD flow labels — ${JD_CORPUS_PATH} is absent`);

describe.runIf(jdCorpus)("huashu eval of the built-in flow rules on the JD dev chats (test/data)", () => {
  it("judges every call labelled for each flow rule that applies to chat", () => {
    const run = huashu(["eval", "--labels", JD_FLOW_LABELS_PATH, "--corpus", JD_CORPUS_PATH, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(report.callRules.map((score) => [score.ruleId, score.done + score.missing])).toEqual(
      [
        "flow.opening.greeting",
        "flow.opening.identify",
        "flow.opening.offer-help",
        "flow.closing.anything-else",
        "flow.closing.thanks",
        "flow.closing.goodbye",
        "flow.hold.thanks",
        "flow.complaint.apology",
      ].map((ruleId) => [ruleId, 235]),
    );
    expect(report.callVerdicts).toMatchObject({ done: 956, missing: 924, notJudged: 0 });
  });

  it("gets at least 95 % of the verdicts right (test/data/README.md lists what the rest are)", () => {
    const run = huashu(["eval", "--labels", JD_FLOW_LABELS_PATH, "--corpus", JD_CORPUS_PATH, "--format", "json"]);
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(report.callVerdicts.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe("huashu eval of the built-in flow rules on the blind ASR calls (test/data)", () => {
  const calls = fileURLToPath(new URL("data/asr-calls.jsonl", import.meta.url));
  const labels = fileURLToPath(new URL("data/asr-calls-flow-labels.jsonl", import.meta.url));

  it("judges all eight flow rules on every call, and at least 95 % of the verdicts right (test/data/README.md lists the rest)", () => {
    const run = huashu(["eval", "--labels", labels, "--corpus", calls, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(report.callRules.map((score) => score.done + score.missing)).toEqual(new Array(8).fill(206));
    expect(report.callVerdicts).toMatchObject({ done: 1044, missing: 604, notJudged: 0 });
    expect(report.callVerdicts.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
