// The HTML report of the whole helpdesk corpus (4,090 calls, built-in packs, built CLI):
// its size, and how long headless Chromium takes to open it until the page is interactive
// (the page's `huashu-ready` mark: data parsed, charts drawn, handlers attached). Also the
// same for the corpus five times over, to show that a larger report still opens.
// Prints one JSON object; `{ skipped }` when Chromium or the corpus is missing.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { hasChromium, launchChromium } from "../test/helpers/chromium.mjs";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const corpus = fileURLToPath(new URL("../../shared/corpus/weibo-helpdesk.jsonl", import.meta.url));
const ROUNDS = 5;

if (!hasChromium() || !existsSync(corpus)) {
  console.log(JSON.stringify({ skipped: !hasChromium() ? "no /usr/bin/chromium" : "no ../shared/corpus" }));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), "huashu-bench-html-"));

/** Lints `input` into an HTML report; exit 1 (violations found) is expected. */
function report(input, output) {
  try {
    execFileSync(cli, ["lint", input, "--format", "html", "-o", output], { stdio: "ignore" });
  } catch (error) {
    if (error.status !== 1) throw error;
  }
  return output;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Opens the report `ROUNDS` times, each in a new tab of one browser: time from navigation start
 * to interactive, and the CPU time of the page's main thread until then (Chromium's task
 * durations in thread ticks), which other work on the machine does not inflate.
 */
async function open(file) {
  const { context, close } = await launchChromium();
  const ready = [];
  const wall = [];
  const cpu = [];
  let calls;
  for (let round = 0; round < ROUNDS; round++) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    const start = performance.now();
    await page.goto(`${pathToFileURL(file).href}?round=${round}`);
    await page.waitForSelector("body[data-ready]");
    wall.push(performance.now() - start);
    const { metrics } = await cdp.send("Performance.getMetrics");
    cpu.push(metrics.find((metric) => metric.name === "TaskDuration").value * 1000);
    ready.push(await page.evaluate(() => performance.getEntriesByName("huashu-ready")[0].startTime));
    // eslint-disable-next-line no-undef -- runs in the page, where document exists
    calls = await page.evaluate(() => document.querySelector('[data-figure="calls"] .value').textContent);
    await page.close();
  }
  await close();
  return {
    calls: Number(calls),
    megabytes: statSync(file).size / 1e6,
    readyMs: median(ready),
    wallMs: median(wall),
    mainThreadCpuMs: median(cpu),
    rounds: ROUNDS,
  };
}

try {
  const whole = await open(report(corpus, join(dir, "corpus.html")));
  const lines = readFileSync(corpus, "utf8")
    .split("\n")
    .filter((line) => line.trim());
  const larger = [];
  for (let copy = 0; copy < 5; copy++)
    for (const line of lines)
      larger.push(JSON.stringify({ ...JSON.parse(line), id: `${copy}-${JSON.parse(line).id}` }));
  writeFileSync(join(dir, "five.jsonl"), `${larger.join("\n")}\n`);
  const five = await open(report(join(dir, "five.jsonl"), join(dir, "five.html")));
  console.log(JSON.stringify({ whole, five }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
