/** One line of input, or the byte count of a line too long to hold (its bytes were dropped). */
export type BoundedLine = { text: string } | { tooLong: number };

/**
 * Splits a byte stream into lines (LF, with any CR before it removed) without ever holding
 * more than `maxBytes` of one line: a longer line is skipped to its end and comes as
 * `{ tooLong }`, so that a 600 MB line costs no more memory than a short one. Lines are
 * decoded as UTF-8. Reads on only as the lines are taken, so a slow consumer slows the input.
 */
export async function* boundedLines(
  input: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): AsyncGenerator<BoundedLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let dropping = false;
  const take = (part: Buffer) => {
    length += part.length;
    if (length > maxBytes) {
      dropping = true;
      parts = [];
    } else if (!dropping && part.length > 0) parts.push(part);
  };
  const line = (): BoundedLine => {
    const result = dropping ? { tooLong: length } : { text: Buffer.concat(parts).toString("utf8").replace(/\r$/, "") };
    parts = [];
    length = 0;
    dropping = false;
    return result;
  };
  for await (const chunk of input) {
    const bytes =
      typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (let newline = bytes.indexOf(10, from); newline >= 0; newline = bytes.indexOf(10, from)) {
      take(bytes.subarray(from, newline));
      from = newline + 1;
      yield line();
    }
    take(bytes.subarray(from));
  }
  if (length > 0 || dropping) yield line();
}
