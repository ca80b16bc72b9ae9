import { z } from "../../util/zod.js";

/** Milliseconds per unit of the sources' times. */
const MS_PER_UNIT = { ms: 1, s: 1000, us: 0.001 } as const;

/**
 * A time in `unit`, given as a number or a decimal string (iFlytek writes `"820"`, protobuf
 * JSON writes 64-bit integers as strings), as whole milliseconds.
 */
export function timeIn(unit: keyof typeof MS_PER_UNIT) {
  return z.unknown().transform((value, context) => {
    const number =
      typeof value === "number"
        ? value
        : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)
          ? Number(value)
          : NaN;
    const ms = Math.round(number * MS_PER_UNIT[unit]);
    if (Number.isFinite(ms) && ms >= 0) return ms;
    context.addIssue({
      code: "custom",
      message: `时间应为非负数(数字或数字字符串,单位 ${unit}),实际为 ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  });
}

const CLOCK = /^(?:(\d{1,5}):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})$/;

/**
 * `hh:mm:ss,mmm` (SRT), `hh:mm:ss.mmm` or `mm:ss.mmm` (WebVTT) in ms; writers that put `.` in
 * SRT or `,` in WebVTT are accepted too. `undefined` when `text` is not such a time.
 */
export function parseClock(text: string): number | undefined {
  const match = CLOCK.exec(text);
  if (!match) return undefined;
  const [, hours = "0", minutes, seconds, fraction] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(fraction!.padEnd(3, "0"));
}
