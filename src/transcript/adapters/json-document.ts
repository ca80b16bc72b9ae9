import { z } from "../../util/zod.js";
import { HuashuError } from "../../errors.js";
import { describePath } from "../../util/path.js";
import type { SourcePosition } from "../model.js";
import { inputError, type AdapterOptions } from "./adapter.js";
import { chineseZodErrors } from "../../util/chinese-errors.js";
import { lastIndexAtMost, lineStartsOf } from "../../util/sorted.js";

/** Deeper nesting than this is no transcript; refusing it keeps the parser off the stack limit. */
const MAX_DEPTH = 256;

/** A parsed JSON text that remembers where each value starts, for diagnostics and turn sources. */
export class JsonDocument {
  private lineStarts: number[] | undefined;

  constructor(
    readonly root: unknown,
    private readonly text: string,
    /** Offset of each member's value, by container. */
    private readonly offsets: Map<object, Map<PropertyKey, number>>,
    private readonly rootOffset: number,
    /** Line number of the text's first line (JSONL: the line in the file). */
    private readonly firstLine = 1,
    /** For JSON embedded in a string: that string's position, which every value reports. */
    private readonly container?: SourcePosition,
  ) {}

  /** Where the value at `path` starts, or its nearest existing ancestor. */
  positionAt(path: readonly PropertyKey[]): SourcePosition {
    return this.container ?? this.locate(this.offsetAt(path));
  }

  /**
   * The JSON text held by the string at `path` (iFlytek nests JSON in strings), parsed. Its
   * values report the position of that string: offsets inside an escaped string are not
   * offsets in the file. Throws {@link HuashuError} there when the nested JSON is bad.
   */
  embedded(path: readonly PropertyKey[], options: AdapterOptions): JsonDocument {
    const at = this.positionAt(path);
    try {
      const inner = parseJson(String(valueAt(this.root, path)), {});
      return new JsonDocument(inner.root, "", new Map(), 0, 1, at);
    } catch (error) {
      if (!(error instanceof HuashuError)) throw error;
      const { column, message } = error.diagnostics[0]!;
      return inputError(options, at, `${describePath(path)} 内嵌的 JSON 第 ${column} 个字符处: ${message}`);
    }
  }

  /** Where the first character of the string at `path` is (just past its opening quote). */
  textPositionAt(path: readonly PropertyKey[]): SourcePosition {
    const { line, column } = this.positionAt(path);
    return { line, column: column + 1 };
  }

  private offsetAt(path: readonly PropertyKey[]): number {
    let value = this.root;
    let offset = this.rootOffset;
    for (const key of path) {
      const child = typeof value === "object" && value !== null ? this.offsets.get(value)?.get(key) : undefined;
      if (child === undefined) break;
      offset = child;
      value = (value as Record<PropertyKey, unknown>)[key];
    }
    return offset;
  }

  private locate(offset: number): SourcePosition {
    this.lineStarts ??= lineStartsOf(this.text);
    const line = lastIndexAtMost(this.lineStarts, offset);
    return { line: this.firstLine + line, column: offset - this.lineStarts[line]! + 1 };
  }
}

/** The value at `path` below `root`, if every step is an object or array that has it. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A JSON parser (RFC 8259, like `JSON.parse`) that records where every value starts. */
class PositionParser {
  private offset = 0;
  readonly offsets = new Map<object, Map<PropertyKey, number>>();

  constructor(
    private readonly text: string,
    private readonly fail: (offset: number, message: string) => never,
  ) {}

  parseRoot(): { root: unknown; rootOffset: number } {
    this.skipWhitespace();
    const rootOffset = this.offset;
    const root = this.value(0);
    this.skipWhitespace();
    if (this.offset < this.text.length) this.fail(this.offset, "JSON 语法错误: 数据结束后还有多余内容");
    return { root, rootOffset };
  }

  private skipWhitespace(): void {
    const { text } = this;
    let code = text.charCodeAt(this.offset);
    while (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) code = text.charCodeAt(++this.offset);
  }

  private unexpected(): never {
    if (this.offset >= this.text.length) this.fail(this.offset, "JSON 不完整: 数据意外结束(文件可能被截断)");
    this.fail(this.offset, `JSON 语法错误: 意外的字符 “${String.fromCodePoint(this.text.codePointAt(this.offset)!)}”`);
  }

