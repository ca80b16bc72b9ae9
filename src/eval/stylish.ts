import { quote, SEVERITY_LABEL } from "../report/text.js";
import type { CategoryScore, EvalReport, ExclusionReason, Ratio, TurnEntry, TurnScores } from "./evaluate.js";

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
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => width(row[column] ?? ""))));
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

function listed(title: string, entries: readonly TurnEntry[], show: ShowLimit, withSource: boolean): string[] {
  const shown = show === "all" ? entries : entries.slice(0, show);
  const count =
    shown.length === entries.length
      ? `${entries.length}`
      : `${entries.length},列出前 ${shown.length} 条(--show all 列出全部)`;
  return [`${title}: ${count}`, ...shown.map((entry) => entryLine(entry, withSource))];
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

/** Each source's scores, then those of all together and a table of the sources side by side. */
function sourceLines(report: EvalReport): string[] {
  const summaryRow = (name: string, scores: TurnScores) => [
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
  return [
    ...report.sources.flatMap((source, index) => [
      `来源 ${index + 1}: ${source.name}(通话记录 ${source.files.transcripts.join("、")},${source.transcripts} 个)`,
      ...scoreLines(source),
      "",
    ]),
    `合计(${report.sources.length} 个来源)`,
    ...scoreLines(report),
    "",
    ...table([
      ["来源", "标注", "违规", "检出", "召回率", "召回率(不含 address)", "误报", "精确率", "客户轮次被标记"],
      ...report.sources.map((source, index) => summaryRow(`${index + 1} ${source.name}`, source)),
      summaryRow("合计", report),
    ]),
  ];
}

/**
 * For people at a terminal, in Chinese: what was labelled and counted, recall per category
 * and overall (and without `address`), false positives and precision, unlabelled turns
 * flagged — for each source and for all together when there are several — hits per rule,
 * then the misses and false positives with their text.
 */
export function formatEvalStylish(report: EvalReport, options: EvalStylishOptions = {}): string {
  const show = options.show ?? DEFAULT_SHOW;
  const { labelled, settings } = report;
  const several = report.sources.length > 1;
  const excluded = (reason: ExclusionReason) =>
    settings.excludedRules.filter((rule) => rule.reason === reason).map((rule) => rule.ruleId);
  const byType = excluded("type");
  const ignored = excluded("ignored");
  const lines = [
    `标注 ${labelled.total} 轮: 违规 ${labelled.violation}、待定 ${labelled.borderline}、正常 ${labelled.clean}(${several ? `${report.sources.length} 个来源,` : ""}通话记录 ${report.transcripts} 个)`,
    `计入规则 ${settings.countedRules.length} 条,只计在某一轮的词句上报告的问题,级别不低于“${SEVERITY_LABEL[settings.minSeverity]}”`,
    ...(byType.length > 0 ? [`不计入(针对整段通话而非单轮,如缺少必说语句、计时): ${byType.join("、")}`] : []),
    ...(ignored.length > 0 ? [`不计入(--ignore-rule/--only-rule): ${ignored.join("、")}`] : []),
    "",
    ...(several ? sourceLines(report) : scoreLines(report)),
    "",
  ];
  const hitting = report.rules.filter(
    (rule) => rule.violation + rule.borderline + rule.clean + rule.customer + rule.unlabelled > 0,
  );
  if (hitting.length > 0) {
    lines.push(
      ...table([
        ["规则", "违规", "待定", "正常", "客户", "未标注", "精确率"],
        ...hitting.map((rule) => [
          rule.ruleId,
          ...[rule.violation, rule.borderline, rule.clean, rule.customer, rule.unlabelled].map(String),
          percent(rule.precision),
        ]),
      ]),
    );
  }
  const silent = report.rules.length - hitting.length;
  if (silent > 0) lines.push(`(另有 ${silent} 条计入的规则没有标记任何轮次)`);
  lines.push(
    "",
    ...listed("漏报(违规轮次未被标记)", report.misses, show, several),
    "",
    ...listed("误报(正常轮次被标记)", report.falsePositives, show, several),
  );
  return `${lines.join("\n")}\n`;
}
