import { defineConfig } from "tsup";

// Two builds run in parallel, so neither cleans dist/ (the build script does, once, before).

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    // builtinRules() finds rules/ from import.meta.url, which the CJS build must shim.
    shims: true,
    // opencc-js's dictionaries are ES modules only; bundled, the CJS build can load them too.
    noExternal: [/^opencc-js\//],
    dts: true,
    sourcemap: true,
    target: "node20",
  },
  {
    // The lint worker is its own entry: the pool starts it from dist/ beside cli.js.
    entry: { cli: "src/cli/main.ts", "lint-worker": "src/cli/lint-worker.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