  private expect(char: string): void {
    this.skipWhitespace();
    if (this.text[this.offset] !== char) this.unexpected();
    this.offset++;
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(this.offset, `JSON 嵌套超过 ${MAX_DEPTH} 层`);
    this.skipWhitespace();
    switch (this.text[this.offset]) {
      case "{":
        return this.object(depth);
      case "[":
        return this.array(depth);
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", null);
      default:
        return this.number();
    }
  }

  /** Reads `,`-separated members from the opening bracket at the offset up to `close`. */
  private members(close: string, member: () => void): void {
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === close) {
      this.offset++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      member();
      this.skipWhitespace();
      const next = this.text[this.offset];
      if (next === close) {
        this.offset++;
        return;
      }
      if (next !== ",") this.unexpected();
      this.offset++;
    }
  }

  private object(depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const offsets = new Map<PropertyKey, number>();
    this.offsets.set(object, offsets);
    this.members("}", () => {
      if (this.text[this.offset] !== '"') this.unexpected();
      const key = this.string();
      this.expect(":");
      this.skipWhitespace();
      offsets.set(key, this.offset);
      const value = this.value(depth + 1);
      // A "__proto__" key must stay data, as in JSON.parse; defineProperty is slow, so only then.
      if (key === "__proto__")
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
    });
    return object;
  }

  private array(depth: number): unknown[] {
    const array: unknown[] = [];
    const offsets = new Map<PropertyKey, number>();
    this.offsets.set(array, offsets);
    this.members("]", () => {
      offsets.set(array.length, this.offset);
      array.push(this.value(depth + 1));
    });
    return array;
  }

  private string(): string {
    const { text } = this;
    const start = this.offset;
    let result = "";
    let chunkStart = ++this.offset;
    for (;;) {
      const code = text.charCodeAt(this.offset);
      if (Number.isNaN(code)) this.fail(start, "JSON 不完整: 字符串没有结束(文件可能被截断)");
      if (code === 0x22) break;
      if (code < 0x20) this.fail(this.offset, "JSON 语法错误: 字符串中有未转义的控制字符(如换行)");
      if (code !== 0x5c) {
        this.offset++;
        continue;
      }
      result += text.slice(chunkStart, this.offset);
      const escape = text[this.offset + 1];
      if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(this.offset + 2, this.offset + 6))) {
        result += String.fromCharCode(parseInt(text.slice(this.offset + 2, this.offset + 6), 16));
        this.offset += 6;
      } else if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) {
        result += ESCAPES[escape];
        this.offset += 2;
      } else {
        this.fail(this.offset, "JSON 语法错误: 无效的转义序列");
      }
      chunkStart = this.offset;
    }
    result += text.slice(chunkStart, this.offset);
    this.offset++;
    return result;
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.offset)) this.unexpected();
    this.offset += word.length;
    return value;
  }

  private number(): number {
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.text);
    if (!match) this.unexpected();
    this.offset += match[0].length;
    return Number(match[0]);
  }
}

/**
 * Skips over JSON text known to be valid (`JSON.parse` took it), finding where the `text` of
 * each element of the root's `turns` starts without building any value: what a JSONL line of
 * huashu's own shape needs of {@link PositionParser}, at a fraction of its cost.
 */
class TurnTextScanner {
  /** A container opened deeper than {@link MAX_DEPTH}: {@link parseJson} must judge the text. */
  tooDeep = false;

  constructor(private readonly text: string) {}

  /** The offsets of the texts' opening quotes, -1 for a turn without `text`; the last `turns` said counts. */
  scan(): number[] {
    let offsets: number[] = [];
    this.members(this.whitespaceEnd(0), (key, value) => {
      if (key !== "turns") return this.valueEnd(value, 1);
      offsets = [];
      return this.elements(value, (element) => {
        let textAt = -1;
        const end = this.members(element, (turnKey, turnValue) => {
          if (turnKey === "text") textAt = turnValue;
          return this.valueEnd(turnValue, 3);
        });
        offsets.push(textAt);
        return end;
      });
    });
    return offsets;
  }

  /** Takes each member of the object at `at` (its key, where its value starts) to the value's end; returns the object's end. */
  private members(at: number, member: (key: string, value: number) => number): number {
    const { text } = this;
    let offset = this.whitespaceEnd(at + 1);
    if (text.charCodeAt(offset) === 0x7d) return offset + 1;
    for (;;) {
      const keyEnd = this.stringEnd(offset);
      const raw = text.slice(offset + 1, keyEnd - 1);
      const key = raw.includes("\\") ? (JSON.parse(text.slice(offset, keyEnd)) as string) : raw;
      offset = this.whitespaceEnd(member(key, this.whitespaceEnd(this.whitespaceEnd(keyEnd) + 1)));
      if (this.tooDeep || text.charCodeAt(offset) === 0x7d) return offset + 1;
      offset = this.whitespaceEnd(offset + 1);
    }
  }

