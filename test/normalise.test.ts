import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simplifiedOf, STUTTERED_WORDS, mayHoldWordFold } from "../src/normalise/fold-chinese.js";
import { clauseAt, normalise, spacedWordByWord } from "../src/normalise/normalise.js";
import { ASKING_MAX_CHARS, askingChars, FOLLOW_UP_MAX_CHARS } from "../src/rules/required.js";
import { propertyRuns } from "./helpers/property-runs.js";

/**
 * The definition, character by character, without the fast paths (the word folds, 甚么 and
 * erhua, are tested in folding.test.ts).
 */
function reference(text: string): string {
  let out = "";
  for (const char of text) {
    for (const part of char.normalize("NFKC").replace(/[A-Z]/g, (c) => c.toLowerCase())) {
      if (!/[\p{P}\p{S}\p{Z}\p{C}\p{Default_Ignorable_Code_Point}\p{M}]/u.test(part)) out += simplifiedOf(part);
    }
  }
  return out;
}

/** Default-ignorable code points and combining marks, one of each kind the attack used. */
const INVISIBLES = [
  "\u200B",
  "\u200D",
  "\u2060",
  "\u00AD",
  "\uFEFF",
  "\uFE00",
  "\uFE0F",
  "\u{E0100}",
  "\u{E01EF}",
  "\u034F",
  "\u180B",
  "\u180F",
  "\u3164",
  "\uFFA0",
  "\u115F",
  "\u1160",
  "\u17B4",
  "\u17B5",
  "\u0301",
  "\u20DD",
];

const escape = (text: string) => [...text].map((c) => `U+${c.codePointAt(0)!.toString(16)}`).join(" ");

