import type * as PinyinPro from "pinyin-pro";
import { clauseEnd, type NormalisedText } from "../normalise/normalise.js";
import { lazyRequire } from "../util/lazy-require.js";
import { AhoCorasick, type PatternHit } from "./aho-corasick.js";

/** pinyin-pro takes ~150 ms to load, so it is loaded only once a homophone rule needs it. */
const pinyinPro = lazyRequire<typeof PinyinPro>("pinyin-pro");

/**
 * Toneless pinyin of each code point of `text` (the code point itself when it has none), read
 * in context, so that polyphones take the reading of their word (行长 hang, 行 xing).
 */
function readingsOf(text: string): string[] {
  const codePoints = [...text];
  const readings = pinyinPro().pinyin(text, { toneType: "none", type: "array", nonZh: "spaced" });
  // pinyin-pro gives one reading per code point; should a version group some, read them one by one.
  return readings.length === codePoints.length
    ? readings
    : codePoints.map(
        (char) => pinyinPro().pinyin(char, { toneType: "none", type: "array", nonZh: "spaced" })[0] ?? char,
      );
}

/** First unit of the Private Use Area: syllable ids are written as one such unit each. */
const FIRST_ID = 0xe000;
/** Ids available in the BMP's Private Use Area. */
const MAX_IDS = 0xf8ff - FIRST_ID + 1;
/** Any syllable or character no pattern contains: it matches nothing. */
const UNKNOWN = String.fromCharCode(FIRST_ID);
/** The second unit of a code point outside the BMP. */
const CONTINUATION = String.fromCharCode(FIRST_ID + 1);

/**
 * Phrases shorter than this never match as homophones: one syllable sounds like dozens of
 * characters (on the shared corpus, 喂 "matched" 为, 未, 微 in 1,569 clean agent turns).
 */
export const MIN_HOMOPHONE_LENGTH = 2;

/** Clause syllables kept for reuse (speech repeats itself: greetings, closings); cleared when full. */
const CLAUSE_CACHE_LIMIT = 20_000;

/**
 * The phrases of a rule set (of two characters or more) as toneless syllables, in one Aho–Corasick automaton over syllable
 * ids, so a turn read as pinyin is scanned once for all of them (about 25× faster than
 * pinyin-pro's `match` when measured on the shared corpus). Each syllable — or character without a reading — that a pattern
 * contains gets one Private Use Area unit; a text becomes as many units as it has, so offsets
 * in the syllables are offsets in the text.
 */
export class HomophoneIndex {
  private readonly ids = new Map<string, string>();
  /** Patterns as syllable ids, by the pattern ids of the rule set's phrase index. */
  readonly patterns: readonly string[];
  private readonly automaton: AhoCorasick;
  private readonly clauseCache = new Map<string, string>();

  constructor(patterns: readonly string[]) {
    // An empty pattern matches nothing.
    this.patterns = patterns.map((pattern) =>
      [...pattern].length < MIN_HOMOPHONE_LENGTH ? "" : this.syllablesOfClause(pattern, true),
    );
    this.automaton = new AhoCorasick(this.patterns);
  }

  /** The id of a syllable (`s:` + reading) or of a character without one (`c:` + character). */
  private idOf(key: string, create: boolean): string {
    let id = this.ids.get(key);
    if (id === undefined) {
      if (!create) return UNKNOWN;
      // Mandarin has ~400 toneless syllables: only characters without a reading could run out of ids.
      if (this.ids.size + 2 >= MAX_IDS) return UNKNOWN;
      id = String.fromCharCode(FIRST_ID + 2 + this.ids.size);
      this.ids.set(key, id);
    }
    return id;
  }

  private syllablesOfClause(clause: string, create: boolean): string {
    const syllables: string[] = [];
    const codePoints = [...clause];
    readingsOf(clause).forEach((reading, index) => {
      const char = codePoints[index]!;
      syllables.push(this.idOf(reading === char ? `c:${char}` : `s:${reading}`, create));
      if (char.length === 2) syllables.push(CONTINUATION);
    });
    return syllables.join("");
  }

  /** A normalised text as syllable ids, one unit per unit of its text, each clause read on its own. */
  syllables(normalised: NormalisedText): string {
    // Joined once, for the scan to read one string rather than a tree of pieces (see normalise.ts).
    const syllables: string[] = [];
    normalised.clauseStarts.forEach((start, clause) => {
      const text = normalised.text.slice(start, clauseEnd(normalised, clause));
      let known = this.clauseCache.get(text);
      if (known === undefined) {
        known = this.syllablesOfClause(text, false);
        if (this.clauseCache.size >= CLAUSE_CACHE_LIMIT) this.clauseCache.clear();
        this.clauseCache.set(text, known);
      }
      syllables.push(known);
    });
    return syllables.length === 1 ? syllables[0]! : syllables.join("");
  }

  /** Every occurrence of every pattern's syllables in a text's {@link syllables}. */
  scan(syllables: string): PatternHit[] {
    return this.automaton.scan(syllables);
  }
}
