import type { Diagnostic } from "../errors.js";
import { inputError } from "./adapters/adapter.js";
import type { SourcePosition } from "./model.js";

/**
 * The largest input huashu reads: 32 MiB. A bigger file is refused before it is read; split
 * a large JSONL batch into several files.
 */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** Throws {@link HuashuError} when an input of `bytes` bytes is over {@link MAX_INPUT_BYTES}. */
export function assertInputSize(bytes: number, options: { file?: string } = {}): void {
  if (bytes > MAX_INPUT_BYTES) {
    inputError(
      options,
      undefined,
      `文件过大(${(bytes / 1048576).toFixed(1)} MiB,上限 ${MAX_INPUT_BYTES / 1048576} MiB),请拆分后再检查`,
    );
  }
}

/** Decoded text, the encoding it was read as, and warnings about text that looks damaged. */
export interface DecodedText {
  text: string;
  /** WHATWG name of the encoding used, e.g. `utf-8`, `utf-16le`, `gb18030`. */
  encoding: string;
  /** Replacement characters or mojibake found in the text, each at its first position. */
  warnings: Diagnostic[];
}

/** Options of {@link decodeBytes}. */
export interface DecodeOptions {
  /** Named in diagnostics. */
  file?: string;
  /** Any WHATWG encoding label (`utf-8`, `utf-16le`, `gbk`, `gb18030`…); detected when absent. */
  encoding?: string;
}

/** Whether `label` names an encoding `TextDecoder` knows (`gbk`, `gb18030` need full ICU: Node has it). */
export function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** 1-based line and column of `index` in `text`. */
function positionIn(text: string, index: number): SourcePosition {
  const before = text.slice(0, index);
  const lastBreak = before.lastIndexOf("\n");
  return { line: (before.match(/\n/g)?.length ?? 0) + 1, column: index - lastBreak };
}

/** Decodes strictly; `undefined` when the bytes are not valid in `encoding`. */
function tryDecode(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const BOMS: ReadonlyArray<readonly [number[], string]> = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xff, 0xfe], "utf-16le"],
  [[0xfe, 0xff], "utf-16be"],
];

/** C0 controls other than tab, line feed, form feed and carriage return, and DEL: binary data. */
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

/** UTF-8 bytes of a CJK character read as Latin-1 / Windows-1252: "ä½ å¥½" for 你好. */
const LATIN1_MOJIBAKE =
  /[\u00E4-\u00E9][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]{2}/;

/** Signs of text that went through a wrong decoding before it reached us. */
const MOJIBAKE: ReadonlyArray<readonly [RegExp, string]> = [
  [/\uFFFD/, "含替换字符 “\uFFFD”: 原文在转换编码时已丢失"],
  [/锟斤拷/, "含 “锟斤拷”: 原文在转换编码时已丢失"],
  [LATIN1_MOJIBAKE, "疑似乱码(UTF-8 被当作 Latin-1 读过)"],
];

let commonCharacters: Set<number> | undefined;

/**
 * The characters of GB2312's symbol rows and level-1 hanzi (the ~3,750 most common): what
 * Chinese text is made of. Read off the GBK decoder once, so no table is kept here: all the
 * byte pairs in one call, as each pair decodes to one character (U+FFFD when unmapped).
 */
function commonChinese(): Set<number> {
  if (commonCharacters) return commonCharacters;
  const pairs: number[] = [];
  for (let lead = 0xa1; lead <= 0xd7; lead++) {
    if (lead > 0xa3 && lead < 0xb0) continue; // kana, Greek, Cyrillic, pinyin, box drawing
    for (let trail = 0xa1; trail <= 0xfe; trail++) pairs.push(lead, trail);
  }
  commonCharacters = new Set();
  for (const char of new TextDecoder("gbk").decode(Uint8Array.from(pairs)))
    if (char !== "\uFFFD") commonCharacters.add(char.codePointAt(0)!);
  return commonCharacters;
}

/**
 * Whether `bytes` are well-formed GB18030: each byte over 0x80 leads a pair (trail byte
 * 0x40–0x7E or 0x80–0xFE) or a four-byte sequence (digit, lead byte, digit). The decoder
 * refuses all other bytes, and also some well-formed ones (unmapped), so this only tells when
 * the decoder, whose tables take ~10 ms to set up, is not needed: most UTF-8 text is not
 * well-formed GB18030 (an odd number of bytes over 0x80 in a row, as in 好的。).
 */
export function isWellFormedGb18030(bytes: Uint8Array): boolean {
  const within = (byte: number | undefined, low: number, high: number) =>
    byte !== undefined && byte >= low && byte <= high;
  for (let at = 0; at < bytes.length; at++) {
    if (bytes[at]! <= 0x80) continue;
    if (!within(bytes[at], 0x81, 0xfe)) return false;
    const second = bytes[at + 1];
    if (within(second, 0x30, 0x39)) {
      if (!within(bytes[at + 2], 0x81, 0xfe) || !within(bytes[at + 3], 0x30, 0x39)) return false;
      at += 3;
    } else if (within(second, 0x40, 0x7e) || within(second, 0x80, 0xfe)) at += 1;
    else return false;
  }
  return true;
}

/**
 * How much a reading looks like Chinese: +1 per common character, −1 per other non-ASCII one
 * (rare hanzi, Greek, kana, replacement characters…). Letters with accents (U+00C0–U+024F)
 * count 0: they are ordinary in UTF-8 and never come out of misread GBK as a common character.
 */