describe("normalise", () => {
  it("cuts no clause at the spaces of a text written word by word either (您 这个 问题), and cuts at a speaker's pauses", () => {
    expect(spacedWordByWord("您 这个 问题 我 已经 回答 三遍了")).toBe(true);
    expect(normalise("您 这个 问题 我 已经 回答 三遍了").clauseStarts).toEqual([0]);
    expect(spacedWordByWord("那个 你问的那个利率 就是 具体多少我这记不住了")).toBe(false);
    expect(normalise("那个 你问的那个利率 就是").clauseStarts).toEqual([0, 2, 9]);
    // an ASR pause mark still cuts
    expect(normalise("我 不 知 道_您 说 什 么").clauseStarts).toEqual([0, 4]);
  });

  it("folds full-width characters and lower-cases Latin", () => {
    expect(normalise("ＡＢＣ你好１２３").text).toBe("abc你好123");
  });

  it("drops whitespace, punctuation and symbols, ASCII and full-width alike", () => {
    expect(normalise(" 喂 ,说话呀！…[呵呵]~ 　").text).toBe("喂说话呀呵呵");
  });

  it("maps every folded unit back to its original offsets", () => {
    const original = "我 不，知道";
    const n = normalise(original);
    expect(n.text).toBe("我不知道");
    expect([...n.originalStart]).toEqual([0, 2, 4, 5]);
    expect([...n.originalEnd]).toEqual([1, 3, 5, 6]);
    expect(original.slice(n.originalStart[1], n.originalEnd[3])).toBe("不，知道");
  });

  it("starts a new clause after every removed character", () => {
    const n = normalise("您好，请问 有什么");
    expect(n.clauseStarts).toEqual([0, 2, 4]);
    expect([0, 1, 2, 3, 4, 5, 6].map((at) => clauseAt(n, at))).toEqual([0, 0, 1, 1, 2, 2, 2]);
  });

  it("drops every invisible character without cutting the clause, keeping exact offsets", () => {
    for (const invisible of INVISIBLES) {
      const original = `我不${invisible}知道`;
      const n = normalise(original);
      expect(n.text, escape(invisible)).toBe("我不知道");
      expect(n.clauseStarts, escape(invisible)).toEqual([0]);
      expect(original.slice(n.originalStart[1], n.originalEnd[3]), escape(invisible)).toBe(`不${invisible}知道`);
    }
  });

  it("drops a hyphen or dot typed inside a word to hide it without cutting the clause, and cuts elsewhere", () => {
    for (const joiner of ["-", "\u2010", "\u2011", "·", "・", "*", "❤", "♥", "♡", "☆", "★"]) {
      const original = `加下微${joiner}信聊`;
      const n = normalise(original);
      expect(n.text, escape(joiner)).toBe("加下微信聊");
      expect(n.clauseStarts, escape(joiner)).toEqual([0]);
      expect(original.slice(n.originalStart[2], n.originalEnd[3])).toBe(`微${joiner}信`);
    }
    expect(normalise("加我v-x").clauseStarts).toEqual([0]);
    // Between digits, at a clause's edge or beside a space it is punctuation as before.
    expect(normalise("3-5天").clauseStarts).toEqual([0, 1]);
    expect(normalise("好的-").clauseStarts).toEqual([0]);
    expect(normalise("好的 - 请稍等").clauseStarts).toEqual([0, 2]);
    // Chat ends sentences with . and ~, ASR marks pauses with _: those still cut.
    expect(normalise("好的.我帮您查").clauseStarts).toEqual([0, 2]);
    expect(normalise("好的~我帮您查").clauseStarts).toEqual([0, 2]);
    expect(normalise("好的_我帮您查").clauseStarts).toEqual([0, 2]);
  });

  it("cuts no clause at the single spaces of a text written character by character, as a recogniser may write it, and cuts at a pause", () => {
    // 久 等 了, 没 有 了: the spaces stand between the characters of words, not at pauses
    expect(normalise("久 等 了").clauseStarts).toEqual([0]);
    expect(normalise("没 有 了").clauseStarts).toEqual([0]);
    expect(normalise("哎 亲 您 说").clauseStarts).toEqual([0]);
    expect(normalise("没 有 了，谢 谢").clauseStarts).toEqual([0, 3]);
    // a text paused in words and phrases keeps its clauses, and so does a double space
    expect(normalise("对 你说").clauseStarts).toEqual([0, 1]);
    expect(normalise("喂 你好 是售后吗").clauseStarts).toEqual([0, 1, 3]);
    expect(normalise("喂  喂").clauseStarts).toEqual([0, 1]);
    expect(normalise("a b c").clauseStarts).toEqual([0, 1, 2]);
    expect(spacedWordByWord("没 有 了")).toBe(true);
    expect(spacedWordByWord("喂 你好")).toBe(false);
  });

  it("keeps characters outside the BMP whole", () => {
    const n = normalise("𠮷野家");
    expect(n.text).toBe("𠮷野家");
    expect([...n.originalStart]).toEqual([0, 0, 2, 3]);
    expect([...n.originalEnd]).toEqual([2, 2, 3, 4]);
  });

  it("grows its offset maps when folding lengthens the text", () => {
    const n = normalise("㈱会社");
    expect(n.text).toBe("(株)会社".replace(/[()]/g, ""));
    expect(n.originalStart.length).toBe(n.text.length);
  });

  it("maps the text after a lengthening fold back too (ﱤ folds to two letters, 㐀 follows)", () => {
    const n = normalise("\uFC64\u3400");
    expect(n.text).toBe("\u0626\u0631\u3400");
    expect([...n.originalStart]).toEqual([0, 0, 1]);
    expect([...n.originalEnd]).toEqual([1, 1, 2]);
  });

  it("agrees with the character-by-character definition on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (text) => {
        const folded = reference(text);
        // Not where a word fold applies (咱 → 我, 甚么, erhua, a stumbled word): those are folding.test.ts's.
        fc.pre(!mayHoldWordFold(folded) && !STUTTERED_WORDS.some((word) => folded.includes(word + word)));
        const n = normalise(text);
        expect(n.text).toBe(folded);
        expect(n.originalStart.length).toBe(n.text.length);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });
});

describe("askingChars", () => {
  it("counts every unit of a text but the white space a regular expression's \\s matches, up to one past the limits", () => {
    const spaces = [..." \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b\u0085"];
    const unit = fc.oneof(fc.constantFrom(...spaces, "喂", "a"), fc.string({ unit: "binary", maxLength: 1 }));
    const cap = Math.max(ASKING_MAX_CHARS, FOLLOW_UP_MAX_CHARS) + 1;
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = units.join("");
        const counted = text.replace(/\s/gu, "").length;
        expect(askingChars(text)).toBe(Math.min(counted, cap));
      }),
      { numRuns: propertyRuns(2000) },
    );
  });
});
