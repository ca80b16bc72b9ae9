import { z } from "zod";
import { HuashuError, type Diagnostic } from "../errors.js";
import type { SourcePosition } from "../transcript/model.js";
import { splitLines } from "../transcript/adapters/adapter.js";
import { parseJson, readShape } from "../transcript/adapters/json-document.js";
import { pushAll } from "../util/array.js";

/** How a reviewer judged one turn. */
export type LabelVerdict = "violation" | "borderline" | "clean";

/** How a reviewer judged a call against a whole-call rule: it has what the rule asks for, or lacks it. */
export type CallVerdict = "done" | "missing";

/** The category of a `violation` or `borderline` turn without one. */
export const DEFAULT_CATEGORY = "other";

const labelSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  turn: z.int().nonnegative(),
  label: z.enum(["violation", "borderline", "clean"]),
  category: z.string().min(1).optional(),
  span: z.string().optional(),
  note: z.string().optional(),
  text: z.string(),
});

const callLabelSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  rule: z.string().min(1),
  label: z.enum(["done", "missing"]),
  note: z.string().optional(),
});

/** One hand label: a reviewer's verdict on one turn of one transcript. */
export interface Label {
  /** The transcript's id. */
  id: string;
  /** Index of the turn in its transcript, counting every turn from 0 (customer turns included). */
  turn: number;
  label: LabelVerdict;
  /** What kind of problem, for `violation` and `borderline` ({@link DEFAULT_CATEGORY} when not given); absent for `clean`. */
  category?: string;
  /** The words that cause the label, as copied from `text`. */
  span?: string;
  /** The reviewer's reason. */
  note?: string;
  /** The turn's text, as in the transcript: checked, so that a wrong `turn` does not go unnoticed. */
  text: string;
  /** Where the label is: its line in the labels file, and the position of its `text` value. */
  source: { file: string; line: number; text: SourcePosition };
}

/**
 * A reviewer's verdict on a whole call for one rule that judges calls, not turns (a
 * required phrase, a reply, a hold): whether the call has what the rule asks for.
 */
export interface CallLabel {
  /** The transcript's id. */
  id: string;
  /** The id of the rule judged, e.g. `flow.closing.anything-else`. */
  rule: string;
  /** `done`: the call has what the rule asks for, or nothing in it calls for it; `missing`: it lacks it. */
  label: CallVerdict;
  /** The reviewer's reason. */
  note?: string;
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
 * JSON, not an object of the right shape, or that labels a turn, or a call for a rule,
 * already labelled is reported with its line and column; the other lines are kept.
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
        if (!firstTime(`rule\u0000${data.id}\u0000${data.rule}`, lineNumber, at, `${data.id} 的 ${data.rule} `)) return;
        callLabels.push({
          id: data.id,
          rule: data.rule,
          label: data.label,
          ...(data.note !== undefined && { note: data.note }),
          source: { file, line: lineNumber, rule: document.textPositionAt(["rule"]) },
        });
        return;
      }
      const data = readShape(document, labelSchema, { file }, "标注");
      if (
        !firstTime(
          `turn\u0000${data.id}\u0000${data.turn}`,
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