function plausibility(text: string): number {
  const common = commonChinese();
  let score = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80 || (code >= 0xc0 && code <= 0x24f)) continue;
    score += common.has(code) ? 1 : -1;
  }
  return score;
}

/**
 * Without a BOM or `--encoding`: UTF-8 or GB18030, whichever reading looks more like Chinese.
 * Short GBK text can be valid UTF-8 by chance (喂 reads as “ι”), and ordinary GBK is full of
 * byte pairs that UTF-8 accepts, so validity alone decides nothing. A tie between two valid
 * readings is read as UTF-8 with a warning; bytes valid only as GB18030 that read no better
 * than the mostly valid UTF-8 reading with its replacement characters are a damaged UTF-8 file.
 */
function detectEncoding(
  bytes: Uint8Array,
  options: DecodeOptions,
  warnings: Diagnostic[],
): { text: string; encoding: string } {
  const utf8 = tryDecode(bytes, "utf-8");
  if (utf8 !== undefined && !/[^\x00-\x7F]/.test(utf8)) return { text: utf8, encoding: "utf-8" };
  const gb = isWellFormedGb18030(bytes) ? tryDecode(bytes, "gb18030") : undefined;
  if (utf8 !== undefined) {
    if (gb === undefined) return { text: utf8, encoding: "utf-8" };
    const gbScore = plausibility(gb);
    const utf8Score = plausibility(utf8);
    // Latin-1 mojibake is UTF-8 that went wrong once already; its bytes read as common hanzi in GBK.
    if (gbScore > utf8Score && !LATIN1_MOJIBAKE.test(utf8)) return { text: gb, encoding: "gb18030" };
    if (gbScore === utf8Score) {
      warnings.push({
        ...(options.file !== undefined && { file: options.file }),
        message: "无法确定文件编码(UTF-8 与 GB18030 读出的文字同样可信),已按 UTF-8 读取;可用 --encoding 指定",
      });
    }
    return { text: utf8, encoding: "utf-8" };
  }
  const lossy = new TextDecoder("utf-8").decode(bytes);
  const firstInvalid = positionIn(lossy, Math.max(0, lossy.indexOf("\uFFFD")));
  if (gb === undefined)
    inputError(options, firstInvalid, "无法识别文件编码(不是 UTF-8、UTF-16 或 GB18030),可用 --encoding 指定");
  const mostlyUtf8 = (lossy.match(/[^\x00-\x7F\uFFFD]/g)?.length ?? 0) >= (lossy.match(/\uFFFD/g)?.length ?? 0);
  if (mostlyUtf8 && plausibility(gb) <= plausibility(lossy))
    inputError(options, firstInvalid, "UTF-8 文件中有无效字节,文件可能已损坏");
  return { text: gb, encoding: "gb18030" };
}

/**
 * Turns the bytes of an input file into text. With `encoding`, decodes strictly as that.
 * Otherwise a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); without one the bytes are
 * read as UTF-8 or GB18030 (a superset of GBK and GB2312), whichever reading looks more like
 * Chinese (see {@link detectEncoding}). Throws
 * {@link HuashuError} naming the position for: more than {@link MAX_INPUT_BYTES}, bytes
 * invalid in every candidate encoding, binary data (control characters). Text that decodes
 * but looks damaged (replacement characters, 锟斤拷, Latin-1 mojibake) is returned with
 * warnings, so it is never linted silently.
 */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const file = options.file !== undefined ? { file: options.file } : {};
  assertInputSize(bytes.length, options);
  const firstInvalid = (text: string) => positionIn(text, Math.max(0, text.indexOf("\uFFFD")));
  const warnings: Diagnostic[] = [];

  let encoding = options.encoding?.trim().toLowerCase();
  if (encoding !== undefined && !isKnownEncoding(encoding))
    inputError(options, undefined, `未知的编码 “${options.encoding}”`);
  if (encoding !== undefined) encoding = new TextDecoder(encoding).encoding;
  encoding ??= BOMS.find(([bom]) => bom.every((byte, i) => bytes[i] === byte))?.[1];
  let text: string | undefined;
  if (encoding !== undefined) {
    text = tryDecode(bytes, encoding);
    if (text === undefined) {
      inputError(options, firstInvalid(new TextDecoder(encoding).decode(bytes)), `文件不是有效的 ${encoding} 编码`);
    }
    if (
      options.encoding !== undefined &&
      /^gb/.test(encoding) &&
      /[^\x00-\x7F]/.test(text) &&
      tryDecode(bytes, "utf-8") !== undefined
    ) {
      warnings.push({ ...file, message: `文件也是有效的 UTF-8,按 ${encoding} 读可能是乱码` });
    }
  } else {
    ({ text, encoding } = detectEncoding(bytes, options, warnings));
  }

  const control = CONTROL.exec(text);
  if (control) {
    const hint =
      bytes.includes(0) && !encoding.startsWith("utf-16") ? ";若是无 BOM 的 UTF-16,请用 --encoding utf-16le" : "";
    inputError(
      options,
      positionIn(text, control.index),
      `不是文本文件(含控制字符 U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})${hint}`,
    );
  }
  for (const [pattern, message] of MOJIBAKE) {
    const match = pattern.exec(text);
    if (match) warnings.push({ ...file, ...positionIn(text, match.index), message });
  }
  return { text, encoding, warnings };
}
