import { defineConfig } from "vitest/config";
import { bundleScript } from "./src/build/bundle-script.js";

export default defineConfig({
  plugins: [
    {
      // `import script from "./entry.ts?bundle"`, as the build inlines it (tsup.config.ts).
      name: "bundled-script",
      async load(id) {
        const [path, query] = id.split("?");
        return query === "bundle" ? `export default ${JSON.stringify(await bundleScript(path!))};` : undefined;
      },
    },
  ],
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
