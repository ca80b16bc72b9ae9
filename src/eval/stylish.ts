import { quote, SEVERITY_LABEL } from "../report/text.js";
import type {
  CallEntry,
  CallScores,
  CallVerdictScore,
  CategoryScore,
  EvalReport,
  ExclusionReason,
  OverturnedHit,
  Ratio,
  TurnEntry,
  TurnScores,
} from "./evaluate.js";
import type { Disagreement, ReviewerSays } from "./merge.js";
import { extent } from "../util/array.js";

/** How many misses and false positives to list; `all` lists every one. */
export type ShowLimit = number | "all";

/** Options of {@link formatEvalStylish}. */
export interface EvalStylishOptions {
  /** Misses and false positives listed, each (default 20). */
  show?: ShowLimit;
}

/** The default of `--show`. */
export const DEFAULT_SHOW = 20;

/** Terminal columns a string takes: CJK characters and fullwidth forms take two. */
function width(text: string): number {
  let columns = 0;
  for (const char of text)
    columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
      char,
    )
      ? 2
      : 1;
  return columns;
}

function padEnd(text: string, columns: number): string {
  return text + " ".repeat(Math.max(0, columns - width(text)));
}

function padStart(text: string, columns: number): string {
  return " ".repeat(Math.max(0, columns - width(text))) + text;
}

/** A table: the first column left-aligned, the others right-aligned, two spaces apart. */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, column) => extent(rows.map((row) => width(row[column] ?? "")))!.max);
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? padEnd(cell, widths[0]!) : padStart(cell, widths[column]!)))
      .join("  ")
      .trimEnd(),
  );
}

/** `82.0%`, or `—` when there is nothing to divide by. */
export function percent(value: Ratio): string {
  return value === null ? "—" : `${(value * 100).toFixed(1)}%`;
}

function categoryRow(name: string, score: CategoryScore): string[] {
  return [
    name,
    String(score.violations),
    String(score.caught),
    percent(score.recall),
    String(score.borderline),
    String(score.borderlineFlagged),
  ];
}

function entryLine(entry: TurnEntry, withSource: boolean): string {
  const where = `${withSource ? `${entry.source}: ` : ""}${entry.id}#${entry.turn}${entry.category ? `  ${entry.category}` : ""}`;
  const hits = entry.hits.map((hit) => `${hit.ruleId} ${quote(hit.text)}`).join("、");
  const span =
    entry.span && entry.span !== entry.text && entry.hits.length === 0 ? `  问题词句: ${quote(entry.span)}` : "";
  return `  ${where}  ${hits ? `${hits}  ` : ""}${quote(entry.text)}${span}`;
}

