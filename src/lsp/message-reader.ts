import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from "vscode-languageserver/node";

/** The header that frames every message; the only one the server needs. */
const CONTENT_LENGTH = "Content-Length:";
const HEADER_END = "\r\n\r\n";
/** A header block longer than this is no header: the bytes are skipped to the next message. */
const MAX_HEADER_BYTES = 8192;
/** The largest message taken: far beyond any script an editor sends (2 MB documents are linted). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** The body length a header block gives: a decimal `Content-Length` within {@link MAX_MESSAGE_BYTES}, or undefined. */
function contentLength(header: string): number | undefined {
  for (const line of header.split("\r\n")) {
    const colon = line.indexOf(":");
    if (line.slice(0, colon).trim().toLowerCase() !== "content-length") continue;
    const value = line.slice(colon + 1).trim();
    return /^\d+$/.test(value) && Number(value) <= MAX_MESSAGE_BYTES ? Number(value) : undefined;
  }
  return undefined;
}

/**
 * Reads LSP messages (`Content-Length` header, blank line, JSON body) from a stream. Unlike the
 * library's reader it resynchronises on a broken header — none, a negative or absurd length, no
 * end of headers — by skipping to the next `Content-Length`, instead of waiting for bytes that
 * never come; it takes every whole message a chunk holds at once; and it reports the end of its
 * input (`onClose`) whether or not a message was cut short, so that the server can exit.
 * A body that is no JSON is reported on `onError` and skipped, as before.
 */
export class FramedMessageReader extends AbstractMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The length of the body being waited for, once its header has been read. */
  private bodyLength: number | undefined;
  /** Whether bytes are being skipped after a broken header (warned of once). */
  private skipping = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    /** Hears about a broken header, in Chinese, for the server's log. */
    private readonly warn: (message: string) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string) => this.take(Buffer.from(chunk), callback);
    const onEnd = () => this.fireClose();
    const onError = (error: Error) => this.fireError(error);
    this.input.on("data", onData);
    this.input.on("end", onEnd);
    this.input.on("close", onEnd);
    this.input.on("error", onError);
    return {
      dispose: () => {
        this.input.off("data", onData);
        this.input.off("end", onEnd);
        this.input.off("close", onEnd);
        this.input.off("error", onError);
      },
    };
  }

  /** Adds a chunk and hands on every message now complete. */
  private take(chunk: Buffer, callback: DataCallback): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.bodyLength === undefined && !this.readHeader()) return;
      if (this.buffered < this.bodyLength!) return;
      const body = this.consume(this.bodyLength!);
      this.bodyLength = undefined;
      let message: Message;
      try {
        message = JSON.parse(body.toString("utf8")) as Message;
      } catch (error) {
        this.fireError(error);
        continue;
      }
      callback(message);
    }
  }

  /** Reads the next header block; false when it is not complete yet. A broken one is skipped. */
  private readHeader(): boolean {
    for (;;) {
      const bytes = this.joined();
      const end = bytes.indexOf(HEADER_END);
      if (end < 0) {
        if (bytes.length <= MAX_HEADER_BYTES) return false;
        // Keep what may be the start of the next header.
        this.skipBroken(bytes, bytes.subarray(0, 80).toString("latin1"), bytes.length - CONTENT_LENGTH.length + 1);
        continue;
      }
      const header = bytes.subarray(0, end).toString("latin1");
      const length = contentLength(header);
      if (length === undefined) {
        this.skipBroken(bytes, header, end + HEADER_END.length);
        continue;
      }
      this.consume(end + HEADER_END.length);
      this.bodyLength = length;
      this.skipping = false;
      return true;
    }
  }

  /**
   * Skips a broken header: drops the bytes up to the next `Content-Length` (a body after a
   * broken header is no header either), or else the first `otherwise` bytes. One warning for
   * all that is skipped before the next good header.
   */
  private skipBroken(bytes: Buffer, header: string, otherwise: number): void {
    if (!this.skipping)
      this.warn(`消息头无效(缺少 Content-Length 或其值无效),已跳到下一条消息: ${JSON.stringify(header.slice(0, 80))}`);
    this.skipping = true;
    const next = bytes.indexOf(CONTENT_LENGTH, 1);
    this.consume(next < 0 ? otherwise : next);
  }

  /** Everything buffered, as one buffer (joined only when it is in pieces). */
  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Takes the first `count` bytes off the buffer. */
  private consume(count: number): Buffer {
    const bytes = this.joined();
    const rest = bytes.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return bytes.subarray(0, count);
  }
}
