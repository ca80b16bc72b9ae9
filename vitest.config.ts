import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Reports once whether the tests on ../shared/corpus run (or fails under HUASHU_REQUIRE_SHARED=1).
    globalSetup: ["test/helpers/corpus-setup.ts"],
    // jieba's dictionary costs ~1.5 s and ~240 MB per worker: few, long-lived workers.
    pool: "forks",
    maxWorkers: 2,
    // A guard against hangs, not a speed check: CLI-heavy tests take minutes on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
