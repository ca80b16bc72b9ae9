import { z } from "zod";
import { HuashuError } from "../errors.js";
import type { Transcript } from "./model.js";

const milliseconds = z.number().finite().nonnegative();

/** The shape of a {@link Transcript} given as data (generic JSON input, library callers). */
export const transcriptSchema = z.object({
  id: z.string().optional(),
  agentId: z.string().optional(),
  kind: z.enum(["script", "transcript"]).optional(),
  turns: z.array(
    z.object({
      speaker: z.enum(["agent", "customer", "other"]),
      text: z.string(),
      start: milliseconds.optional(),
      end: milliseconds.optional(),
      source: z.object({ line: z.int().positive(), column: z.int().positive() }).optional(),
    }),
  ),
}) satisfies z.ZodType<Transcript>;

/** Checks that `value` is a transcript; throws {@link HuashuError} naming the first bad field. */
export function assertTranscript(value: unknown, file?: string): asserts value is Transcript {
  // A custom error map halves zod's speed, so it is only used to explain a failure.
  if (transcriptSchema.safeParse(value).success) return;
  const parsed = transcriptSchema.safeParse(value, { error: z.locales.zhCN().localeError });
  if (!parsed.success) {
    throw new HuashuError(
      parsed.error.issues.map((issue) => ({
        ...(file !== undefined && { file }),
        message: `对话数据 ${issue.path.map(String).join(".") || "(根)"}: ${issue.message}`,
      })),
    );
  }
}
