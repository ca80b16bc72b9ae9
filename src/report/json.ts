import type { Deduction, Notice, Violation } from "../engine/violation.js";
import { batchReporter, type StreamingReporter } from "./stream.js";
import type { FileResult } from "./types.js";

/** What `jsonl` gives for one transcript: a whole result, each line standing on its own. */
export function jsonObject({
  file,
  id,
  agentId,
  violations,
  notices,
  score,
  passed,
  deductions,
  baselined,
}: FileResult) {
  return {
    file,
    ...(id !== undefined && { id }),
    ...(agentId !== undefined && { agentId }),
    violations,
    notices,
    score,
    passed,
    deductions,
    ...(baselined !== undefined && { baselined }),
  };
}

/** One transcript's result as {@link jsonObject} gives it, and as {@link expandJsonReport} gives it back. */
export type JsonResult = ReturnType<typeof jsonObject>;

/** What every violation of a rule says alike: said once, in the JSON report's `rules`. */
export interface JsonRule {
  id: string;
  type: Violation["type"];
  severity: Violation["severity"];
  message: string;
  suggestion?: string;
}

/**
 * A violation in the JSON report. Without `message`, it takes `type`, `severity`, `message`
 * and `suggestion` from its rule's entry in the report's `rules`; a violation that does not
 * say what its rule's entry says (a problem with a suppression comment) carries all four
 * itself. `speaker` is absent for `agent`, `endLine` when it is `line`.
 */
export type JsonViolation = Omit<Violation, "type" | "severity" | "message" | "speaker" | "endLine"> &
  Partial<Pick<Violation, "type" | "severity" | "message" | "speaker" | "endLine">>;

/** A deduction in the JSON report: `autoFail` is absent when false. */
export type JsonDeduction = Omit<Deduction, "autoFail"> & { autoFail?: true };

/**
 * What `huashu lint --format json` writes: one JSON document. What repeats across results is
 * said once — each rule's message and suggestion in `rules`, each notice in `notices` — so that
 * the report stays smaller than twice its input.
 */
export interface JsonReport {
  results: Array<{
    file: string;
    id?: string;
    agentId?: string;
    violations: JsonViolation[];
    /** Rules that could not be judged on this transcript: indexes into the report's `notices`. */
    notices: number[];
    score: number;
    passed: boolean;
    deductions: JsonDeduction[];
    /** Known violations a baseline left out. */
    baselined?: number;
  }>;
  /** The rules that have violations in the report, each once, in the order they were first met. */
  rules: JsonRule[];
  /** The distinct notices of the report's results (a rule that could not be judged, and why). */
  notices: Notice[];
}

/** The parts of a violation its rule's entry says for it, in {@link JsonRule}'s order. */
const RULE_FIELDS = ["type", "severity", "message", "suggestion"] as const;

/** Whether `violation` says what `rule` says, field by field (an absent suggestion included). */
function saysWhatItsRuleSays(violation: Violation, rule: JsonRule): boolean {
  for (const field of RULE_FIELDS) if (violation[field] !== rule[field]) return false;
  return true;
}

/** Whether the report leaves `key` out of `violation`: what its rule's entry says (`shared`), or a default. */
function leftOut(key: string, violation: Violation, shared: boolean): boolean {
  if ((RULE_FIELDS as readonly string[]).includes(key)) return shared;
  if (key === "speaker") return violation.speaker === "agent";
  return key === "endLine" && violation.endLine === violation.line;
}

/** A deduction as the report gives it: its other fields in their order, then `autoFail` only when true. */
function jsonDeduction(deduction: Deduction): JsonDeduction {
  const json: Record<string, unknown> = {};
  for (const key in deduction) if (key !== "autoFail") json[key] = deduction[key as keyof Deduction];
  if (deduction.autoFail) json.autoFail = deduction.autoFail;
  return json as JsonDeduction;
}

/**
 * Writes a {@link JsonReport} result by result, keeping the rules and notices seen for its end.
 * Objects are built field by field, without spreads, and notices looked up without joining
 * strings: for a large input this is most of the report's cost after `JSON.stringify`.
 */
