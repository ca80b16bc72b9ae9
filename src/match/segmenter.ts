import { existsSync } from "node:fs";
import type Jieba from "nodejieba";
import { HuashuError } from "../errors.js";
import { lazyRequire } from "../util/lazy-require.js";

/** nodejieba, required on the first segmentation; its typings omit the default dictionary paths it exports. */
const jieba = lazyRequire<
  typeof Jieba & Record<`DEFAULT_${"DICT" | "HMM_DICT" | "USER_DICT" | "IDF_DICT" | "STOP_WORD_DICT"}`, string>
>("nodejieba");

let loaded = false;

/**
 * Loads jieba's dictionaries once per process or worker thread (~1.5 s, ~240 MB that are
 * never freed), on first use. nodejieba aborts the whole process on a missing dictionary, so
 * the paths are checked first.
 */
function ensureLoaded(): void {
  if (loaded) return;
  const nodejieba = jieba();
  const dictionaries = [
    nodejieba.DEFAULT_DICT,
    nodejieba.DEFAULT_HMM_DICT,
    nodejieba.DEFAULT_USER_DICT,
    nodejieba.DEFAULT_IDF_DICT,
    nodejieba.DEFAULT_STOP_WORD_DICT,
  ];
  const missing = dictionaries.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new HuashuError(missing.map((file) => ({ file, message: "找不到结巴分词词典文件,请重新安装 nodejieba" })));
  }
  nodejieba.load();
  loaded = true;
}

/**
 * Loads jieba's dictionaries now rather than on the first segmentation, for a long-running
 * process (the language server) that can afford the pause while idle. Throws
 * {@link HuashuError} when a dictionary is missing.
 */
export function preloadSegmenter(): void {
  ensureLoaded();
}

/**
 * Offsets (in `clause`) where a token ends, the clause end included; its start (0) is
 * implied. Uses jieba with HMM on, so unknown words are still grouped.
 */
export function tokenEnds(clause: string): number[] {
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