  /** Takes each element of the array at `at` to its end; returns the array's end. */
  private elements(at: number, element: (start: number) => number): number {
    const { text } = this;
    let offset = this.whitespaceEnd(at + 1);
    if (text.charCodeAt(offset) === 0x5d) return offset + 1;
    for (;;) {
      offset = this.whitespaceEnd(element(offset));
      if (this.tooDeep || text.charCodeAt(offset) === 0x5d) return offset + 1;
      offset = this.whitespaceEnd(offset + 1);
    }
  }

  /** The end of the value at `at`, inside `depth` containers. */
  private valueEnd(at: number, depth: number): number {
    const { text } = this;
    const first = text.charCodeAt(at);
    if (first === 0x22) return this.stringEnd(at);
    if (first !== 0x7b && first !== 0x5b) {
      let offset = at;
      while (offset < text.length && !",}] \t\n\r".includes(text[offset]!)) offset++;
      return offset;
    }
    for (let offset = at, open = 0; ;) {
      const code = text.charCodeAt(offset);
      if (code === 0x22) {
        offset = this.stringEnd(offset);
        continue;
      }
      if (code === 0x7b || code === 0x5b) {
        if (depth + ++open > MAX_DEPTH) {
          this.tooDeep = true;
          return text.length;
        }
      } else if ((code === 0x7d || code === 0x5d) && --open === 0) return offset + 1;
      offset++;
    }
  }

  /** The end of the string whose opening quote is at `at`: past the first quote not escaped. */
  private stringEnd(at: number): number {
    const { text } = this;
    for (let quote = text.indexOf('"', at + 1); ; quote = text.indexOf('"', quote + 1)) {
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
    }
  }

  private whitespaceEnd(at: number): number {
    const { text } = this;
    let code = text.charCodeAt(at);
    while (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) code = text.charCodeAt(++at);
    return at;
  }
}

/**
 * Where the `text` of each element of the root's `turns` starts — the offset of its opening
 * quote, -1 for a turn without one — in `text` that `JSON.parse` accepted, whose root is an
 * object and whose `turns` are objects; what {@link JsonDocument.textPositionAt} would say
 * of each. Undefined when the text nests deeper than {@link parseJson} accepts.
 */
export function turnTextOffsets(text: string): number[] | undefined {
  const scanner = new TurnTextScanner(text);
  const offsets = scanner.scan();
  return scanner.tooDeep ? undefined : offsets;
}

/**
 * Parses JSON, keeping the position of every value. `firstLine` numbers the text's first line
 * (a JSONL line's number in its file). Throws {@link HuashuError} at the first syntax error.
 */
export function parseJson(text: string, options: AdapterOptions, firstLine = 1): JsonDocument {
  const parser = new PositionParser(text, (offset, message) =>
    inputError(options, new JsonDocument(undefined, text, new Map(), offset, firstLine).positionAt([]), message),
  );
  const { root, rootOffset } = parser.parseRoot();
  return new JsonDocument(root, text, parser.offsets, rootOffset, firstLine);
}

/** Issues listed per file at most: a wrong shape repeats the same issue in every element. */
const MAX_ISSUES = 10;

/**
 * Checks the value at `path` of a parsed document against a format's schema and returns the
 * typed data.
 * Throws {@link HuashuError} with every issue (up to ten) at the line and column of the
 * offending value.
 */
export function readShape<T>(
  document: JsonDocument,
  schema: z.ZodType<T>,
  options: AdapterOptions,
  format: string,
  path: readonly PropertyKey[] = [],
): T {
  const value = valueAt(document.root, path);
  // A custom error map halves zod's speed, so it is only used to explain a failure.
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const explained = schema.safeParse(value, { error: chineseZodErrors });
  const issues = (explained.error ?? parsed.error).issues.slice(0, MAX_ISSUES);
  throw new HuashuError(
    issues.map((issue) => {
      const issuePath = [...path, ...issue.path];
      return {
        ...(options.file !== undefined && { file: options.file }),
        ...document.positionAt(issuePath),
        message: `不是有效的 ${format} 数据: ${describePath(issuePath) || "(根)"}: ${issue.message}`,
      };
    }),
  );
}
