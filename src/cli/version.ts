import { createRequire } from "node:module";

/** huashu's version, from its package.json (one folder above `dist/` and `src/`). */
export function huashuVersion(): string {
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}
