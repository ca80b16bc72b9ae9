import { CORPUS_PATH, HAS_CORPUS } from "./corpus.js";

/**
 * Vitest global setup: says once per run that the corpus tests are skipped when the shared
 * corpus is missing, or fails the run when HUASHU_REQUIRE_SHARED=1 (CI must run them).
 */
export default function checkSharedCorpus(): void {
  if (HAS_CORPUS) return;
  if (process.env.HUASHU_REQUIRE_SHARED === "1") {
    throw new Error(`HUASHU_REQUIRE_SHARED=1 but the shared corpus is missing: ${CORPUS_PATH}`);
  }
  console.warn(
    `\n⚠ Skipping the tests on the shared helpdesk corpus: ${CORPUS_PATH} is missing (set HUASHU_REQUIRE_SHARED=1 to make this an error).\n`,
  );
}
