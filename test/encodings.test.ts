import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBytes, parseTranscripts } from "../src/index.js";
import { isWellFormedGb18030 } from "../src/transcript/decode.js";
import { huashu } from "./helpers/cli.js";
import { propertyRuns } from "./helpers/property-runs.js";

/** GBK bytes of a text, from a table read off Node's GBK decoder (Node has no GBK encoder). */
const gbk = (() => {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gbk");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (trail !== 0x7f && char.length === 1 && char !== "\uFFFD" && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  return (text: string): Uint8Array => {
    const bytes: number[] = [];
    for (const char of text) {
      const code = char.codePointAt(0)!;
      const pair = table.get(char);
      if (code >= 0x80 && !pair) throw new Error(`${char} is not in GBK`);
      bytes.push(...(code < 0x80 ? [code] : pair!));
    }
    return new Uint8Array(bytes);
  };
})();

const SCRIPT = readFileSync("fixtures/transcripts/script.txt", "utf8");
const JSON_TRANSCRIPT = `{"turns":[{"speaker":"agent","text":"您好,请问有什么可以帮您?","start":0,"end":2000},{"speaker":"customer","text":"我的宽带又断了","start":2500,"end":4000}]}`;

describe("GBK files without a BOM are read as GBK", () => {
  it.each([
    ["a file holding just 喂 (valid UTF-8 by chance: “ι”)", "喂"],
    ["a one-line script 坐席:喂", "坐席:喂\n"],
    ["a JSON transcript", JSON_TRANSCRIPT],
    ["the script fixture", SCRIPT],
  ])("%s", (_, text) => {
    expect(decodeBytes(gbk(text), { file: "x" })).toEqual({ text, encoding: "gb18030", warnings: [] });
  });

  it("the JSON transcript parses to the same turns as its UTF-8 twin", () => {
    const { text } = decodeBytes(gbk(JSON_TRANSCRIPT));
    expect(parseTranscripts(text, { file: "a.json" })).toEqual(parseTranscripts(JSON_TRANSCRIPT, { file: "a.json" }));
  });

  it("huashu lint finds 喂 in a GBK script", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-gbk-"));
    writeFileSync(join(dir, "call.txt"), gbk("坐席:喂\n"));
    writeFileSync(
      join(dir, "rules.yaml"),
      "rules:\n  - { id: wei, type: forbidden, phrases: [喂], message: 不说喂 }\n",
    );
    const run = huashu(["lint", "call.txt", "-r", "rules.yaml"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("call.txt:1:4  错误  wei  不说喂");
  });
});

describe("UTF-8 stays UTF-8", () => {
  it.each([SCRIPT, JSON_TRANSCRIPT, "喂", "好的", "您好", "Café résumé, naïve 您好", "客户:嗯嗯,谢谢"])(
    "%s",
    (text) => {
      expect(decodeBytes(Buffer.from(text))).toEqual({ text, encoding: "utf-8", warnings: [] });
    },
  );
});

describe("the GB18030 decoder is set up only for bytes that are well-formed GB18030", () => {
  it("calls well-formed every byte string the decoder reads", () => {
    // Bytes around the edges of GB18030's lead, trail and digit ranges, and ASCII.
    const byte = fc.oneof(
      fc.integer({ min: 0x2f, max: 0x41 }),
      fc.integer({ min: 0x7d, max: 0x82 }),
      fc.integer({ min: 0xa0, max: 0xa2 }),
      fc.integer({ min: 0xfd, max: 0xff }),
      fc.constantFrom(0x0a, 0x20),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.array(byte, { maxLength: 12 }), (random, edges) => {
        for (const bytes of [random, Uint8Array.from(edges)]) {
          let decodes = true;
          try {
            new TextDecoder("gb18030", { fatal: true }).decode(bytes);
          } catch {
            decodes = false;
          }
          if (decodes) expect(isWellFormedGb18030(bytes), [...bytes].join(",")).toBe(true);
        }
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it("tells apart most UTF-8 (an odd run of bytes over 0x80) from GBK", () => {
    expect(isWellFormedGb18030(Buffer.from("好的。\n"))).toBe(false);
    expect(isWellFormedGb18030(Buffer.from("我不知道。"))).toBe(false);
    expect(isWellFormedGb18030(Buffer.from("您好"))).toBe(true);
    expect(isWellFormedGb18030(gbk(SCRIPT))).toBe(true);
    expect(isWellFormedGb18030(new Uint8Array([0x81, 0x30, 0x81, 0x30]))).toBe(true);
    expect(isWellFormedGb18030(new Uint8Array([0x81, 0x30, 0x81]))).toBe(false);
  });
});

describe("when neither reading looks like Chinese", () => {
  it("reads UTF-8 and warns that the encoding could not be told", () => {
    expect(decodeBytes(new Uint8Array([0xc2, 0x80]), { file: "u.txt" })).toMatchObject({
      encoding: "utf-8",
      warnings: [{ file: "u.txt", message: expect.stringMatching(/无法确定文件编码.*--encoding/) }],
    });
  });
});
