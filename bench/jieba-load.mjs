// What loading jieba's dictionary costs in a fresh process (the floor of any run that segments),
// as is and with glibc's malloc asked for transparent huge pages, which spares most of the page
// faults of building nodejieba's dictionary tries; each as nodejieba loads by default (two
// tries: one for cut, one more for TextRank, at every load) and as the huashu CLI does, without
// what keyword extraction reads (skipKeywordDictionary: the build's stub for the keyword
// dictionary, one trie). Prints one JSON line:
// `{ plain: { ms, rssMb }, hugePages: {…} | null, huashuPlain: {…}, huashuHugePages: {…} | null }`.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const nodejieba = createRequire(import.meta.url).resolve("nodejieba");
const huashu = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const HUGE_PAGES = "glibc.malloc.hugetlb=1";
const report =
  "console.log(JSON.stringify({ ms: performance.now() - t, rssMb: process.memoryUsage().rss / 2 ** 20 }));";
const asNodejieba = `const t = performance.now(); require(${JSON.stringify(nodejieba)}).load();\n${report}`;
const asHuashu = `import { preloadSegmenter, skipKeywordDictionary } from ${JSON.stringify(huashu)};
skipKeywordDictionary(); const t = performance.now(); preloadSegmenter();\n${report}`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function measure(env, probe) {
  const args = probe === asHuashu ? ["--input-type=module", "-e", probe] : ["-e", probe];
  const runs = [1, 2, 3].map(() =>
    JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, ...env } })),
  );
  return { ms: median(runs.map((run) => run.ms)), rssMb: median(runs.map((run) => run.rssMb)) };
}

// GLIBC_TUNABLES means something to glibc on Linux only.
const glibc = process.platform === "linux" && Boolean(process.report?.getReport().header.glibcVersionRuntime);
console.log(
  JSON.stringify({
    plain: measure({}, asNodejieba),
    hugePages: glibc ? measure({ GLIBC_TUNABLES: HUGE_PAGES }, asNodejieba) : null,
    huashuPlain: measure({}, asHuashu),
    huashuHugePages: glibc ? measure({ GLIBC_TUNABLES: HUGE_PAGES }, asHuashu) : null,
  }),
);
