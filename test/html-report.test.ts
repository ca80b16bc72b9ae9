import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deduction, EvalReport, Violation } from "../src/index.js";
import { lintSync, parseRules, parseTranscripts } from "../src/index.js";
import { reportData } from "../src/report/html/data.js";
import { parseSavedResults } from "../src/report/saved-results.js";
import { hasChromium, launchChromium } from "./helpers/chromium.mjs";
import { huashu, ROOT } from "./helpers/cli.js";
import { CORPUS_PATH, HAS_CORPUS } from "./helpers/corpus.js";
import { jsonResults } from "./helpers/results.js";
import { fixtureRules } from "./helpers/rules.js";

/** What `lint --format json` writes for one transcript. */
interface JsonResult {
  file: string;
  id?: string;
  agentId?: string;
  violations: Violation[];
  score: number;
  passed: boolean;
  deductions: Deduction[];
}

const ARTIFACTS = join(ROOT, "test/artifacts");

/**
 * 64 timed calls of three agents: some polite and complete, some with 我不知道 (a forbidden
 * phrase), some rude enough to fail, some without the closing phrases (required ones), some with a long unannounced
 * silence (a timing rule). Made here so that the test needs nothing beside the repository.
 */
function callsJsonl(): string {
  const lines: string[] = [];
  for (let i = 0; i < 64; i++) {
    const turns: { speaker: string; text: string; start: number; end: number }[] = [];
    let at = 0;
    const say = (speaker: string, text: string, pause = 600) => {
      turns.push({ speaker, text, start: at + pause, end: at + pause + text.length * 250 });
      at = at + pause + text.length * 250;
    };
    say("agent", i % 6 === 0 ? "喂,哪位" : "您好,星河宽带客服中心,工号1024为您服务,请问有什么可以帮您?", 0);
    say("customer", "我家宽带从昨天开始就断了");
    const rude = "不知道,我也不清楚,你问我我问谁,急什么,再不说话我就挂了";
    say("agent", i % 7 === 3 ? rude : i % 4 === 1 ? "这个我不知道,你问别人吧" : "很抱歉给您带来不便,我马上帮您查询");
    say("customer", "好的");
    say("agent", "您所在的片区正在检修,预计今晚恢复", i % 5 === 2 ? 25_000 : 800);
    if (i % 3 !== 2) say("agent", "请问还有其他可以帮您的吗?感谢您的来电,再见!");
    lines.push(JSON.stringify({ id: `call-${String(i).padStart(3, "0")}`, agentId: `A0${(i % 3) + 1}`, turns }));
  }
  return `${lines.join("\n")}\n`;
}

/** What the page's script sees (the test's tsconfig has no DOM types). */
interface PageGlobals {
  location: { hash: string };
  Chart: { getChart(id: string): { data: { datasets: { data: unknown[] }[] } } | undefined };
}

/** Goes to a view of the report, as a click on a link does. */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((to) => {
    (globalThis as unknown as PageGlobals).location.hash = to;
  }, hash);
}

