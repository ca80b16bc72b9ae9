import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type Jieba from "nodejieba";
import { HuashuError } from "../errors.js";
import { lazyRequire } from "../util/lazy-require.js";
import { readDictionaryOnce } from "./dictionary-read-once.js";

/** nodejieba, required on the first segmentation; its typings omit the default dictionary paths it exports. */
const jieba = lazyRequire<
  typeof Jieba & Record<`DEFAULT_${"DICT" | "HMM_DICT" | "USER_DICT" | "IDF_DICT" | "STOP_WORD_DICT"}`, string>
>("nodejieba");

let loaded = false;

/**
 * What stands in for jieba's keyword-extraction dictionary (idf.utf8) after
 * {@link skipKeywordDictionary}: a file of this name beside the bundle, written by the build.
 * One line, as cppjieba asserts that the file has one.
 */
export const KEYWORD_DICTIONARY_STUB = { file: "jieba-idf-stub.utf8", text: "huashu 1\n" } as const;

/** Whether jieba loads without what its keyword extraction reads: see {@link skipKeywordExtraction}. */
let keywordExtractionSkipped = false;
/** The keyword-extraction dictionary jieba is loaded with when that is skipped, if there is one. */
let keywordDictionary: string | undefined;

/**
 * Has jieba load without what its keyword extraction reads: `stubPath` (when it exists) in place
 * of the keyword dictionary, and a one-word dictionary for the TextRank extractor
 * ({@link readDictionaryOnce}). Ignored once jieba is loaded.
 */
export function skipKeywordExtraction(stubPath: string): void {
  if (loaded) return;
  keywordExtractionSkipped = true;
  if (existsSync(stubPath)) keywordDictionary = stubPath;
}

/**
 * Has jieba load without what its keyword extraction reads, which huashu never calls: its 6 MB
 * keyword dictionary, and the second copy of the main dictionary that nodejieba builds for
 * TextRank. The load then takes about half the time on huge pages (docs/internals.md, “jieba's
 * dictionary”) and some 110 MB less memory. Call it before the first lint, in a process that does
 * not call `nodejieba.extract` or `textRankExtract` itself (which would then weigh every word
 * alike, and cut words for TextRank by its HMM alone); the `huashu` command does. Segmentation
 * is unchanged. Does nothing once jieba is loaded; from huashu's sources rather than its build
 * only TextRank's copy is skipped.
 */
export function skipKeywordDictionary(): void {
  skipKeywordExtraction(join(dirname(fileURLToPath(import.meta.url)), KEYWORD_DICTIONARY_STUB.file));
}

/**
 * Loads jieba's dictionaries once per process or worker thread (~1.5 s, ~240 MB that are
 * never freed), on first use. nodejieba aborts the whole process on a missing dictionary, so
 * the paths are checked first.
 */
function ensureLoaded(): void {
  if (loaded) return;
  const nodejieba = jieba();
  const idfDict = keywordDictionary ?? nodejieba.DEFAULT_IDF_DICT;
  const dictionaries = [
    nodejieba.DEFAULT_DICT,
    nodejieba.DEFAULT_HMM_DICT,
    nodejieba.DEFAULT_USER_DICT,
    idfDict,
    nodejieba.DEFAULT_STOP_WORD_DICT,
  ];
  const missing = dictionaries.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new HuashuError(missing.map((file) => ({ file, message: "找不到结巴分词词典文件,请重新安装 nodejieba" })));
  }
  const dictionaryForLoad = keywordExtractionSkipped ? readDictionaryOnce(nodejieba.DEFAULT_DICT) : undefined;
  try {
    nodejieba.load({ dict: dictionaryForLoad?.path, idfDict });
  } catch (error) {
    // nodejieba's binding is built by its install script, which npm 12 runs only when the app's
    // allowScripts names nodejieba, and --ignore-scripts never: say so, not as an internal error.
    if ((error as { code?: string }).code !== "BINDING_NOT_FOUND") throw error;
    throw new HuashuError([{ message: BINDING_MISSING }]);
  } finally {
    dictionaryForLoad?.done();
  }
  loaded = true;
}

