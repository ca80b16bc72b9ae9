import { createRequire } from "node:module";

/**
 * A CommonJS package loaded on its first use rather than when huashu starts: most runs of
 * `huashu lint` never need YAML (no config, the built-in packs from their snapshot), jieba or
 * pinyin, and loading each costs tens of milliseconds.
 */
export function lazyRequire<Module>(name: string): () => Module {
  let loaded: Module | undefined;
  return () => (loaded ??= createRequire(import.meta.url)(name) as Module);
}