/** At most `length` characters of `text`, with … when cut. */
function clipped(text: string, length: number): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length).join("")}…`;
}

function callEntryLine(entry: CallEntry, withSource: boolean): string {
  const reported =
    entry.reported !== undefined ? `  规则: ${quote(clipped(entry.reported.replace(/\s+/g, " "), 60))}` : "";
  return `  ${withSource ? `${entry.source}: ` : ""}${entry.id}  ${entry.ruleId}${reported}${entry.note ? `  标注: ${entry.note}` : ""}`;
}

function listed<T>(title: string, entries: readonly T[], show: ShowLimit, line: (entry: T) => string): string[] {
  const shown = show === "all" ? entries : entries.slice(0, show);
  const count =
    shown.length === entries.length
      ? `${entries.length}`
      : `${entries.length},列出前 ${shown.length} 条(--show all 列出全部)`;
  return [`${title}: ${count}`, ...shown.map(line)];
}

/** The category table, precision and the flagged turns without a label, of one source or of all. */
function scoreLines(scores: TurnScores): string[] {
  const { overall } = scores;
  return [
    ...table([
      ["类别", "违规", "检出", "召回率", "待定", "待定被标记"],
      ...scores.categories.map((score) => categoryRow(score.category, score)),
      categoryRow("合计", overall),
      categoryRow("不含 address", scores.withoutAddress),
    ]),
    "",
    `正常轮次 ${overall.clean},误报 ${overall.falsePositives};精确率 ${percent(overall.precision)}(检出 ${overall.caught},误报 ${overall.falsePositives})`,
    `客户轮次被标记: ${scores.customerTurnsFlagged}`,
    `未标注的轮次被标记: ${scores.unlabelledTurnsFlagged}`,
  ];
}

const CALL_HEADER = ["已做", "缺失", "判对", "误判缺失", "误判已做", "未判定", "准确率"];

function callRow(name: string, score: CallVerdictScore): string[] {
  return [
    name,
    ...[score.done, score.missing, score.right, score.falseMissing, score.falseDone, score.notJudged].map(String),
    percent(score.accuracy),
  ];
}

/** The verdicts of each whole-call rule on the calls labelled for it, of one source or of all. */
function callLines(scores: CallScores): string[] {
  return table([
    ["整段通话规则", ...CALL_HEADER],
    ...scores.callRules.map((score) => callRow(score.ruleId, score)),
    callRow("合计", scores.callVerdicts),
  ]);
}

/** What there is to show: turn labels, call labels, or both. */
interface Shown {
  turns: boolean;
  calls: boolean;
}

/** Whether any call of these scores was labelled. */
function hasCalls(scores: CallScores): boolean {
  return scores.callVerdicts.done + scores.callVerdicts.missing > 0;
}

/** One source's scores, or those of all together. */
function scoresLines(scores: TurnScores & CallScores, shown: Shown): string[] {
  return [
    ...(shown.turns ? scoreLines(scores) : []),
    ...(shown.turns && shown.calls ? [""] : []),
    ...(shown.calls ? callLines(scores) : []),
  ];
}

/** Each source's scores, then those of all together and a table of the sources side by side. */
function sourceLines(report: EvalReport, shown: Shown): string[] {
  const turnRow = (name: string, scores: TurnScores) => [
    name,
    String(scores.labelled.total),
    String(scores.overall.violations),
    String(scores.overall.caught),
    percent(scores.overall.recall),
    percent(scores.withoutAddress.recall),
    String(scores.overall.falsePositives),
    percent(scores.overall.precision),
    String(scores.customerTurnsFlagged),
  ];
  const name = (index: number) => `${index + 1} ${report.sources[index]!.name}`;
  return [
    ...report.sources.flatMap((source, index) => [
      `来源 ${index + 1}: ${source.name}(通话记录 ${source.files.transcripts.join("、")},${source.transcripts} 个)`,
      // A source without call labels (or without turn labels) shows no empty table of them.
      ...scoresLines(source, {
        turns: shown.turns && (source.labelled.total > 0 || !hasCalls(source)),
        calls: shown.calls && hasCalls(source),
      }),
      "",
    ]),
    `合计(${report.sources.length} 个来源)`,
    ...scoresLines(report, shown),
    "",
    ...(shown.turns
      ? table([
          ["来源", "标注", "违规", "检出", "召回率", "召回率(不含 address)", "误报", "精确率", "客户轮次被标记"],
          ...report.sources.map((source, index) => turnRow(name(index), source)),
          turnRow("合计", report),
        ])
      : []),
    ...(shown.turns && shown.calls ? [""] : []),
    ...(shown.calls
      ? table([
          ["来源", ...CALL_HEADER],
          ...report.sources.map((source, index) => callRow(name(index), source.callVerdicts)),
          callRow("合计", report.callVerdicts),
        ])
      : []),
  ];
}

function overturnedLine(hit: OverturnedHit, withSource: boolean): string {
  const who = hit.reviewer !== undefined ? `  复核: ${hit.reviewer}${hit.note ? `(${hit.note})` : ""}` : "";
  return `  ${hit.ruleId}  ${withSource ? `${hit.source}: ` : ""}${hit.id}#${hit.turn}  ${hit.matched.map(quote).join("、")}  ${quote(hit.text)}${who}`;
}

/** What one reviewer said: the label (and category), the mark on a hit, or the call's label. */
function said(says: ReviewerSays): string {
  const what = says.mark ?? `${says.label}${says.category ? `/${says.category}` : ""}`;
  return `${says.reviewer} ${what}${says.note ? `(${says.note})` : ""}`;
}

const SCORED_AS: Record<Disagreement["about"], string> = {
  label: "按待定计",
  hit: "此规则按待定计",
  call: "不计入",
};

function disagreementLine(disagreement: Disagreement, withSource: boolean): string {
  const where = `${withSource ? `${disagreement.source}: ` : ""}${disagreement.id}${disagreement.turn !== undefined ? `#${disagreement.turn}` : ""}`;
  const rule = disagreement.ruleId !== undefined ? `  ${disagreement.ruleId}` : "";
  const scored =
    disagreement.about === "label" && new Set(disagreement.says.map((says) => says.label)).size === 1
      ? "类别不同"
      : SCORED_AS[disagreement.about];
  const text = disagreement.text !== undefined ? `  ${quote(disagreement.text)}` : "";
  return `  ${where}${rule}  ${disagreement.says.map(said).join("、")} → ${scored}${text}`;
}

/** The hits per rule on turns (with what reviews confirmed and rejected, when there are reviews). */
function ruleTable(report: EvalReport): string[] {
  const reviewed = report.reviews.turns > 0;
  const hitting = report.rules.filter(
    (rule) => rule.violation + rule.rejected + rule.borderline + rule.clean + rule.customer + rule.unlabelled > 0,
  );
  const lines =
    hitting.length === 0
      ? []
      : table([
          ["规则", "违规", ...(reviewed ? ["其中确认", "驳回"] : []), "待定", "正常", "客户", "未标注", "精确率"],
          ...hitting.map((rule) => [
            rule.ruleId,
            ...[
              rule.violation,
              ...(reviewed ? [rule.confirmed, rule.rejected] : []),
              rule.borderline,
              rule.clean,
              rule.customer,
              rule.unlabelled,
            ].map(String),
            percent(rule.precision),
          ]),
        ]);
  const silent = report.rules.length - hitting.length;
  return silent > 0 ? [...lines, `(另有 ${silent} 条计入的规则没有标记任何轮次)`] : lines;
}

