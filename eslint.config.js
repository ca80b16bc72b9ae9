// ESLint for the TypeScript sources, tests and benchmarks: the recommended rules of ESLint and
// typescript-eslint. Formatting is Prettier's job (.prettierrc.json).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "node_modules/", ".huashu-cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    // The HTML report's script runs in the browser, with Chart.js inlined beside it.
    files: ["src/report/html/page/**/*.ts"],
    languageOptions: { globals: globals.browser },
  },
  {
    // A spread argument puts every element on the stack: past ~125,000 (a report of 130,000
    // calls) it overflows. Appending and measuring go through loops (src/util/array.ts).
    files: ["src/**/*.ts", "src/**/*.js"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(push|unshift|splice|max|min|fromCharCode|fromCodePoint)$/] > SpreadElement",
          message:
            "Spread arguments overflow the stack on data-sized arrays: use pushAll or extent (src/util/array.ts), or a loop.",
        },
      ],
    },
  },
  {
    // These look for control characters (binary input) on purpose.
    files: ["src/transcript/decode.ts", "test/config-files.test.ts"],
    rules: { "no-control-regex": "off" },
  },
  {
    // A leading underscore marks what a destructuring leaves out on purpose.
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { varsIgnorePattern: "^_", argsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
);
