import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/**
 * What nodejieba's TextRank keyword extractor reads in place of the main dictionary: one word,
 * in the three columns (word, frequency, part of speech) that cppjieba checks.
 */
const ONE_WORD_DICTIONARY = "的 1 uj\n";

/** How long the loading thread waits for the watching thread to start before loading as usual. */
const WATCHER_START_TIMEOUT_MS = 2000;
/** How often the watching thread looks at the process's open files: the first read lasts some 100 ms. */
const WATCH_INTERVAL_MS = 1;

/** The states of the watching thread, shared with it through one Int32 cell. */
const STARTING = 0;
const WATCHING = 1;
const DONE = 2;

/**
 * The watching thread: looks at the files the process holds open until it holds the dictionary,
 * then puts the one-word dictionary at the link's path. The first read keeps the file it opened;
 * the next open of the path finds the one word. Missing the first read (never seen in a loaded
 * machine's tests) only leaves both reads with the whole dictionary; nothing it does can come
 * before the first open, since it waits to see it.
 */
const WATCHER = `
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const { link, dictionary, oneWord, state, interval } = workerData;
Atomics.store(state, 0, ${WATCHING});
Atomics.notify(state, 0);
const holdsDictionary = () =>
  fs.readdirSync("/proc/self/fd").some((fd) => {
    try {
      return fs.readlinkSync("/proc/self/fd/" + fd) === dictionary;
    } catch {
      return false;
    }
  });
while (Atomics.load(state, 0) === ${WATCHING}) {
  if (holdsDictionary()) {
    fs.renameSync(oneWord, link);
    break;
  }
  Atomics.wait(state, 0, ${WATCHING}, interval);
}`;

/** The dictionary path to give nodejieba's `load`; see {@link readDictionaryOnce}. */
export interface DictionaryForLoad {
  /** The path to give `load` as its dictionary. */
  readonly path: string;
  /** Called once `load` has returned or thrown: ends the watching thread and removes the link. */
  done(): void;
}

/**
 * nodejieba's `load` builds two segmenters from the main dictionary: one for `cut` and `tag`, and
 * one more inside its TextRank keyword extractor, which huashu never calls; reading and building
 * the second costs about half of the load and 110 MB. This hands `load` the dictionary through a
 * symbolic link in a folder of its own, which a second thread replaces with a one-word dictionary
 * as soon as it sees the process holding the dictionary open: the first read gets the whole
 * dictionary, the second the one word. Segmentation is unchanged; nodejieba's `textRankExtract`
 * then cuts words by its HMM alone.
 *
 * Returns `undefined` where this cannot be set up (not Linux, no worker thread): the caller then
 * loads the dictionary as usual. Starts no process.
 */
export function readDictionaryOnce(dictionary: string): DictionaryForLoad | undefined {
  if (process.platform !== "linux") return undefined;
  let folder: string | undefined;
  try {
    folder = mkdtempSync(join(tmpdir(), "huashu-jieba-"));
    const link = join(folder, "jieba.dict.utf8");
    const oneWord = join(folder, "one-word.dict.utf8");
    const resolved = realpathSync(dictionary);
    symlinkSync(resolved, link);
    writeFileSync(oneWord, ONE_WORD_DICTIONARY);
    const state = new Int32Array(new SharedArrayBuffer(4));
    const watcher = new Worker(WATCHER, {
      eval: true,
      // Not the parent's flags: --input-type=module would make this script a module, without require.
      execArgv: [],
      workerData: { link, dictionary: resolved, oneWord, state, interval: WATCH_INTERVAL_MS },
    });
    // Whatever fails in it leaves at worst both reads with the whole dictionary.
    watcher.on("error", () => {});
    watcher.unref();
    Atomics.wait(state, 0, STARTING, WATCHER_START_TIMEOUT_MS);
    if (Atomics.load(state, 0) !== WATCHING) {
      void watcher.terminate();
      throw new Error("the watching thread did not start");
    }
    const held = folder;
    return {
      path: link,
      done() {
        Atomics.store(state, 0, DONE);
        Atomics.notify(state, 0);
        rmSync(held, { recursive: true, force: true });
      },
    };
  } catch {
    if (folder) rmSync(folder, { recursive: true, force: true });
    return undefined;
  }
}