class JsonReportWriter {
  private readonly rules = new Map<string, JsonRule>();
  private readonly notices: Notice[] = [];
  /** Index in {@link notices} by rule id, then by message. */
  private readonly noticeIndex = new Map<string, Map<string, number>>();

  result(result: FileResult): JsonReport["results"][number] {
    const { file, id, agentId, score, passed, baselined } = result;
    const json: Partial<JsonReport["results"][number]> = { file };
    if (id !== undefined) json.id = id;
    if (agentId !== undefined) json.agentId = agentId;
    json.violations = result.violations.map((violation) => this.violation(violation));
    json.notices = result.notices.map((notice) => this.notice(notice));
    json.score = score;
    json.passed = passed;
    json.deductions = result.deductions.map(jsonDeduction);
    if (baselined !== undefined) json.baselined = baselined;
    return json as JsonReport["results"][number];
  }

  /** The report's `rules` and `notices`, as JSON members. */
  tables(): string {
    return `"rules":${JSON.stringify([...this.rules.values()])},\n"notices":${JSON.stringify(this.notices)}`;
  }

  private violation(violation: Violation): JsonViolation {
    let rule = this.rules.get(violation.ruleId);
    if (rule === undefined) {
      const { ruleId: id, type, severity, message, suggestion } = violation;
      rule = { id, type, severity, message, ...(suggestion !== undefined && { suggestion }) };
      this.rules.set(id, rule);
    }
    const shared = saysWhatItsRuleSays(violation, rule);
    const compact: Record<string, unknown> = {};
    for (const key in violation) if (!leftOut(key, violation, shared)) compact[key] = violation[key as keyof Violation];
    return compact as JsonViolation;
  }

  private notice({ ruleId, message }: Notice): number {
    let byMessage = this.noticeIndex.get(ruleId);
    if (byMessage === undefined) this.noticeIndex.set(ruleId, (byMessage = new Map()));
    let index = byMessage.get(message);
    if (index === undefined) {
      index = this.notices.push({ ruleId, message }) - 1;
      byMessage.set(message, index);
    }
    return index;
  }
}

/**
 * {@link json}, streamed: each result on a line of its own and without indentation (which
 * would make a third of the report's bytes), the rules and notices they refer to at the end.
 */
export const jsonStream: StreamingReporter = () => {
  const writer = new JsonReportWriter();
  let count = 0;
  return {
    start: () => '{"results":[',
    result: (result) => `${count++ === 0 ? "" : ","}\n${JSON.stringify(writer.result(result))}`,
    end: () => `${count === 0 ? "" : "\n"}],\n${writer.tables()}}\n`,
  };
};

/** A {@link JsonReport}, one object per transcript with rules and notices said once; see docs/cli.md. */
export const json = batchReporter(jsonStream);

/**
 * The results of a {@link JsonReport} as {@link jsonObject} gives them: every violation with
 * its rule's fields, every notice and deduction whole. Throws a message in Chinese when a
 * violation's rule or a notice is not in the report's tables.
 */
export function expandJsonReport(report: JsonReport): JsonResult[] {
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  return report.results.map(({ violations, notices, deductions, ...rest }) => ({
    ...rest,
    violations: violations.map((violation): Violation => {
      const { speaker = "agent", endLine = violation.line } = violation;
      if (violation.message !== undefined) return { ...violation, speaker, endLine } as Violation;
      const rule = rules.get(violation.ruleId);
      if (rule === undefined) throw new Error(`规则 “${violation.ruleId}” 不在报告的 rules 中`);
      const { id, ...fields } = rule;
      return { ...violation, ...fields, ruleId: id, speaker, endLine };
    }),
    notices: notices.map((index) => {
      const notice = report.notices[index];
      if (notice === undefined) throw new Error(`提示序号 ${index} 不在报告的 notices 中`);
      return notice;
    }),
    deductions: deductions.map((deduction) => ({ ...deduction, autoFail: deduction.autoFail === true })),
  }));
}