/**
 * The hits per rule on turns, then the misses and false positives with their text, and the
 * rejected hits the rules still make, when there are reviews.
 */
function turnListLines(report: EvalReport, show: ShowLimit, withSource: boolean): string[] {
  const lines = ruleTable(report);
  const line = (entry: TurnEntry) => entryLine(entry, withSource);
  return [
    ...lines,
    "",
    ...listed("漏报(违规轮次未被标记)", report.misses, show, line),
    "",
    ...listed("误报(正常轮次被标记)", report.falsePositives, show, line),
    ...(report.reviews.turns > 0
      ? [
          "",
          ...listed("复核驳回而规则仍报告的命中(按规则)", report.overturnedHits, show, (hit) =>
            overturnedLine(hit, withSource),
          ),
        ]
      : []),
  ];
}

/** The calls a whole-call rule judged wrongly, and those it could not judge. */
function callListLines(report: EvalReport, show: ShowLimit, withSource: boolean): string[] {
  const line = (entry: CallEntry) => callEntryLine(entry, withSource);
  return [
    ...listed("误判缺失(标注为已做,规则报告缺失)", report.falseMissingCalls, show, line),
    "",
    ...listed("误判已做(标注为缺失,规则未报告)", report.falseDoneCalls, show, line),
    ...(report.notJudgedCalls.length > 0
      ? ["", ...listed("未判定(规则无法判定此通话,如没有时间的静音规则)", report.notJudgedCalls, show, line)]
      : []),
  ];
}

/**
 * For people at a terminal, in Chinese: what was labelled and counted, recall per category
 * and overall (and without `address`), false positives and precision, unlabelled turns
 * flagged, and the verdicts of whole-call rules on the calls labelled for them — for each
 * source and for all together when there are several — hits per rule, then the misses and
 * false positives with their text, and the calls judged wrongly; with reviews, what they
 * confirmed and rejected per rule, the rejected hits the rules still make, and where the
 * reviewers disagree.
 */
export function formatEvalStylish(report: EvalReport, options: EvalStylishOptions = {}): string {
  const show = options.show ?? DEFAULT_SHOW;
  const { labelled, settings, callVerdicts, reviews, disagreements } = report;
  const several = report.sources.length > 1;
  const labelledCalls = callVerdicts.done + callVerdicts.missing;
  const shown = { turns: labelled.total > 0 || !hasCalls(report), calls: hasCalls(report) };
  const excluded = (reason: ExclusionReason) =>
    settings.excludedRules.filter((rule) => rule.reason === reason).map((rule) => rule.ruleId);
  const byType = excluded("type");
  const ignored = excluded("ignored");
  const counts = [
    ...(shown.turns
      ? [`标注 ${labelled.total} 轮: 违规 ${labelled.violation}、待定 ${labelled.borderline}、正常 ${labelled.clean}`]
      : []),
    ...(shown.calls
      ? [`整段通话标注 ${labelledCalls} 条: 已做 ${callVerdicts.done}、缺失 ${callVerdicts.missing}`]
      : []),
  ];
  const lines = [
    `${counts.join(";")}(${several ? `${report.sources.length} 个来源,` : ""}通话记录 ${report.transcripts} 个)`,
    ...(reviews.turns > 0
      ? [
          `复核 ${reviews.turns} 轮: 确认命中 ${reviews.confirmed}、驳回命中 ${reviews.rejected};复核者意见不一 ${disagreements.length} 处`,
        ]
      : disagreements.length > 0
        ? [`复核者意见不一 ${disagreements.length} 处`]
        : []),
    ...(shown.turns
      ? [
          `计入规则 ${settings.countedRules.length} 条,只计在某一轮的词句上报告的问题,级别不低于“${SEVERITY_LABEL[settings.minSeverity]}”`,
          ...(byType.length > 0 ? [`不计入(针对整段通话而非单轮,如缺少必说语句、计时): ${byType.join("、")}`] : []),
        ]
      : []),
    ...(shown.calls
      ? [`整段通话规则: 报告了问题(级别不低于“${SEVERITY_LABEL[settings.minSeverity]}”)即判为缺失,否则为已做`]
      : []),
    ...(ignored.length > 0 ? [`不计入(--ignore-rule/--only-rule): ${ignored.join("、")}`] : []),
    "",
    ...(several ? sourceLines(report, shown) : scoresLines(report, shown)),
    "",
    ...(shown.turns ? turnListLines(report, show, several) : []),
    ...(shown.turns && shown.calls ? [""] : []),
    ...(shown.calls ? callListLines(report, show, several) : []),
    ...(disagreements.length > 0
      ? [
          "",
          ...listed("复核者意见不一", disagreements, show, (disagreement) => disagreementLine(disagreement, several)),
        ]
      : []),
  ];
  return `${lines.join("\n")}\n`;
}
