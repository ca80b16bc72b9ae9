import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeBytes,
  HuashuError,
  MAX_INPUT_BYTES,
  MAX_TURN_LENGTH,
  parseTranscripts,
  type Diagnostic,
  type InputFormat,
} from "../src/index.js";

/** The diagnostics of the HuashuError `run` throws (and fails if it throws nothing or another error). */
function diagnosticsOf(run: () => unknown): readonly Diagnostic[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HuashuError);
    return (error as HuashuError).diagnostics;
  }
  throw new Error("expected a HuashuError");
}

const parse = (text: string, format?: InputFormat) => () =>
  parseTranscripts(text, { file: "in.x", ...(format !== undefined && { format }) });

describe("bad input gets a clear error naming file, line and column", () => {
  it("truncated JSON: where the data ends", () => {
    const text = readFileSync("fixtures/transcripts/alibaba-asr.json", "utf8").slice(0, 300);
    const lines = text.split("\n");
    expect(diagnosticsOf(parse(text, "alibaba-asr"))).toEqual([
      expect.objectContaining({ file: "in.x", line: lines.length, message: expect.stringMatching(/JSON 不完整/) }),
    ]);
  });

  it("an unterminated string: where the string starts", () => {
    const secondLine = '  "turns": [{"speaker": "agent", "text": "您好';
    expect(diagnosticsOf(parse(`{\n${secondLine}`, "json"))).toEqual([
      {
        file: "in.x",
        line: 2,
        column: secondLine.lastIndexOf('"') + 1,
        message: expect.stringMatching(/字符串没有结束/),
      },
    ]);
  });

  it("syntax errors: the offending character", () => {
    expect(diagnosticsOf(parse('{"turns": [1,,2]}', "json"))[0]).toMatchObject({
      line: 1,
      column: 14,
      message: expect.stringMatching(/意外的字符 “,”/),
    });
    expect(diagnosticsOf(parse('{"turns": []} x', "json"))[0]).toMatchObject({
      line: 1,
      column: 15,
      message: expect.stringMatching(/多余内容/),
    });
    expect(diagnosticsOf(parse("[".repeat(10_000), "json"))[0]!.message).toMatch(/嵌套超过/);
  });

  it("wrong shapes: every bad field, at its value", () => {
    const text =
      '{"Result": {"Sentences": [\n  {"Text": 42, "BeginTime": 0},\n  {"Text": "好", "BeginTime": "soon"},\n  {"Text": "好", "EndTime": -5}\n]}}';
    expect(diagnosticsOf(parse(text, "alibaba-asr"))).toEqual([
      {
        file: "in.x",
        line: 2,
        column: 12,
        message: expect.stringMatching(/^不是有效的 阿里云录音文件识别 数据: Result\.Sentences\[0\]\.Text: /),
      },
      {
        file: "in.x",
        line: 3,
        column: 30,
        message: expect.stringMatching(/Sentences\[1\]\.BeginTime: 时间应为非负数.*实际为 "soon"/),
      },
      {
        file: "in.x",
        line: 4,
        column: 28,
        message: expect.stringMatching(/Sentences\[2\]\.EndTime: 时间应为非负数.*实际为 -5/),
      },
    ]);
    expect(diagnosticsOf(parse('{"tickets": "none"}', "alibaba-sca"))[0]).toMatchObject({ line: 1, column: 13 });
    expect(diagnosticsOf(parse("[]", "whisper"))[0]).toMatchObject({
      line: 1,
      column: 1,
      message: expect.stringMatching(/\(根\)/),
    });
  });

  it("iflytek: bad nested JSON is reported at the orderResult string", () => {
    const text = '{"content": {\n  "orderResult": "{\\"lattice\\": [{\\"json_1best\\": \\"{oops\\"}]}"}}';
    expect(diagnosticsOf(parse(text, "iflytek"))).toEqual([
      {
        file: "in.x",
        line: 2,
        column: 18,
        message: expect.stringMatching(/^lattice\[0\]\.json_1best 内嵌的 JSON 第 2 个字符处/),
      },
    ]);
  });

  it("jsonl: every bad line is listed with its line number", () => {
    const text = '{"id":"a","turns":[]}\n{"id":"b","turns":\n\n{"id":"c","turns":[{"speaker":"agent"}]}\n';
    expect(diagnosticsOf(parse(text, "jsonl"))).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/JSON 不完整/) }),
      expect.objectContaining({ line: 4, message: expect.stringMatching(/turns\[0\]\.text/) }),
    ]);
    const garbage = Array.from({ length: 50 }, (_, i) => `not json ${i}`).join("\n");
    const diagnostics = diagnosticsOf(parse(garbage, "jsonl"));
    expect(diagnostics).toHaveLength(21);
    expect(diagnostics[20]!.message).toBe("另有 30 行有错误未列出");
  });

  it("subtitles: bad timing lines and a missing WEBVTT header", () => {
    expect(diagnosticsOf(parse("1\n00:00:01 --> 00:00:02\n您好\n", "srt"))).toEqual([
      { file: "in.x", line: 2, column: 1, message: expect.stringMatching(/不是有效的 SRT 时间行/) },
    ]);
    expect(diagnosticsOf(parse("1\n您好\n", "srt"))[0]).toMatchObject({ line: 2 });
    expect(diagnosticsOf(parse("00:01.000 --> 00:02.000\n您好\n", "webvtt"))[0]).toMatchObject({
      line: 1,
      message: expect.stringMatching(/WEBVTT/),
    });
  });

  it("an empty file, or one of only whitespace", () => {
    for (const text of ["", "\uFEFF", " \n\t\n"])
      expect(diagnosticsOf(parse(text))).toEqual([{ file: "in.x", line: 1, column: 1, message: "文件为空" }]);
  });

  it("a 1 MB line is refused as an over-long turn, naming its line, in every line-based format", () => {
    const long = "我".repeat(1 << 20);
    expect(diagnosticsOf(parse(`坐席:您好\n坐席:${long}\n`, "script"))).toEqual([
      {
        file: "in.x",
        line: 2,
        column: 4,
        message: expect.stringMatching(new RegExp(`单句过长\\(${1 << 20} 个字符,上限 ${MAX_TURN_LENGTH}\\)`)),
      },
    ]);
    expect(diagnosticsOf(parse(`{"turns":[{"speaker":"agent","text":"${long}"}]}`, "jsonl"))[0]).toMatchObject({
      line: 1,
      column: 38,
    });
    expect(diagnosticsOf(parse(`1\n00:00:01,000 --> 00:00:02,000\n${long}\n`, "srt"))[0]).toMatchObject({ line: 3 });
    // A turn just under the limit is fine.
    expect(parseTranscripts("我".repeat(MAX_TURN_LENGTH))[0]!.turns).toHaveLength(1);
  });
});

