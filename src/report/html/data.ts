import { createHash } from "node:crypto";
import { offsetInTurn, turnEnd } from "../../engine/context.js";
import type { Notice, Violation } from "../../engine/violation.js";
import type { Severity } from "../../rules/common.js";
import type { Rule } from "../../rules/registry.js";
import type { Speaker, Turn } from "../../transcript/model.js";
import { MAX_SCORE } from "../../rules/scoring.js";
import { extent } from "../../util/array.js";
import type { FileResult } from "../types.js";

/** Examples kept per rule: enough to recognise the pattern, little enough for 100,000 hits. */
const EXAMPLES_PER_RULE = 5;
/** Rules named per agent. */
const TOP_RULES_PER_AGENT = 3;
/** Width of a histogram bin, in points. */
const BIN_WIDTH = 10;

/**
 * How a violation is shown in the conversation: `span` highlights the matched text, `missing`
 * marks where an expected phrase was not said, `timing` marks the turns a timing rule measured
 * (and puts the violation on the timeline), `turns` marks whole turns, `file` is about the file
 * (a suppression comment), not a turn. Decided by the violation's `region`, not its rule type.
 */
export type ViolationKind = "span" | "missing" | "timing" | "turns" | "file";

/**
 * A violation as the page shows it. To keep a report of thousands of calls small, what the
 * rule's row says is left out (`severity`, `message`, `suggestion`: absent = the rule's; an
 * empty suggestion = none though the rule has one), and so is `text` when the page can take it
 * from the turns.
 */
export interface ViolationView {
  rule: string;
  severity?: Severity;
  message?: string;
  suggestion?: string;
  detail?: string;
  text?: string;
  kind: ViolationKind;
  /** First and last turn concerned (-1 for `file`). */
  turn: number;
  endTurn: number;
  /** For `span`: the matched text is `turns[turn].text.slice(from, to)`. */
  from?: number;
  to?: number;
  /** ms from the call's start, when the transcript has times. */
  start?: number;
  end?: number;
}

/** A turn as the page shows it. */
export interface TurnView {
  speaker: Speaker;
  text: string;
  start?: number;
  end?: number;
}

/** One call (transcript) of the report. */
export interface CallView {
  file: string;
  id?: string;
  agent?: string;
  score: number;
  passed: boolean;
  /** Violations by severity: error, warning, info. */
  counts: [number, number, number];
  /** Distinct rules hit, in order of first violation. */
  rules: string[];
  violations: ViolationView[];
  /** Rules that could not be judged on the call: indexes into {@link ReportData.notices}. */
  notices: number[];
  /** The conversation, when the results carry it. */
  turns?: TurnView[];
}

/** One rule's row: what it found across the calls. */
export interface RuleView {
  id: string;
  type: string;
  severity: Severity;
  message: string;
  suggestion?: string;
  /** Where the rule comes from (standard document and section). */
  source?: string;
  /** The rule's tags: a review's confirmed hit takes its category from them (labels/categories.ts). */
  tags?: string[];
  /** Violations of the rule. */
  hits: number;
  /** Calls with at least one. */
  calls: number;
  /** `calls` / all calls. */
  share: number;
  /** Points the rule took off, over all calls (from the results' deductions). */
  points: number;
  /** A few matched texts, with the index of their call. */
  examples: { call: number; text: string }[];
}

/** One agent's row. */
export interface AgentView {
  agent: string;
  calls: number;
  passed: number;
  passRate: number;
  meanScore: number;
  /** The rules the agent broke most, most first. */
  topRules: { rule: string; hits: number }[];
}

/** The figures at the top of the report. */
export interface SummaryView {
  calls: number;
  files: number;
  passed: number;
  passRate: number;
  meanScore: number;
  /** Calls per score band of {@link BIN_WIDTH} points, the top band including its upper end. */
  histogram: { label: string; calls: number }[];
  violations: number;
  severities: Record<Severity, number>;
  /** Calls with at least one violation. */
  callsWithViolations: number;
  /** Call lengths (ms from the first turn's start to the last turn's end) when transcripts carry times. */
  durations?: { calls: number; shortest: number; longest: number; total: number };
}

/** Everything the page shows, computed here so that the page only displays, filters and sorts. */
export interface ReportData {
  /**
   * The report's own id: a hash of its calls (conversations and violations), the same each time
   * the same input is linted with the same rules. A review in the page is kept under it.
   */
  id: string;
  generatedAt: string;
  /** Every call carries its conversation. */
  hasTurns: boolean;
  summary: SummaryView;
  rules: RuleView[];
  agents: AgentView[];
  calls: CallView[];
  /** Every distinct notice (a rule that could not be judged, and why), with how many calls had it. */
  notices: (Notice & { calls: number })[];
}

