import { lazy, z } from "../util/zod.js";
import { HuashuError, type Diagnostic } from "../errors.js";
import type { SourcePosition } from "../transcript/model.js";
import { splitLines } from "../transcript/adapters/adapter.js";
import { parseJson, readShape } from "../transcript/adapters/json-document.js";
import { pushAll } from "../util/array.js";
import { DEFAULT_CATEGORY } from "../labels/categories.js";
import {
  HIT_MARKS,
  type CallLabelLine,
  type CallVerdict,
  type HitMark,
  type LabelVerdict,
  type TurnLabelLine,
} from "../labels/review-labels.js";

export type { CallVerdict, HitMark, LabelVerdict };

const reviewer = lazy(() => z.string().min(1).optional());

const labelSchema = lazy(() =>
  z.object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    turn: z.int().nonnegative(),
    label: z.enum(["violation", "borderline", "clean"]),
    category: z.string().min(1).optional(),
    span: z.string().optional(),
    note: z.string().optional(),
    text: z.string(),
    reviewer,
    hits: z.record(z.string().min(1), z.enum(HIT_MARKS)).optional(),
  }),
);

const callLabelSchema = lazy(() =>
  z.object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    rule: z.string().min(1),
    label: z.enum(["done", "missing"]),
    note: z.string().optional(),
    reviewer,
  }),
);

/**
 * One hand label: a reviewer's verdict on one turn of one transcript, a labels file's line
 * as read ({@link DEFAULT_CATEGORY} for a `violation` or `borderline` without a category, none
 * for `clean`), with its review marks by rule id and its place in the file.
 */
export interface Label extends Omit<TurnLabelLine, "hits"> {
  /** A review's verdict on the hits of the rules that flagged the turn (the line's `hits`), by rule id. */
  marks?: ReadonlyMap<string, HitMark>;
  /** Where the label is: its line in the labels file, and the position of its `text` value. */
  source: { file: string; line: number; text: SourcePosition };
}

/**
 * A reviewer's verdict on a whole call for one rule that judges calls, not turns (a
 * required phrase, a reply, a hold): whether the call has what the rule asks for
 * (`done`: it has, or nothing in it calls for it; `missing`: it lacks it).
 */
export interface CallLabel extends CallLabelLine {
  /** Where the label is: its line in the labels file, and the position of its `rule` value. */
  source: { file: string; line: number; rule: SourcePosition };
}

/** Labels read from a file, and what was wrong with the lines that could not be read. */
export interface ParsedLabels {
  /** Turn labels, in file order. */
  labels: Label[];
  /** Call labels (lines with `rule` instead of `turn`), in file order. */
  callLabels: CallLabel[];
  /** One per bad line (file, line, column, message); the good lines are still in `labels`. */
  diagnostics: Diagnostic[];
}

/**
 * Parses a labels file: JSON Lines, one {@link Label} (a turn's) or {@link CallLabel} (a
 * line with `rule` instead of `turn`) per line, blank lines skipped. Pure. A line that is not
 * JSON, not an object of the right shape (a `hits` mark other than `confirmed` or `rejected`,
 * a `clean` turn with a confirmed hit), or that labels a turn, or a call for a rule, that the
 * same `reviewer` (or a line without one) already labelled is reported with its line and
 * column; the other lines are kept. Labels of one turn by different reviewers are merged by
 * `mergeLabels` when scored.
 */
export function parseLabels(text: string, file: string): ParsedLabels {
  const labels: Label[] = [];
  const callLabels: CallLabel[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  /** Whether `key` is new; if not, a diagnostic at `at` says on which line it was labelled first. */
  const firstTime = (key: string, lineNumber: number, at: SourcePosition, what: string): boolean => {
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, lineNumber);
      return true;
    }
    diagnostics.push({ file, ...at, message: `${what}已在第 ${earlier} 行标注过` });
    return false;
  };
  splitLines(text).forEach((line, index) => {
    if (line.trim() === "") return;
    const lineNumber = index + 1;
    try {
      const document = parseJson(line, { file }, lineNumber);
      const root = document.root;
      if (typeof root === "object" && root !== null && "rule" in root) {
        const data = readShape(document, callLabelSchema, { file }, "整段通话标注");
        const at = document.positionAt(["rule"]);
        const key = `rule\u0000${data.reviewer ?? ""}\u0000${data.id}\u0000${data.rule}`;
        if (!firstTime(key, lineNumber, at, `${data.id} 的 ${data.rule} `)) return;
        callLabels.push({
          id: data.id,
          rule: data.rule,
          label: data.label,
          ...(data.note !== undefined && { note: data.note }),
          ...(data.reviewer !== undefined && { reviewer: data.reviewer }),
          source: { file, line: lineNumber, rule: document.textPositionAt(["rule"]) },
        });
        return;
      }
      const data = readShape(document, labelSchema, { file }, "标注");
      const marks = data.hits && new Map(Object.entries(data.hits));
      const confirmed = [...(marks ?? [])].find(([, mark]) => mark === "confirmed");
      if (data.label === "clean" && confirmed) {
        diagnostics.push({
          file,
          ...document.positionAt(["hits", confirmed[0]]),
          message: `标为 clean 的轮次不能有确认(confirmed)的命中: ${confirmed[0]}`,
        });
        return;
      }
      if (
        !firstTime(
          `turn\u0000${data.reviewer ?? ""}\u0000${data.id}\u0000${data.turn}`,
          lineNumber,
          document.positionAt(["turn"]),
          `${data.id} 第 ${data.turn} 轮`,
        )
      )
        return;
      const category = data.label === "clean" ? undefined : (data.category ?? DEFAULT_CATEGORY);
      labels.push({
        id: data.id,
        turn: data.turn,
        label: data.label,
        ...(category !== undefined && { category }),
        ...(data.span !== undefined && { span: data.span }),
        ...(data.note !== undefined && { note: data.note }),
        text: data.text,
        ...(data.reviewer !== undefined && { reviewer: data.reviewer }),
        ...(marks && { marks }),
        source: { file, line: lineNumber, text: document.textPositionAt(["text"]) },
      });
    } catch (error) {
      if (!(error instanceof HuashuError)) throw error;
      pushAll(diagnostics, error.diagnostics);
    }
  });
  if (labels.length === 0 && callLabels.length === 0 && diagnostics.length === 0)
    diagnostics.push({ file, message: "标注文件为空" });
  return { labels, callLabels, diagnostics };
}
