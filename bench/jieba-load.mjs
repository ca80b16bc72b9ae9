// What loading jieba's dictionary costs in a fresh process (the floor of any run that segments),
// as is and with glibc's malloc asked for transparent huge pages, which spares most of the page
// faults of building nodejieba's two dictionary tries (one for cut, one for TextRank; it builds
// both at every load); each as nodejieba loads by default and as the huashu CLI does, with the
// build's stub for the keyword dictionary (src/match/segmenter.ts). Prints one JSON line:
// `{ plain: { ms, rssMb }, hugePages: {…} | null, stubPlain: {…}, stubHugePages: {…} | null }`.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const nodejieba = createRequire(import.meta.url).resolve("nodejieba");
const HUGE_PAGES = "glibc.malloc.hugetlb=1";
const stub = fileURLToPath(new URL("../dist/jieba-idf-stub.utf8", import.meta.url));
const probe = (
  options,
) => `const t = performance.now(); require(${JSON.stringify(nodejieba)}).load(${JSON.stringify(options)});
console.log(JSON.stringify({ ms: performance.now() - t, rssMb: process.memoryUsage().rss / 2 ** 20 }));`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function measure(env, options = {}) {
  const runs = [1, 2, 3].map(() =>
    JSON.parse(
      execFileSync(process.execPath, ["-e", probe(options)], { encoding: "utf8", env: { ...process.env, ...env } }),
    ),
  );
  return { ms: median(runs.map((run) => run.ms)), rssMb: median(runs.map((run) => run.rssMb)) };
}

// GLIBC_TUNABLES means something to glibc on Linux only.
const glibc = process.platform === "linux" && Boolean(process.report?.getReport().header.glibcVersionRuntime);
const withStub = { idfDict: stub };
console.log(
  JSON.stringify({
    plain: measure({}),
    hugePages: glibc ? measure({ GLIBC_TUNABLES: HUGE_PAGES }) : null,
    stubPlain: measure({}, withStub),
    stubHugePages: glibc ? measure({ GLIBC_TUNABLES: HUGE_PAGES }, withStub) : null,
  }),
);