/** Computes the report's figures from results; pure (the time of generation is given). */
export function reportData(
  results: readonly FileResult[],
  rules: readonly Rule[] = [],
  generatedAt = new Date(),
): ReportData {
  const ruleViews = ruleRows(results, rules);
  const byId = new Map(ruleViews.map((row) => [row.id, row]));
  const notices: ReportData["notices"] = [];
  const noticeIndex = new Map<string, number>();
  const noticeOf = (notice: Notice): number => {
    const key = JSON.stringify([notice.ruleId, notice.message]);
    let index = noticeIndex.get(key);
    if (index === undefined) {
      noticeIndex.set(key, (index = notices.length));
      notices.push({ ...notice, calls: 0 });
    }
    notices[index]!.calls++;
    return index;
  };
  const calls = results.map((result) => callView(result, byId, noticeOf));
  return {
    id: createHash("sha256").update(JSON.stringify(calls)).digest("hex").slice(0, 16),
    generatedAt: generatedAt.toISOString(),
    hasTurns: results.length > 0 && results.every((result) => result.turns !== undefined),
    summary: summary(results, calls),
    rules: ruleViews,
    agents: agentRows(calls),
    calls,
    notices,
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function summary(results: readonly FileResult[], calls: readonly CallView[]): SummaryView {
  const passed = calls.filter((call) => call.passed).length;
  const severities: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const result of results) for (const v of result.violations) severities[v.severity]++;
  // Scores are at most MAX_SCORE (rule files and saved results are checked): a few hundred bands at most.
  const top = Math.min(Math.max(100, extent(calls.map((call) => call.score))?.max ?? 0), MAX_SCORE);
  const bins = Math.ceil(top / BIN_WIDTH);
  const histogram = Array.from({ length: bins }, (_, bin) => ({
    label: bin === bins - 1 ? `${bin * BIN_WIDTH}–${top}` : `${bin * BIN_WIDTH}–${bin * BIN_WIDTH + BIN_WIDTH - 1}`,
    calls: 0,
  }));
  for (const call of calls) histogram[Math.min(Math.max(Math.floor(call.score / BIN_WIDTH), 0), bins - 1)]!.calls++;
  const lengths = results
    .map((result) => (result.turns ? callLength(result.turns) : undefined))
    .filter((length) => length !== undefined);
  const lengthRange = extent(lengths);
  return {
    calls: calls.length,
    files: new Set(results.map((result) => result.file)).size,
    passed,
    passRate: calls.length === 0 ? 0 : passed / calls.length,
    meanScore: mean(calls.map((call) => call.score)),
    histogram,
    violations: severities.error + severities.warning + severities.info,
    severities,
    callsWithViolations: calls.filter((call) => call.violations.length > 0).length,
    ...(lengthRange && {
      durations: {
        calls: lengths.length,
        shortest: lengthRange.min,
        longest: lengthRange.max,
        total: lengths.reduce((sum, length) => sum + length, 0),
      },
    }),
  };
}

/** From the first start to the last end (or start), when some turn has times. */
function callLength(turns: readonly Turn[]): number | undefined {
  const starts = extent(turns.map((turn) => turn.start).filter((time) => time !== undefined));
  const ends = extent(turns.map((turn) => turn.end ?? turn.start).filter((time) => time !== undefined));
  return starts && ends && ends.max - starts.min;
}

function callView(
  result: FileResult,
  ruleRowsById: ReadonlyMap<string, RuleView>,
  noticeOf: (notice: Notice) => number,
): CallView {
  const rules = [...new Set(result.violations.map((v) => v.ruleId))];
  const turns = result.turns;
  return {
    file: result.file,
    ...(result.id !== undefined && { id: result.id }),
    ...(result.agentId !== undefined && { agent: result.agentId }),
    score: result.score,
    passed: result.passed,
    counts: [result.errorCount, result.warningCount, result.infoCount],
    rules,
    violations: result.violations.map((v) => violationView(v, turns, ruleRowsById.get(v.ruleId)!)),
    notices: result.notices.map(noticeOf),
    ...(turns && {
      turns: turns.map(({ speaker, text, start, end }) => ({
        speaker,
        text,
        ...(start !== undefined && { start }),
        ...(end !== undefined && { end }),
      })),
    }),
  };
}

function violationView(v: Violation, turns: readonly Turn[] | undefined, rule: RuleView): ViolationView {
  const view: ViolationView = { rule: v.ruleId, kind: "turns", turn: v.turn, endTurn: v.turn };
  if (v.severity !== rule.severity) view.severity = v.severity;
  if (v.message !== rule.message) view.message = v.message;
  if (v.suggestion !== rule.suggestion) view.suggestion = v.suggestion ?? "";
  if (v.detail !== undefined) view.detail = v.detail;
  if (v.start !== undefined) view.start = v.start;
  if (v.end !== undefined) view.end = v.end;
  const overTurns = v.region === "timing" ? "timing" : v.region === "window" ? "missing" : "turns";
  const turn = turns?.[v.turn];
  if (v.turn < 0 || !turns || !turn) {
    view.text = v.text;
    view.kind = v.turn < 0 ? "file" : overTurns;
    return view;
  }
  const endAt = { line: v.endLine, column: v.endColumn };
  if (v.region === "match") {
    const from = offsetInTurn(turn, v.turn, v);
    const to = offsetInTurn(turn, v.turn, endAt);
    if (to > from && turn.text.slice(from, to) === v.text) {
      view.kind = "span";
      view.from = from;
      view.to = to;
      return view;
    }
  }
  view.kind = overTurns;
  // Over whole turns: it ends where the last of them ends. (Positions alone cannot tell turns
  // apart when several share a line, as in JSON, and a turn's text has line breaks.)
  for (let index = v.turn; index < turns.length; index++) {
    const end = turnEnd(turns[index]!, index);
    if (end.line === endAt.line && end.column === endAt.column) {
      view.endTurn = index;
      break;
    }
  }
  return view;
}

function ruleRows(results: readonly FileResult[], rules: readonly Rule[]): RuleView[] {
  const rows = new Map<string, RuleView>();
  const row = (
    id: string,
    fallback: () => Omit<RuleView, "hits" | "calls" | "share" | "points" | "examples">,
  ): RuleView => {
    let found = rows.get(id);
    if (!found) rows.set(id, (found = { ...fallback(), hits: 0, calls: 0, share: 0, points: 0, examples: [] }));
    return found;
  };
  for (const rule of rules) {
    row(rule.id, () => ({
      id: rule.id,
      type: rule.type,
      severity: rule.severity,
      message: rule.message,
      ...(rule.suggestion !== undefined && { suggestion: rule.suggestion }),
      ...(rule.source !== undefined && { source: rule.source }),
      ...(rule.tags !== undefined && { tags: [...rule.tags] }),
    }));
  }
  results.forEach((result, index) => {
    const seen = new Set<string>();
    for (const v of result.violations) {
      const found = row(v.ruleId, () => ({
        id: v.ruleId,
        type: v.type,
        severity: v.severity,
        message: v.message,
        ...(v.suggestion !== undefined && { suggestion: v.suggestion }),
      }));
      found.hits++;
      if (!seen.has(v.ruleId)) {
        seen.add(v.ruleId);
        found.calls++;
        if (found.examples.length < EXAMPLES_PER_RULE) found.examples.push({ call: index, text: v.text });
      }
    }
    for (const deduction of result.deductions) {
      const found = rows.get(deduction.ruleId);
      if (found) found.points += deduction.points;
    }
  });
  for (const found of rows.values()) found.share = results.length === 0 ? 0 : found.calls / results.length;
  return [...rows.values()].sort((a, b) => b.hits - a.hits || (a.id < b.id ? -1 : 1));
}

function agentRows(calls: readonly CallView[]): AgentView[] {
  const byAgent = new Map<string, CallView[]>();
  for (const call of calls) {
    if (call.agent === undefined) continue;
    const own = byAgent.get(call.agent);
    if (own) own.push(call);
    else byAgent.set(call.agent, [call]);
  }
  return [...byAgent]
    .map(([agent, own]) => {
      const hits = new Map<string, number>();
      for (const call of own) for (const v of call.violations) hits.set(v.rule, (hits.get(v.rule) ?? 0) + 1);
      const passed = own.filter((call) => call.passed).length;
      return {
        agent,
        calls: own.length,
        passed,
        passRate: passed / own.length,
        meanScore: mean(own.map((call) => call.score)),
        topRules: [...hits]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, TOP_RULES_PER_AGENT)
          .map(([rule, count]) => ({ rule, hits: count })),
      };
    })
    .sort((a, b) => a.agent.localeCompare(b.agent, "zh"));
}
