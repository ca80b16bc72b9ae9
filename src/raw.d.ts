/** `import text from "./file?raw"`: a file's text, inlined by the build (tsup.config.ts) and by Vite in tests. */
declare module "*?raw" {
  const text: string;
  export default text;
}

/** `import script from "./entry.ts?bundle"`: a browser script bundled with its imports, by the build and by Vite in tests (src/build/bundle-script.ts). */
declare module "*?bundle" {
  const script: string;
  export default script;
}
