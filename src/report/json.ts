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
const saysWhatItsRuleSays = (violation: Violation, rule: JsonRule) =>
  RULE_FIELDS.every((field) => violation[field] === rule[field]);

/** Writes a {@link JsonReport} result by result, keeping the rules and notices seen for its end. */
class JsonReportWriter {
  private readonly rules = new Map<string, JsonRule>();
  private readonly notices: Notice[] = [];
  private readonly noticeIndex = new Map<string, number>();

  result(result: FileResult): JsonReport["results"][number] {
    const { file, id, agentId, score, passed, baselined } = result;
    return {
      file,
      ...(id !== undefined && { id }),
      ...(agentId !== undefined && { agentId }),
      violations: result.violations.map((violation) => this.violation(violation)),
      notices: result.notices.map((notice) => this.notice(notice)),
      score,
      passed,
      deductions: result.deductions.map(({ autoFail, ...deduction }) =>
        autoFail ? { ...deduction, autoFail } : deduction,
      ),
      ...(baselined !== undefined && { baselined }),
    };
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
    for (const key in violation) {
      const value = violation[key as keyof Violation];
      if (shared && (RULE_FIELDS as readonly string[]).includes(key)) continue;
      if ((key === "speaker" && value === "agent") || (key === "endLine" && value === violation.line)) continue;
      compact[key] = value;
    }
    return compact as JsonViolation;
  }

  private notice(notice: Notice): number {
    const key = `${notice.ruleId}\n${notice.message}`;
    let index = this.noticeIndex.get(key);
    if (index === undefined) {
      index = this.notices.push({ ruleId: notice.ruleId, message: notice.message }) - 1;
      this.noticeIndex.set(key, index);
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
