import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Message } from "vscode-languageserver/node";
import { FramedMessageReader } from "../src/lsp/message-reader.js";

/** One message, framed as LSP frames it. */
function frame(body: string): Buffer {
  return Buffer.concat([Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`), Buffer.from(body)]);
}

/** A reader on a stream: what it hands on, warns of, reports as errors, and whether it saw the end. */
function readerOn() {
  const input = new PassThrough();
  const seen = {
    messages: [] as Array<Message & { id?: number; params?: { text: string } }>,
    warnings: [] as string[],
    errors: 0,
    closed: false,
  };
  const reader = new FramedMessageReader(input, (message) => seen.warnings.push(message));
  reader.onError(() => seen.errors++);
  reader.onClose(() => (seen.closed = true));
  reader.listen((message) => seen.messages.push(message));
  return { input, seen };
}

const ping = (id: number) => JSON.stringify({ jsonrpc: "2.0", id, method: "ping" });

describe("FramedMessageReader", () => {
  it("hands on every whole message of a chunk at once, and a message split over many chunks once whole", () => {
    const { input, seen } = readerOn();
    input.write(Buffer.concat([frame(ping(1)), frame(ping(2))]));
    expect(seen.messages.map((m) => m.id)).toEqual([1, 2]);
    const big = JSON.stringify({ jsonrpc: "2.0", method: "big", params: { text: "喂".repeat(700_000) } });
    const bytes = frame(big);
    for (let start = 0; start < bytes.length; start += 65536) input.write(bytes.subarray(start, start + 65536));
    expect(seen.messages).toHaveLength(3);
    expect(seen.messages[2]!.params!.text).toHaveLength(700_000);
  });

  it.each([
    ["no Content-Length", "X-Foo: 1\r\n\r\n"],
    ["a negative one", "Content-Length: -5\r\n\r\n"],
    ["one past the limit", "Content-Length: 99999999999\r\n\r\n"],
    ["a header that never ends", "x".repeat(10_000)],
  ])("skips a header with %s, with one warning, and reads the next message", (_, broken) => {
    const { input, seen } = readerOn();
    input.write(Buffer.concat([Buffer.from(broken), frame(ping(1))]));
    expect(seen.messages).toEqual([JSON.parse(ping(1))]);
    expect(seen.warnings).toHaveLength(1);
  });

  it("reports a body that is no JSON as an error and goes on", () => {
    const { input, seen } = readerOn();
    input.write(Buffer.concat([frame("{oops"), frame(ping(1))]));
    expect(seen).toMatchObject({ errors: 1, messages: [JSON.parse(ping(1))] });
  });

  it("reports the end of its input, also in the middle of a message", async () => {
    const { input, seen } = readerOn();
    input.end('Content-Length: 100\r\n\r\n{"jsonrpc"');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.closed).toBe(true);
  });
});
