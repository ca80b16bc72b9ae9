/** `import text from "./file?raw"`: a file's text, inlined by the build (tsup.config.ts) and by Vite in tests. */
declare module "*?raw" {
  const text: string;
  export default text;
}
