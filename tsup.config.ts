import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { defineConfig, type Options } from "tsup";
import { bundleScript } from "./src/build/bundle-script.js";
import { HUGE_PAGES_TUNABLE } from "./src/cli/huge-pages-note.js";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * `import text from "./file?QUERY"` inlines the text `load` makes of the file, so that nothing
 * is found at run time: `?raw` the file's own text (the HTML report's styles and chart library,
 * as Vite does in the tests), `?bundle` a browser script bundled with its imports (the report
 * page's script, as vitest.config.ts does).
 */
function inlineText(query: string, load: (path: string) => Promise<string>): Plugin {
  const suffix = `?${query}`;
  const name = `inline-${query}`;
  return {
    name,
    setup(build) {
      // The path keeps its query, so that tsup's own CSS plugin does not take `.css` files.
      build.onResolve({ filter: new RegExp(`\\?${query}$`) }, (args) => ({
        path: resolve(args.resolveDir, args.path),
        namespace: name,
      }));
      build.onLoad({ filter: /.*/, namespace: name }, async (args) => ({
        contents: await load(args.path.slice(0, -suffix.length)),
        loader: "text",
      }));
    },
  };
}

const rawText = inlineText("raw", (path) => readFile(path, "utf8"));
const bundledScript = inlineText("bundle", bundleScript);

/**
 * zod's index imports all its ~60 locales, half of what it bundles to; huashu's messages use
 * two (en, zod's default, and zhCN: src/transcript/validate.ts, adapters/json-document.ts).
 * The CLI, which bundles zod so as not to resolve and load its 100 files at each start, gets
 * only those; a run parses half as much.
 */
const zodLocales: Plugin = {
  name: "zod-locales",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: resolve(args.resolveDir, args.path), namespace: "zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "./en.js";\nexport { default as zhCN } from "./zh-CN.js";\n',
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * The CLI's start line, a script for /bin/sh on its first two lines and JavaScript after (line 2
 * is a string and a comment to node): sh puts glibc's huge-pages setting before the user's own
 * `GLIBC_TUNABLES` (a later `glibc.malloc.hugetlb=0` of theirs still wins) and replaces itself
 * with node, so jieba loads on huge pages in the one process huashu runs in. Not `env -S VAR=…
 * node`: BusyBox's env (Alpine) has no -S.
 */
const startLine = [
  "#!/bin/sh",
  `":" //; export GLIBC_TUNABLES="${HUGE_PAGES_TUNABLE}\${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"; exec node "$0" "$@"`,
].join("\n");

/**
 * zod in the CLI: bundled, but evaluated only when first used. src/util/zod.ts loads it with
 * `createRequire`, which esbuild cannot follow; here it becomes a plain `require("zod")` of zod's
 * ES modules, which esbuild bundles inside a function that runs on the first call.
 */
const zodOnFirstUse: Plugin = {
  name: "zod-on-first-use",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]util[\\/]zod\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replace('createRequire(import.meta.url)("zod")', 'require("zod")'),
      loader: "ts",
    }));
    build.onResolve({ filter: /^zod$/ }, (args) =>
      args.kind === "require-call"
        ? {
            path: createRequire(import.meta.url)
              .resolve("zod")
              .replace(/\.cjs$/, ".js"),
          }
        : undefined,
    );
  },
};

// Two builds run in parallel, so neither cleans dist/ (the build script does, once, before).

/**
 * Names this build, in both bundles and in the built-in packs' snapshot written with it
 * (src/rules/snapshot.ts): code rebuilt without the build script (`npx tsup`) never trusts a
 * snapshot older code made.
 */
const define = { __HUASHU_BUILD__: JSON.stringify(randomUUID()) };

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    // builtinRules() finds rules/ from import.meta.url, which the CJS build must shim.
    shims: true,
    // opencc-js's dictionaries are ES modules only; bundled, the CJS build can load them too.
    noExternal: [/^opencc-js\//],
    // Members marked `@internal` (RuleSet's constructor and phrase index…) stay out of the declarations.
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    target: "node20",
    define,
    esbuildPlugins: [rawText, bundledScript],
  },
  {
    // The lint worker is its own entry: the pool starts it from dist/ beside cli.js. The build
    // script runs write-builtin-snapshot once the bundle is built (it is not packed).
    entry: {
      cli: "src/cli/main.ts",
      "lint-worker": "src/cli/lint-worker.ts",
      "write-builtin-snapshot": "src/build/write-builtin-snapshot.ts",
    },
    format: ["esm"],
    // Packages every `huashu lint` loads, bundled: one chunk each start-up parses, instead of
    // resolving, reading and (for CommonJS) wrapping 100-odd files of node_modules. Not
    // picomatch: fdir requires it from node_modules as it loads, and it would be loaded twice.
    noExternal: ["zod", "tinyglobby", "fdir", "ignore"],
    sourcemap: true,
    target: "node20",
    banner: { js: startLine },
    define,
    esbuildPlugins: [rawText, bundledScript, zodLocales, zodOnFirstUse],
  },
]);