const BINDING_MISSING =
  "结巴分词 nodejieba 的原生模块没有编译:安装时没有运行它的安装脚本(npm 12 只运行 package.json 的 allowScripts 允许的安装脚本,--ignore-scripts 一概不运行)。" +
  "请在 allowScripts 中加入 nodejieba(npm pkg set allowScripts.nodejieba=true --json),再运行 npm rebuild nodejieba";

/**
 * Loads jieba's dictionaries now rather than on the first segmentation, for a long-running
 * process (a service, the language server) that can afford the pause while idle, before its
 * first call is waiting. Throws {@link HuashuError} when a dictionary is missing.
 */
export function preloadSegmenter(): void {
  ensureLoaded();
}

/**
 * Results per clause, kept by a hash of its text in a fixed number of slots: a few hundred kB.
 * Agents repeat the same few clauses (很抱歉给您带来不便 is segmented 126 times in one pass over
 * the shared corpus), and a jieba call costs microseconds. A clause is kept only the second time
 * its slot sees it, so that clauses said once (most of them, when every turn is segmented) never
 * outlive a young-generation GC.
 */
class ClauseMemo<T> {
  private static readonly SLOTS = 4096;
  private readonly clauses: Array<string | undefined> = new Array<string | undefined>(ClauseMemo.SLOTS).fill(undefined);
  private readonly results: Array<T | undefined> = new Array<T | undefined>(ClauseMemo.SLOTS).fill(undefined);
  /** The hash of the clause last computed in each slot, remembered or not. */
  private readonly lastHash = new Int32Array(ClauseMemo.SLOTS);

  constructor(private readonly compute: (clause: string) => T) {}

  get(clause: string): T {
    const hash = hashOf(clause);
    const slot = hash & (ClauseMemo.SLOTS - 1);
    if (this.clauses[slot] === clause) return this.results[slot]!;
    const result = this.compute(clause);
    if (this.lastHash[slot] === hash) {
      this.clauses[slot] = clause;
      this.results[slot] = result;
    }
    this.lastHash[slot] = hash;
    return result;
  }
}

/** FNV-1a over the clause's UTF-16 units. */
function hashOf(clause: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < clause.length; i++) hash = Math.imul(hash ^ clause.charCodeAt(i), 0x01000193);
  return hash;
}

const endsMemo = new ClauseMemo(segment);

/**
 * Offsets (in `clause`) where a token ends, the clause end included; its start (0) is
 * implied. Uses jieba with HMM on, so unknown words are still grouped. Clauses said again are
 * remembered.
 */
export function tokenEnds(clause: string): readonly number[] {
  return endsMemo.get(clause);
}

function segment(clause: string): number[] {
  ensureLoaded();
  const ends: number[] = [];
  let offset = 0;
  for (const token of jieba().cut(clause, true)) {
    // Tokens concatenate to the input; indexOf keeps offsets right should jieba ever drop a character.
    const at = clause.indexOf(token, offset);
    offset = (at < 0 ? offset : at) + token.length;
    ends.push(offset);
  }
  if (ends[ends.length - 1] !== clause.length) ends.push(clause.length);
  return ends;
}

/** One token of a clause, with jieba's part of speech. */
export interface TaggedToken {
  readonly word: string;
  readonly tag: string;
}

const tagsMemo = new ClauseMemo((clause: string): readonly TaggedToken[] => {
  ensureLoaded();
  return jieba().tag(clause);
});

/**
 * The tokens of a clause with their parts of speech (jieba's `tag`, whose tokens are those of
 * `cut` with HMM on: the same on every clause of the shared corpus), for token patterns.
 * Clauses said again are remembered.
 */
export function taggedTokens(clause: string): readonly TaggedToken[] {
  return tagsMemo.get(clause);
}

const characterTags = new Map<string, string>();

/** The part of speech jieba gives one character said on its own (for tokens patterns see character by character). */
export function characterTag(character: string): string {
  let tag = characterTags.get(character);
  if (tag === undefined) {
    ensureLoaded();
    tag = jieba().tag(character)[0]?.tag ?? "x";
    characterTags.set(character, tag);
  }
  return tag;
}
