import { lazy, z } from "../util/zod.js";
import { HuashuError } from "../errors.js";
import type { Transcript, Turn } from "./model.js";
import { chineseZodErrors } from "../util/chinese-errors.js";

const TURN_SPEAKERS = ["agent", "customer", "other"] as const;
const TRANSCRIPT_KINDS = ["script", "transcript"] as const;
const milliseconds = lazy(() => z.number().finite().nonnegative());

/** The shape of a {@link Transcript} given as data (generic JSON input, library callers). */
export const transcriptSchema = lazy(
  () =>
    z.object({
      id: z.string().optional(),
      agentId: z.string().optional(),
      kind: z.enum(TRANSCRIPT_KINDS).optional(),
      wholeCall: z.boolean().optional(),
      turns: z.array(
        z.object({
          speaker: z.enum(TURN_SPEAKERS),
          text: z.string(),
          start: milliseconds.optional(),
          end: milliseconds.optional(),
          source: z.object({ line: z.int().positive(), column: z.int().positive() }).optional(),
        }),
      ),
    }) satisfies z.ZodType<Transcript>,
);

/**
 * What is wrong with the times of a turn that follows one starting at `previousStart` (the
 * previous turn's start; `undefined` for the first turn or an untimed previous one), if
 * anything: a start after its end (a speech rate of 780,000 字/分钟), or a start before the
 * previous turn's (silence, response and window rules read the turns in time order). The one
 * check for adapters, `lint()` and streaming sessions alike.
 */
export function turnTimesProblem(
  turn: Pick<Turn, "start" | "end">,
  previousStart: number | undefined,
): string | undefined {
  if (turn.start !== undefined && turn.end !== undefined && turn.start > turn.end)
    return `开始时间 ${turn.start} 晚于结束时间 ${turn.end}`;
  if (turn.start !== undefined && previousStart !== undefined && turn.start < previousStart) {
    return `开始时间 ${turn.start} 早于上一轮的 ${previousStart},各轮须按开始时间排列`;
  }
  return undefined;
}

// The schema's enums, so that the shortcut below cannot drift from it (and needs no zod).
const SPEAKERS: ReadonlySet<unknown> = new Set(TURN_SPEAKERS);
const KINDS: ReadonlySet<unknown> = new Set([undefined, ...TRANSCRIPT_KINDS]);

const isOptionalString = (value: unknown) => value === undefined || typeof value === "string";
const isOptionalMilliseconds = (value: unknown) =>
  value === undefined || (typeof value === "number" && Number.isFinite(value) && value >= 0);
const isPositiveInteger = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
/** A JSON object: not null, not an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether `value` plainly has the shape of {@link transcriptSchema}: a hand-written check that
 * accepts nothing the schema refuses (anything unusual is left to zod). Every lint checks its
 * input, and zod costs as much as linting a short transcript. Exported for its test.
 */
export function plainlyTranscript(value: unknown): boolean {
  if (!isRecord(value) || !isOptionalString(value.id) || !isOptionalString(value.agentId) || !KINDS.has(value.kind))
    return false;
  if (value.wholeCall !== undefined && typeof value.wholeCall !== "boolean") return false;
  if (!Array.isArray(value.turns)) return false;
  for (const turn of value.turns as unknown[]) {
    if (!isRecord(turn) || !SPEAKERS.has(turn.speaker) || typeof turn.text !== "string") return false;
    if (!isOptionalMilliseconds(turn.start) || !isOptionalMilliseconds(turn.end)) return false;
    const source = turn.source;
    if (
      source !== undefined &&
      !(isRecord(source) && isPositiveInteger(source.line) && isPositiveInteger(source.column))
    )
      return false;
  }
  return true;
}

/** Checks that `value` is a transcript; throws {@link HuashuError} naming the first bad field. */
export function assertTranscript(value: unknown, file?: string): asserts value is Transcript {
  // A custom error map halves zod's speed, so it is only used to explain a failure.
  if (plainlyTranscript(value) || transcriptSchema.safeParse(value).success) {
    assertTurnTimes((value as Transcript).turns, file);
    return;
  }
  const parsed = transcriptSchema.safeParse(value, { error: chineseZodErrors });
  if (!parsed.success) {
    throw new HuashuError(
      parsed.error.issues.map((issue) => ({
        ...(file !== undefined && { file }),
        message: `对话数据 ${issue.path.map(String).join(".") || "(根)"}: ${issue.message}`,
      })),
    );
  }
}

/** Throws {@link HuashuError} at the first turn whose times {@link turnTimesProblem} refuses. */
function assertTurnTimes(turns: readonly Turn[], file: string | undefined): void {
  turns.forEach((turn, index) => {
    const problem = turnTimesProblem(turn, turns[index - 1]?.start);
    if (problem)
      throw new HuashuError([
        { ...(file !== undefined && { file }), ...turn.source, message: `对话数据 turns.${index}: ${problem}` },
      ]);
  });
}