/** The data a chart of the page shows, by its canvas id. */
function chartData(page: Page, id: string): Promise<unknown[][]> {
  return page.evaluate(
    (canvas) => (globalThis as unknown as PageGlobals).Chart.getChart(canvas)!.data.datasets.map((set) => set.data),
    id,
  );
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

// Each CLI run loads jieba and each page is a browser tab: slow on a busy 2-core machine.
const SLOW = 240_000;

describe("HTML report in headless Chromium (built CLI)", { timeout: SLOW }, () => {
  let dir: string;
  let results: JsonResult[];
  let browser: { context: BrowserContext; close: () => Promise<void> };
  /** Every problem seen in any page: console errors, page errors, requests other than the report itself. */
  const problems: string[] = [];

  beforeAll(async () => {
    if (!hasChromium())
      throw new Error(
        "/usr/bin/chromium is missing: the HTML report tests need it (apt-get install -y chromium; .ci/run installs it)",
      );
    dir = mkdtempSync(join(tmpdir(), "huashu-html-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(dir, "calls.jsonl"), callsJsonl());
    expect(huashu(["lint", "calls.jsonl", "--format", "json", "-o", "results.json"], { cwd: dir }).code).toBe(1);
    expect(huashu(["lint", "calls.jsonl", "--format", "html", "-o", "report.html"], { cwd: dir }).code).toBe(1);
    results = jsonResults<JsonResult>(readFileSync(join(dir, "results.json"), "utf8"));
    browser = await launchChromium();
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    expect(problems).toEqual([]);
  }, SLOW);

  async function open(file: string, hash = ""): Promise<Page> {
    const page = await browser.context.newPage();
    const url = pathToFileURL(join(dir, file)).href;
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`${file}: console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`${file}: ${error.message}`));
    page.on("request", (request) => {
      if (request.url().split("#")[0] !== url) problems.push(`${file}: request ${request.url()}`);
    });
    await page.goto(url + hash);
    await page.waitForSelector("body[data-ready]");
    return page;
  }

  const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"] .value`).textContent();

  it("the fixture exercises every kind of violation the page shows", () => {
    const rules = new Set(results.flatMap((result) => result.violations.map((v) => v.ruleId)));
    expect([...rules]).toEqual(expect.arrayContaining(["taboo.dont-know", "flow.closing.goodbye", "flow.hold.notice"]));
    expect(results.some((result) => result.passed)).toBe(true);
    expect(results.some((result) => !result.passed)).toBe(true);
    expect(new Set(results.map((result) => result.agentId))).toEqual(new Set(["A01", "A02", "A03"]));
  });

  it("summary: the figures and the histogram equal the JSON results; no request leaves the page", async () => {
    const page = await open("report.html");
    const passed = results.filter((result) => result.passed).length;
    const violations = results.flatMap((result) => result.violations);
    expect(await figure(page, "calls")).toBe(String(results.length));
    expect(await figure(page, "pass-rate")).toBe(percent(passed / results.length));
    expect(await figure(page, "mean-score")).toBe(mean(results.map((result) => result.score)).toFixed(1));
    expect(await figure(page, "violations")).toBe(String(violations.length));
    const bySeverity = (severity: string) => violations.filter((v) => v.severity === severity).length;
    expect(await page.locator('[data-figure="violations"] .note').textContent()).toBe(
      `错误 ${bySeverity("error")} · 警告 ${bySeverity("warning")} · 提示 ${bySeverity("info")}`,
    );
    expect(await page.locator('[data-figure="durations"]').count()).toBe(1);

    const bins = Array.from({ length: 10 }, () => 0);
    for (const result of results) bins[Math.min(Math.floor(result.score / 10), 9)]!++;
    expect((await chartData(page, "chart-histogram"))[0]).toEqual(bins);
    await page.screenshot({ path: join(ARTIFACTS, "html-report-summary.png"), fullPage: true });
    await page.close();
  });

  it("per rule and per agent: hits, calls, points, pass rate and mean score equal the JSON results", async () => {
    const page = await open("report.html", "#rules");
    const ruleIds = [...new Set(results.flatMap((result) => result.violations.map((v) => v.ruleId)))];
    for (const id of ruleIds) {
      const row = page.locator(`#rule-table tr[data-rule="${id}"]`);
      const cell = (column: string) => row.locator(`[data-col="${column}"]`).textContent();
      const hitCalls = results.filter((result) => result.violations.some((v) => v.ruleId === id));
      expect(await cell("hits")).toBe(
        String(results.flatMap((result) => result.violations).filter((v) => v.ruleId === id).length),
      );
      expect(await cell("calls")).toBe(String(hitCalls.length));
      expect(await cell("share")).toBe(percent(hitCalls.length / results.length));
      const points = results
        .flatMap((result) => result.deductions)
        .filter((d) => d.ruleId === id)
        .reduce((sum, d) => sum + d.points, 0);
      expect(await cell("points")).toBe(String(points));
      const suggestion = results.flatMap((result) => result.violations).find((v) => v.ruleId === id)!.suggestion;
      if (suggestion) expect(await row.locator(".suggestion").textContent()).toBe(suggestion);
    }
    await go(page, "#agents");
    await page.waitForSelector("#agent-table");
    for (const agent of ["A01", "A02", "A03"]) {
      const own = results.filter((result) => result.agentId === agent);
      const row = page.locator(`#agent-table tr[data-agent="${agent}"]`);
      expect(await row.locator('[data-col="calls"]').textContent()).toBe(String(own.length));
      expect(await row.locator('[data-col="pass-rate"]').textContent()).toBe(
        percent(own.filter((result) => result.passed).length / own.length),
      );
      expect(await row.locator('[data-col="mean-score"]').textContent()).toBe(
        mean(own.map((result) => result.score)).toFixed(1),
      );
    }
    await page.close();
  });

  it("filtering the call list by a rule shows exactly its calls, over every page", async () => {
    const page = await open("report.html", "#calls");
    expect(await page.locator("#call-count").textContent()).toBe(`共 ${results.length} 通`);
    for (const rule of ["flow.closing.goodbye", "taboo.dont-know"]) {
      await page.selectOption('select[name="rule"]', rule);
      const expected = results
        .filter((result) => result.violations.some((v) => v.ruleId === rule))
        .map((result) => result.id);
      expect(await page.locator("#call-count").textContent()).toBe(`共 ${expected.length} 通`);
      const seen: string[] = [];
      for (;;) {
        seen.push(...(await page.locator("tr[data-call] td:first-child a").allTextContents()));
        const next = page.locator('button[data-action="next-page"]');
        if (await next.isDisabled()) break;
        await next.click();
      }
      expect(seen.sort()).toEqual(expected.sort());
    }
    // Sorting by score, lowest first.
    await page.selectOption('select[name="rule"]', "");
    await page.click('th[data-sort="score"]');
    const scores = (await page.locator("tr[data-call] td.score").allTextContents()).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(scores[0]).toBe(Math.min(...results.map((result) => result.score)));
    await page.close();
  });

  it("the call list holds its table and pager, and no stray text between them (it once showed “null”)", async () => {
    const page = await open("report.html", "#calls");
    const children = () =>
      page.locator("#call-list").evaluate((list) => [...list.childNodes].map((node) => node.nodeName));
    expect(await children()).toEqual(["TABLE", "DIV"]);
    await page.fill('input[name="query"]', "no such call");
    expect(await page.locator("#call-count").textContent()).toBe("共 0 通");
    expect(await children()).toEqual(["TABLE", "P", "DIV"]);
    await page.close();
  });

  it("a call's detail highlights the violation in place with its standard wording, marks the missing phrase, and draws the timeline", async () => {
    const index = results.findIndex(
      (result) =>
        result.violations.some((v) => v.ruleId === "taboo.dont-know") &&
        result.violations.some((v) => v.ruleId === "flow.closing.goodbye"),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const result = results[index]!;
    const page = await open("report.html", `#call/${index}`);
    expect(await page.locator(".call-title h2").textContent()).toBe(result.id);
    expect(await page.locator('[data-figure="score"]').textContent()).toBe(`${result.score} 分`);
    const taboo = result.violations.find((v) => v.ruleId === "taboo.dont-know")!;
    const mark = page.locator('mark.hl[data-rule="taboo.dont-know"]');
    expect(await mark.textContent()).toBe(taboo.text);
    // The mark is inside the turn the violation names, and its note gives the standard wording.
    const turn = page.locator(`.turn[data-turn="${taboo.turn}"]`);
    expect(await turn.locator('mark.hl[data-rule="taboo.dont-know"]').count()).toBe(1);
    expect(await turn.locator('.note-box[data-rule="taboo.dont-know"] .standard').textContent()).toBe(taboo.suggestion);
    const goodbye = result.violations.find((v) => v.ruleId === "flow.closing.goodbye")!;
    const missing = page.locator('.missing[data-rule="flow.closing.goodbye"]');
    expect(await missing.locator(".standard").textContent()).toBe(goodbye.suggestion);
    // Placed just before the first turn of the window it was looked for in.
    const nextTurn = await missing.evaluate((element) => {
      let next = element.nextElementSibling;
      while (next && !next.classList.contains("turn")) next = next.nextElementSibling;
      return next?.getAttribute("data-turn");
    });
    expect(nextTurn).toBe(String(goodbye.turn));
    expect(await page.locator("#chart-timeline").count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, "html-report-call.png"), fullPage: true });

    const silent = results.findIndex((r) => r.violations.some((v) => v.ruleId === "flow.hold.notice"));
    await go(page, `#call/${silent}`);
    await page.waitForSelector('.note-box[data-rule="flow.hold.notice"]');
    const timed = ((await chartData(page, "chart-timeline"))[2] as { x: number[] }[]).map((bar) => bar.x);
    const hold = results[silent]!.violations.find((v) => v.ruleId === "flow.hold.notice")!;
    expect(timed).toContainEqual([hold.start! / 1000, hold.end! / 1000]);
    await page.close();
  });

  it("huashu report renders saved lint, stream and worker results with the same figures, without the conversation", async () => {
    expect(huashu(["report", "results.json", "-o", "from-json.html"], { cwd: dir }).code).toBe(0);
    const stream = huashu(["stream"], { cwd: dir, input: readFileSync(join(dir, "calls.jsonl"), "utf8") });
    writeFileSync(join(dir, "stream.jsonl"), stream.stdout);
    expect(huashu(["report", "stream.jsonl", "-o", "from-stream.html"], { cwd: dir }).code).toBe(0);
    // What `huashu worker` adds to its results stream, one entry per line (fields id, entry, result).
    const worker = results.map(({ file: _file, ...lintResult }, index) =>
      JSON.stringify({ id: lintResult.id, entry: `1-${index}`, result: JSON.stringify(lintResult) }),
    );
    writeFileSync(
      join(dir, "worker.jsonl"),
      `${worker.join("\n")}\n${JSON.stringify({ id: "broken", entry: "1-99", result: JSON.stringify({ error: "transcript 不是有效的 JSON" }) })}\n`,
    );
    const fromWorker = huashu(["report", "worker.jsonl", "-o", "from-worker.html"], { cwd: dir });
    expect(fromWorker.code).toBe(0);
    expect(fromWorker.stderr).toContain("1 条是错误记录");

    const passed = results.filter((result) => result.passed).length;
    for (const file of ["from-json.html", "from-stream.html", "from-worker.html"]) {
      const page = await open(file);
      expect(await figure(page, "calls")).toBe(String(results.length));
      expect(await figure(page, "pass-rate")).toBe(percent(passed / results.length));
      expect(await figure(page, "mean-score")).toBe(mean(results.map((result) => result.score)).toFixed(1));
      expect(await figure(page, "violations")).toBe(
        String(results.reduce((sum, result) => sum + result.violations.length, 0)),
      );
      await go(page, "#rules");
      const points = results
        .flatMap((result) => result.deductions)
        .filter((d) => d.ruleId === "taboo.dont-know")
        .reduce((sum, d) => sum + d.points, 0);
      expect(await page.locator('#rule-table tr[data-rule="taboo.dont-know"] [data-col="points"]').textContent()).toBe(
        String(points),
      );
      await go(page, "#call/1");
      expect(await page.locator("#no-turns").count()).toBe(1);
      expect(await page.locator(".plain-violations li").count()).toBe(results[1]!.violations.length);
      await page.close();
    }
  });
  it("review: confirm one hit, reject another, mark a miss, confirm a missing phrase; the marks outlive a reload, and huashu eval reads the export", async () => {
    const hitOn = (rule: string) => (result: JsonResult) =>
      result.violations.some((v) => v.ruleId === rule && v.region === "match");
    const confirmed = results.findIndex(hitOn("taboo.dont-know"));
    // 喂,哪位: taboo.wei is the only hit said in the turn, so a rejection makes the turn clean.
    const rejected = results.findIndex(hitOn("taboo.wei"));
    const clean = results.findIndex((result) => result.violations.length === 0);
    const cleanTurn = 2;
    expect([confirmed, rejected, clean].every((index) => index >= 0)).toBe(true);
    const page = await open("report.html", `#call/${confirmed}`);
    const hit = (rule: string) => page.locator(`.note-box[data-rule="${rule}"]`).first();
    const button = (rule: string, name: string) => hit(rule).getByRole("button", { name, exact: true });
    await button("taboo.dont-know", "确认").click();
    expect(await button("taboo.dont-know", "确认").getAttribute("aria-pressed")).toBe("true");
    await go(page, `#call/${rejected}`);
    await button("taboo.wei", "误报").click();
    // The note is the turn's: one labels line per turn.
    const weiTurn = results[rejected]!.violations.find((v) => v.ruleId === "taboo.wei")!.turn;
    const weiNote = page.locator(`.turn[data-turn="${weiTurn}"]`).getByRole("textbox", { name: "备注" });
    await weiNote.fill("喂 只是接听");
    await weiNote.press("Tab");
    // A missing phrase is about the whole call: a call label.
    const greeting = page.locator('.missing[data-rule="flow.opening.greeting"]');
    await greeting.getByRole("button", { name: "确认", exact: true }).click();
    await go(page, `#call/${clean}`);
    const turn = page.locator(`.turn[data-turn="${cleanTurn}"]`);
    await turn.getByRole("combobox", { name: "漏报" }).selectOption("rude");
    await page.getByRole("textbox", { name: "复核人" }).fill("王芳");
    await page.getByRole("textbox", { name: "复核人" }).press("Tab");

    await page.reload();
    await page.waitForSelector("body[data-ready]");
    expect(await turn.getByRole("combobox", { name: "漏报" }).inputValue()).toBe("rude");
    expect(await page.locator("#review-totals").textContent()).toBe("复核 3 通 · 确认 2 · 误报 1 · 漏报 1");
    await go(page, `#call/${rejected}`);
    expect(await button("taboo.wei", "误报").getAttribute("aria-pressed")).toBe("true");
    await page.screenshot({ path: join(ARTIFACTS, "html-report-review.png"), fullPage: true });
    expect(await button("taboo.wei", "确认").getAttribute("aria-pressed")).toBe("false");
    await go(page, "#calls");
    const reviewCell = (index: number) => page.locator(`tr[data-call="${index}"] [data-col="review"]`).textContent();
    expect(await reviewCell(clean)).toContain("确认 0 · 误报 0 · 漏报 1");
    expect(await reviewCell(rejected)).toContain("确认 1 · 误报 1 · 漏报 0");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "导出标注" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("labels.jsonl");
    await download.saveAs(join(dir, "labels.jsonl"));
    const lines = readFileSync(join(dir, "labels.jsonl"), "utf8").trim().split("\n");
    // One line per reviewed agent turn and per marked hit about a whole call, in the calls' order.
    const expected: [number, object][] = [
      [rejected, { label: "clean", hits: { "taboo.wei": "rejected" }, note: "喂 只是接听", reviewer: "王芳" }],
      [rejected, { rule: "flow.opening.greeting", label: "missing", reviewer: "王芳" }],
      [confirmed, { label: "violation", category: "dont-know", hits: { "taboo.dont-know": "confirmed" } }],
      [clean, { turn: cleanTurn, label: "violation", category: "rude", reviewer: "王芳" }],
    ];
    expect(lines.map((line) => JSON.parse(line) as object)).toMatchObject(
      expected.sort((a, b) => a[0] - b[0]).map(([index, line]) => ({ id: results[index]!.id, ...line })),
    );

    const run = huashu(["eval", "--labels", "labels.jsonl", "--corpus", "calls.jsonl", "-f", "json"], { cwd: dir });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as EvalReport;
    expect(report.reviews).toEqual({ turns: 2, confirmed: 1, rejected: 1 });
    const rule = (id: string) => report.rules.find((score) => score.ruleId === id);
    expect(rule("taboo.wei")).toMatchObject({ rejected: 1, violation: 0, precision: 0 });
    expect(rule("taboo.dont-know")).toMatchObject({ violation: 1, confirmed: 1, rejected: 0 });
    expect(report.overturnedHits).toMatchObject([
      { ruleId: "taboo.wei", id: results[rejected]!.id, note: "喂 只是接听" },
    ]);
    expect(report.misses).toMatchObject([{ id: results[clean]!.id, turn: cleanTurn, category: "rude" }]);
    expect(report.callRules.find((score) => score.ruleId === "flow.opening.greeting")).toMatchObject({
      missing: 1,
      right: 1,
    });
    await page.close();
  });

  it("review: a report of saved results, which hold no conversation, offers no review", async () => {
    expect(huashu(["report", "results.json", "-o", "no-conversation.html"], { cwd: dir }).code).toBe(0);
    const page = await open("no-conversation.html", "#call/1");
    expect(await page.locator("#no-turns").count()).toBe(1);
    expect(await page.getByRole("button", { name: "导出标注" }).count()).toBe(0);
    expect(await page.locator(".review button").count()).toBe(0);
    const withConversation = await open("report.html");
    expect(await withConversation.getByRole("button", { name: "导出标注" }).count()).toBe(1);
    await Promise.all([page.close(), withConversation.close()]);
  });

  it("review keys: J goes to the next hit, Y confirms it and N rejects the one after, K goes back", async () => {
    // A call the test above did not review, with several hits.
    const index = results.map((result) => result.violations.length >= 3).lastIndexOf(true);
    const page = await open("report.html", `#call/${index}`);
    const mark = (number: number) =>
      page.locator(`.review[data-v="${number}"] button[aria-pressed="true"]`).allTextContents();
    await page.keyboard.press("j");
    await page.keyboard.press("y");
    await page.keyboard.press("n");
    expect([await mark(0), await mark(1), await mark(2)]).toEqual([["确认"], ["误报"], []]);
    expect(await page.locator('[data-figure="review"]').textContent()).toBe("确认 1 · 误报 1 · 漏报 0");
    await page.keyboard.press("k");
    await page.keyboard.press("k");
    await page.keyboard.press("n");
    expect([await mark(0), await mark(1)]).toEqual([["误报"], ["误报"]]);
    await page.close();
  });
});

describe("report data (computed in Node, shown by the page)", () => {
  it("places a match exactly in its turn even after JSON escapes and a line break, and a missing phrase over its window", () => {
    const rules = fixtureRules("basic.yaml");
    const input =
      '{"id":"c","turns":[{"speaker":"agent","text":"\\"早\\"\\n这个不知道"},{"speaker":"customer","text":"喂?"},{"speaker":"agent","text":"好的"}]}';
    const [transcript] = parseTranscripts(input, { file: "c.json" });
    const result = { ...lintSync(transcript!, { rules }), file: "c.json", turns: transcript!.turns };
    const data = reportData([result], rules.rules);
    const views = data.calls[0]!.violations;
    const text = transcript!.turns[0]!.text;
    expect(views.find((v) => v.rule === "taboo.dont-know")).toMatchObject({
      kind: "span",
      turn: 0,
      endTurn: 0,
      from: text.indexOf("不知道"),
      to: text.indexOf("不知道") + 3,
    });
    expect(views.find((v) => v.rule === "flow.greeting")).toMatchObject({ kind: "missing", turn: 0, endTurn: 0 });
    expect(views.find((v) => v.rule === "flow.closing")).toMatchObject({ kind: "missing", turn: 2, endTurn: 2 });
    // What the rule's row holds is not repeated per violation, nor text the turns hold.
    expect(views.every((v) => v.message === undefined && v.suggestion === undefined && v.text === undefined)).toBe(
      true,
    );
    const row = data.rules.find((r) => r.id === "taboo.dont-know")!;
    expect(row).toMatchObject({
      hits: 1,
      calls: 1,
      share: 1,
      points: result.deductions.find((d) => d.ruleId === "taboo.dont-know")!.points,
    });
    expect(data.rules.find((r) => r.id === "taboo.dare-complain")).toMatchObject({ hits: 0, calls: 0 });
  });
  it("has an id of its own, the same for the same input linted again and another for other calls; rule rows keep their tags", () => {
    const rules = parseRules(`
rules:
  - { id: t.wei, type: forbidden, phrases: [喂], boundary: none, message: 称呼不当, tags: [服务忌语, 称呼] }
`);
    const reportOf = (text: string, at: Date) => {
      const transcript = { id: "c", turns: [{ speaker: "agent" as const, text }] };
      return reportData(
        [{ ...lintSync(transcript, { rules }), file: "c.json", turns: transcript.turns }],
        rules.rules,
        at,
      );
    };
    const first = reportOf("喂,哪位", new Date(0));
    expect(first.id).toMatch(/^[0-9a-f]{16}$/);
    expect(reportOf("喂,哪位", new Date()).id).toBe(first.id);
    expect(reportOf("喂,您好", new Date(0)).id).not.toBe(first.id);
    expect(first.rules[0]).toMatchObject({ id: "t.wei", tags: ["服务忌语", "称呼"] });
  });
});

describe("how the page shows each violation, decided by its region, not its rule type", () => {
  // Phrases match as plain substrings (boundary: none), so no jieba here.
  const rules = parseRules(`
rules:
  - { id: t.silence, type: silence, maxSeconds: 5, message: 静音过长 }
  - { id: t.first, type: first-response, maxSeconds: 1, message: 应答过慢 }
  - { id: t.greeting, type: required, phrases: [您好], boundary: none, within: { first: 1 }, message: 须问候 }
  - { id: t.shrug, type: response, trigger: { phrases: [投诉], speaker: customer }, reply: { phrases: [随便你], boundary: none }, replyWithin: { turns: 1 }, expect: absent, message: 不能推诿 }
  - { id: t.sorry, type: response, trigger: { phrases: [投诉], speaker: customer }, reply: { phrases: [抱歉], boundary: none }, replyWithin: { turns: 1 }, message: 须致歉 }
`);
  const transcript = {
    turns: [
      { speaker: "customer" as const, text: "我要投诉", start: 0, end: 1000 },
      { speaker: "agent" as const, text: "随便你", start: 2000, end: 3000 },
      { speaker: "agent" as const, text: "还有别的吗", start: 9000, end: 10000 },
    ],
  };
  const result = { ...lintSync(transcript, { rules }), file: "call.json", turns: transcript.turns };
  const kindOf = (views: ReturnType<typeof reportData>["calls"][number]["violations"], rule: string) =>
    views.filter((v) => v.rule === rule).map((v) => v.kind);

  it("timings go on the timeline, missing phrases and replies over their window, a reply said as a whole turn is highlighted", () => {
    const views = reportData([result], rules.rules).calls[0]!.violations;
    expect(kindOf(views, "t.silence")).toEqual(["timing"]);
    expect(kindOf(views, "t.first")).toEqual(["timing"]);
    expect(kindOf(views, "t.greeting")).toEqual(["missing"]);
    expect(kindOf(views, "t.sorry")).toEqual(["missing"]);
    // The forbidden reply is the whole of turn 1: it was said, not missing.
    expect(views.find((v) => v.rule === "t.shrug")).toMatchObject({ kind: "span", turn: 1, from: 0, to: 3 });
  });

  it("the same rule's violation with another region is shown as that region says", () => {
    const relabelled = result.violations.map((v) =>
      v.ruleId === "t.silence"
        ? { ...v, region: "window" as const }
        : v.ruleId === "t.greeting"
          ? { ...v, region: "timing" as const }
          : v,
    );
    const views = reportData([{ ...result, violations: relabelled }], rules.rules).calls[0]!.violations;
    expect(kindOf(views, "t.silence")).toEqual(["missing"]);
    expect(kindOf(views, "t.greeting")).toEqual(["timing"]);
    // Without the conversation (saved results), the region still decides.
    const { turns: _turns, ...withoutTurns } = result;
    expect(reportData([withoutTurns], rules.rules).calls[0]!.violations.map((v) => [v.rule, v.kind])).toEqual(
      expect.arrayContaining([
        ["t.silence", "timing"],
        ["t.greeting", "missing"],
        ["t.shrug", "turns"],
      ]),
    );
  });
});

describe("reading saved results back (huashu report)", { timeout: SLOW }, () => {
  it("lists bad lines with their numbers and keeps the good ones; a stream call without its final line is reported", () => {
    const text = [
      '{"id":"a","final":true,"score":90,"passed":true,"deductions":[],"notices":[]}',
      "not json",
      '{"id":"b","violations":[]}',
      '{"foo":1}',
      '{"error":"不是有效的 JSON","line":7}',
    ].join("\n");
    const saved = parseSavedResults(text, "day.jsonl");
    expect(saved.results.map((result) => [result.id, result.score])).toEqual([["a", 90]]);
    expect(saved.problems.map((problem) => problem.line)).toEqual([2, 4, undefined]);
    expect(saved.problems[2]!.message).toContain("“b”");
    expect(saved.errorEntries).toBe(1);
  });

  it("the CLI still writes the report from the good lines and exits 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-report-"));
    writeFileSync(join(dir, "day.jsonl"), '{"id":"a","final":true,"score":90,"passed":true}\n{"id":\n');
    const run = huashu(["report", "day.jsonl", "missing.json", "-o", "out/report.html"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("day.jsonl:2 不是有效的 JSON");
    expect(run.stderr).toContain("missing.json 无法读取");
    const packed = /<script type="application\/octet-stream" id="report-data">([^<]*)</.exec(
      readFileSync(join(dir, "out/report.html"), "utf8"),
    )![1]!;
    const data = JSON.parse(gunzipSync(Buffer.from(packed, "base64")).toString("utf8")) as {
      calls: { id: string; score: number }[];
    };
    expect(data.calls.map((call) => [call.id, call.score])).toEqual([["a", 90]]);
    expect(huashu(["report"], { cwd: dir }).code).toBe(2);
  });
});

/** What the timing of a review uses of the page (the test's tsconfig has no DOM types). */
interface ReviewGlobals {
  location: { hash: string };
  addEventListener(type: string, listener: (event: unknown) => void, options: { once: boolean }): void;
  requestAnimationFrame(callback: () => void): void;
  document: { querySelectorAll(selector: string): ArrayLike<Clickable> & Iterable<Clickable> };
}

interface Clickable {
  click(): void;
  querySelectorAll(selector: string): ArrayLike<Clickable>;
}

describe.skipIf(!HAS_CORPUS)("review on the shared corpus's 4,090 calls (built CLI)", { timeout: SLOW }, () => {
  it("marks, opens the next call and exports a few hundred items: the times are recorded, not asserted (npm run bench is for targets)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huashu-review-"));
    expect(huashu(["lint", CORPUS_PATH, "--format", "html", "-o", "corpus.html"], { cwd: dir }).code).toBe(1);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${pathToFileURL(join(dir, "corpus.html")).href}#calls`);
      await page.waitForSelector("body[data-ready]");
      // In the page: open calls one after another as the keys do, and mark every hit, alternately
      // confirmed and rejected, until a few hundred are marked; then export.
      const times = await page.evaluate(async (wanted) => {
        const page = globalThis as unknown as ReviewGlobals;
        const nextFrame = () => new Promise((done) => page.requestAnimationFrame(() => setTimeout(done)));
        const opens: number[] = [];
        const marks: number[] = [];
        let marked = 0;
        for (let call = 0; marked < wanted; call++) {
          let start = performance.now();
          page.location.hash = `#call/${call}`;
          await new Promise((done) => page.addEventListener("hashchange", done, { once: true }));
          await nextFrame();
          opens.push(performance.now() - start);
          for (const controls of page.document.querySelectorAll(".review")) {
            start = performance.now();
            controls.querySelectorAll("button")[marked % 2]!.click();
            await nextFrame();
            marks.push(performance.now() - start);
            marked++;
          }
        }
        const start = performance.now();
        page.document.querySelectorAll("#export-labels")[0]!.click();
        return { opens, marks, exported: performance.now() - start };
      }, 300);
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const line = (values: number[]) =>
        `median ${median(values).toFixed(1)} ms, slowest ${Math.max(...values).toFixed(1)} ms (${values.length})`;
      console.log(
        `review of the corpus's report: open a call ${line(times.opens)}; mark a hit ${line(times.marks)}; ` +
          `export ${times.marks.length} marks ${times.exported.toFixed(1)} ms`,
      );
      expect(times.marks.length).toBeGreaterThanOrEqual(300);
      const confirmed = Math.ceil(times.marks.length / 2);
      expect(await page.locator("#review-totals").textContent()).toMatch(
        new RegExp(`确认 ${confirmed} · 误报 ${times.marks.length - confirmed} · 漏报 0$`),
      );
      await page.close();
    } finally {
      await browser.close();
    }
  });
});
