import { z } from "zod";
import { HuashuError, type Diagnostic } from "../errors.js";
import type { SourcePosition } from "../transcript/model.js";
import { splitLines } from "../transcript/adapters/adapter.js";
import { parseJson, readShape } from "../transcript/adapters/json-document.js";

/** How a reviewer judged one turn. */
export type LabelVerdict = "violation" | "borderline" | "clean";

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

/** Labels read from a file, and what was wrong with the lines that could not be read. */
export interface ParsedLabels {
  labels: Label[];
  /** One per bad line (file, line, column, message); the good lines are still in `labels`. */
  diagnostics: Diagnostic[];
}

/**
 * Parses a labels file: JSON Lines, one {@link Label} object per line, blank lines skipped.
 * Pure. A line that is not JSON, not an object of the right shape, or that labels a turn
 * already labelled is reported with its line and column; the other lines are kept.
 */
export function parseLabels(text: string, file: string): ParsedLabels {
  const labels: Label[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  splitLines(text).forEach((line, index) => {
    if (line.trim() === "") return;
    const lineNumber = index + 1;
    try {
      const document = parseJson(line, { file }, lineNumber);
      const data = readShape(document, labelSchema, { file }, "标注");
      const key = `${data.id}\u0000${data.turn}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        diagnostics.push({
          file,
          ...document.positionAt(["turn"]),
          message: `${data.id} 第 ${data.turn} 轮已在第 ${earlier} 行标注过`,
        });
        return;
      }
      seen.set(key, lineNumber);
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
      diagnostics.push(...error.diagnostics);
    }
  });
  if (labels.length === 0 && diagnostics.length === 0) diagnostics.push({ file, message: "标注文件为空" });
  return { labels, diagnostics };
}
