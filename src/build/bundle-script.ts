import { build } from "esbuild";

/**
 * A browser script's entry and what it imports, bundled into one script for a page's
 * `<script>` (the HTML report's: src/report/html/page/). Used by the build (tsup.config.ts)
 * and by Vite in the tests (vitest.config.ts) for `import text from "./entry.ts?bundle"`.
 */
export async function bundleScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    charset: "utf8",
    legalComments: "none",
  });
  return result.outputFiles[0]!.text;
}
