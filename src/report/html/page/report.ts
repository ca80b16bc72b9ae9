// The report's data as the page holds it: unpacked from the page (page.ts), with what data.ts
// left out of each violation filled back in from its rule's row.
import type { CallView, ReportData, RuleView, ViolationView } from "../data.js";

/** A violation with its rule's severity, message and standard wording, and the text it is about. */
export interface ShownViolation extends ViolationView {
  severity: NonNullable<ViolationView["severity"]>;
  message: string;
  text: string;
}

/** A call whose violations are complete. */
export interface ShownCall extends Omit<CallView, "violations"> {
  violations: ShownViolation[];
}

/** What every view reads: the data, its calls complete, the rules by id. */
export interface Report extends Omit<ReportData, "calls"> {
  calls: ShownCall[];
  ruleById: ReadonlyMap<string, RuleView>;
}

/** The report's data: gzipped JSON in base64 (page.ts). */
export async function unpack(base64: string): Promise<ReportData> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(inflated).text()) as ReportData;
}

/** The report with each violation filled in from its rule's row (data.ts leaves out what the row says). */
export function shownReport(data: ReportData): Report {
  const ruleById = new Map(data.rules.map((rule) => [rule.id, rule]));
  const calls = data.calls.map((call) => ({
    ...call,
    violations: call.violations.map((v) => {
      const rule = ruleById.get(v.rule)!;
      return {
        ...v,
        severity: v.severity ?? rule.severity,
        message: v.message ?? rule.message,
        suggestion: v.suggestion ?? rule.suggestion,
        text: v.text ?? textOf(call, v),
      };
    }),
  }));
  return { ...data, calls, ruleById };
}

/** The text a violation is about, from the turns: the match, else the turns it concerns. */
function textOf(call: CallView, v: ViolationView): string {
  const turns = call.turns ?? [];
  if (v.kind === "span") return turns[v.turn]!.text.slice(v.from, v.to);
  return turns
    .slice(v.turn, v.endTurn + 1)
    .map((turn) => turn.text)
    .join("\n");
}

/** A call's name in lists and titles: its id, else its file. */
export const callName = (call: ShownCall): string => call.id ?? call.file;

/** A rule's message, or its id when the report has no row for it. */
export const ruleMessage = (report: Report, id: string): string => report.ruleById.get(id)?.message ?? id;

/** A violation's message with its detail. */
export const withDetail = (v: ShownViolation): string => (v.detail ? `${v.message}(${v.detail})` : v.message);

/** A violation with its number in its call (its index there), which its element's id (`v-N`) carries. */
export interface Numbered {
  v: ShownViolation;
  number: number;
}

/** A call's violations with their numbers. */
export const numbered = (call: ShownCall): Numbered[] => call.violations.map((v, number) => ({ v, number }));
