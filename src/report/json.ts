import type { Reporter } from "./types.js";

/** `[{ file, violations }]`, one object per input file, for machines. */
export const json: Reporter = (results) =>
  JSON.stringify(
    results.map(({ file, id, violations }) => ({ file, ...(id !== undefined && { id }), violations })),
    null,
    2,
  ) + "\n";