describe("decoding bytes", () => {
  const script = readFileSync("fixtures/transcripts/script.txt", "utf8");
  const utf16 = (text: string, encoding: "utf16le" | "utf16be") => {
    const bytes = Buffer.from(`\uFEFF${text}`, "utf16le");
    return encoding === "utf16le" ? bytes : bytes.swap16();
  };

  it("detects UTF-8 with and without BOM, UTF-16 LE/BE by BOM and GBK by content", () => {
    expect(decodeBytes(Buffer.from(script))).toEqual({ text: script, encoding: "utf-8", warnings: [] });
    expect(decodeBytes(Buffer.from(`\uFEFF${script}`))).toMatchObject({ text: script, encoding: "utf-8" });
    expect(decodeBytes(utf16(script, "utf16le"))).toMatchObject({ text: script, encoding: "utf-16le" });
    expect(decodeBytes(utf16(script, "utf16be"))).toMatchObject({ text: script, encoding: "utf-16be" });
    expect(decodeBytes(readFileSync("fixtures/transcripts/script-gbk.txt"))).toMatchObject({
      text: script,
      encoding: "gb18030",
    });
  });

  it("decodes as told with --encoding, strictly", () => {
    expect(decodeBytes(readFileSync("fixtures/transcripts/script-gbk.txt"), { encoding: "GBK" })).toMatchObject({
      text: script,
      encoding: "gbk",
    });
    expect(
      diagnosticsOf(() => decodeBytes(Buffer.from([0x41, 0xff, 0xff]), { file: "a.txt", encoding: "utf-8" })),
    ).toEqual([{ file: "a.txt", line: 1, column: 2, message: "文件不是有效的 utf-8 编码" }]);
    expect(diagnosticsOf(() => decodeBytes(Buffer.from("a"), { encoding: "klingon" }))[0]!.message).toMatch(
      /未知的编码/,
    );
    // The UTF-8 bytes of 你好 are valid GBK too (浣犲ソ): warn that it may be mojibake.
    expect(decodeBytes(Buffer.from("你好"), { encoding: "gbk" })).toMatchObject({
      text: "浣犲ソ",
      warnings: [{ message: expect.stringMatching(/也是有效的 UTF-8/) }],
    });
  });

  it("a damaged UTF-8 file is an error at the bad byte, not GB18030 mojibake", () => {
    const bytes = Buffer.concat([
      Buffer.from("坐席:您好\n坐席:这个"),
      Buffer.from([0xe4, 0xb8]),
      Buffer.from("我不知道\n"),
    ]);
    expect(diagnosticsOf(() => decodeBytes(bytes, { file: "d.txt" }))).toEqual([
      { file: "d.txt", line: 2, column: 6, message: expect.stringMatching(/UTF-8 文件中有无效字节/) },
    ]);
  });

  it("binary files are refused", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    expect(diagnosticsOf(() => decodeBytes(png, { file: "x.png" }))[0]!.message).toMatch(
      /无法识别文件编码|不是文本文件/,
    );
    expect(diagnosticsOf(() => decodeBytes(Buffer.from("坐席:您好\0\0\0"), { file: "x.bin" }))).toEqual([
      {
        file: "x.bin",
        line: 1,
        column: 6,
        message: expect.stringMatching(/不是文本文件\(含控制字符 U\+0000\).*utf-16le/),
      },
    ]);
  });

  it("text that decodes but looks damaged comes with warnings at its position", () => {
    const warnings = (text: string) => decodeBytes(Buffer.from(text), { file: "w.txt" }).warnings;
    expect(warnings("坐席:您好\n坐席:这个\uFFFD知道")).toEqual([
      { file: "w.txt", line: 2, column: 6, message: expect.stringMatching(/替换字符/) },
    ]);
    expect(warnings("坐席:锟斤拷")[0]).toMatchObject({ line: 1, column: 4 });
    expect(warnings(Buffer.from("坐席:您好").toString("latin1"))[0]).toMatchObject({
      line: 1,
      message: expect.stringMatching(/Latin-1/),
    });
    expect(warnings("Café résumé, naïve 您好")).toEqual([]);
  });

  it(`refuses more than ${MAX_INPUT_BYTES / 1048576} MiB`, () => {
    expect(diagnosticsOf(() => decodeBytes(new Uint8Array(MAX_INPUT_BYTES + 1), { file: "big.txt" }))).toEqual([
      { file: "big.txt", message: expect.stringMatching(/文件过大/) },
    ]);
  });
});
