import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { builtinRules, type Violation } from "../src/index.js";
import { huashu } from "./helpers/cli.js";
import { jsonResults } from "./helpers/results.js";
import { TestClient } from "./helpers/lsp.js";
import { copyFixtureRepo } from "./helpers/repo.js";

// The server is driven as an editor drives it: `huashu lsp --stdio` in a child process, LSP
// over its stdin/stdout (test/helpers/lsp.ts).

const uriOf = (path: string) => pathToFileURL(path).href;

/** What a diagnostic for a violation of `huashu lint --format json` must say, worked out here independently of the server. */
function expectedDiagnostic(v: Violation) {
  const message = v.detail ? `${v.message}(${v.detail})` : v.message;
  return {
    code: v.ruleId,
    range: {
      start: { line: v.line - 1, character: v.column - 1 },
      end: { line: v.endLine - 1, character: v.endColumn - 1 },
    },
    message: v.suggestion ? `${message}\n规范用语: ${v.suggestion}` : message,
  };
}

/** `huashu lint --format json` on files, run in `cwd`: each file's violations as diagnostics. */
function cliDiagnostics(cwd: string, files: string[]) {
  const run = huashu(["lint", "--format", "json", ...files], { cwd });
  expect(run.stderr).toBe("");
  return jsonResults(run.stdout).map((result) => result.violations.map(expectedDiagnostic));
}

/** Each test may start a server and run the CLI, each loading jieba: slow on a busy machine. */
const SLOW = { timeout: 240_000 };

const comparable = (diagnostics: Diagnostic[]) =>
  diagnostics.map(({ code, range, message }) => ({ code, range, message }));

async function codeActions(client: TestClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const actions = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  return (actions ?? []) as CodeAction[];
}

/** Applies a code action's edit to the client's document, as an editor does. */
async function apply(client: TestClient, uri: string, action: CodeAction | undefined): Promise<void> {
  expect(action?.edit?.changes?.[uri]).toBeDefined();
  await client.edit(uri, action!.edit!.changes![uri]!);
}

describe("huashu lsp in a repository with a config (the server watches files itself)", SLOW, () => {
  let repo: string;
  let client: TestClient;
  const file = (relative: string) => join(repo, relative);

  beforeAll(async () => {
    repo = copyFixtureRepo("call-center");
    client = await TestClient.start(repo);
  }, SLOW.timeout);
  afterAll(() => client?.kill());

  it("publishes on open what huashu lint --format json reports for the same text: .txt, .md and .yaml scripts", async () => {
    writeFileSync(file("scripts/emoji.txt"), "坐席:😀😀喂,您好\n客户:𠮷野家在哪儿?\n坐席:𠮷野家我不知道。\n");
    const scripts = ["scripts/opening.txt", "scripts/refund.md", "scripts/sales/upgrade.yaml", "scripts/emoji.txt"];
    for (const script of scripts) await client.open(uriOf(file(script)), readFileSync(file(script), "utf8"));
    const expected = cliDiagnostics(repo, scripts);
    for (const [index, script] of scripts.entries()) {
      expect(expected[index]!.length, script).toBeGreaterThan(0);
      expect(comparable(await client.current(uriOf(file(script)))), script).toEqual(expected[index]);
    }
  });

  it("columns are UTF-16 units, as LSP counts them: an astral character before a match counts two", async () => {
    const diagnostics = await client.current(uriOf(file("scripts/emoji.txt")));
    const wei = diagnostics.find((d) => d.code === "taboo.wei")!;
    // "坐席:" is 3 units, each 😀 is 2.
    expect(wei.range).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 8 } });
    const dontKnow = diagnostics.find((d) => d.code === "taboo.dont-know")!;
    expect(dontKnow.range.start).toEqual({ line: 2, character: 3 + 2 + 2 + 1 });
  });

  it("relints only the edited document after an edit, and the result again equals huashu lint on the edited text", async () => {
    const uri = uriOf(file("scripts/opening.txt"));
    const other = uriOf(file("scripts/refund.md"));
    const otherPublications = client.publications(other);
    const lines = client.text(uri).split("\n").length;
    await client.edit(uri, [
      {
        range: { start: { line: lines - 1, character: 0 }, end: { line: lines - 1, character: 0 } },
        newText: "坐席:这个真没办法。\n",
      },
    ]);
    const diagnostics = await client.current(uri);
    expect(client.publications(other)).toBe(otherPublications);
    expect(diagnostics.find((d) => d.code === "courtesy.no-way")?.range.start.line).toBe(lines - 1);
    writeFileSync(file("scripts/opening.txt"), client.text(uri));
    expect(comparable(diagnostics)).toEqual(cliDiagnostics(repo, ["scripts/opening.txt"])[0]);
  });

  it("debounces: a burst of edits is linted once it pauses, not edit by edit", async () => {
    const uri = uriOf(file("scripts/burst.txt"));
    await client.open(uri, "坐席:您好。\n");
    await client.current(uri);
    const before = client.publications(uri);
    const edits = 10;
    for (let i = 0; i < edits; i++) {
      const end = { line: client.text(uri).split("\n").length - 1, character: 0 };
      await client.edit(uri, [
        { range: { start: { line: 0, character: 0 }, end }, newText: `坐席:您好。\n坐席:喂,第 ${i} 次。\n` },
      ]);
    }
    const diagnostics = await client.current(uri);
    expect(diagnostics.filter((d) => d.code === "taboo.wei")).toHaveLength(1);
    // Normally one; a process stalled past the 150 ms on a busy machine may lint a version in between.
    expect(client.publications(uri) - before).toBeLessThanOrEqual(edits / 2);
  });

  it("a quick fix replaces the match with the rule's replacement, and the violation is gone", async () => {
    const uri = uriOf(file("scripts/fix.txt"));
    await client.open(uri, "坐席:您好,这里是客服中心。\n坐席:喂,还在吗?\n坐席:再见\n");
    const wei = (await client.current(uri)).find((d) => d.code === "taboo.wei")!;
    const actions = await codeActions(client, uri, wei);
    const replace = actions.find((action) => action.isPreferred);
    expect(replace?.title).toContain("您好");
    await apply(client, uri, replace);
    expect(client.text(uri)).toBe("坐席:您好,这里是客服中心。\n坐席:您好,还在吗?\n坐席:再见\n");
    expect((await client.current(uri)).map((d) => d.code)).not.toContain("taboo.wei");
  });

  it("a quick fix adds a huashu-disable-next-line comment with a reason placeholder, in the script's comment syntax", async () => {
    for (const [name, comment] of [
      ["scripts/disable.txt", "  # huashu-disable-next-line courtesy.no-way -- 请填写理由"],
      ["scripts/disable.md", "  <!-- huashu-disable-next-line courtesy.no-way -- 请填写理由 -->"],
    ] as const) {
      const uri = uriOf(file(name));
      await client.open(uri, "A:您好,这里是客服中心。\n  A:这个真没办法。\nA:再见\n");
      const noWay = (await client.current(uri)).find((d) => d.code === "courtesy.no-way")!;
      expect(noWay, name).toBeDefined();
      const disable = (await codeActions(client, uri, noWay)).find((action) =>
        action.title.includes("huashu-disable-next-line"),
      );
      await apply(client, uri, disable);
      expect(client.text(uri).split("\n")[1], name).toBe(comment);
      // The config requires a reason: the placeholder is one, so no huashu/disable-reason either.
      expect(
        (await client.current(uri)).map((d) => d.code),
        name,
      ).toEqual([]);
    }
  });

  it("the disable quick fix adds the rule to a huashu-disable-next-line comment already above the line", async () => {
    const uri = uriOf(file("scripts/opening.txt"));
    const line = client.text(uri).split("\n").indexOf("坐席:我不知道。");
    await client.edit(uri, [{ range: { start: { line, character: 3 }, end: { line, character: 3 } }, newText: "喂," }]);
    const wei = (await client.current(uri)).find((d) => d.code === "taboo.wei" && d.range.start.line === line)!;
    const disable = (await codeActions(client, uri, wei)).find((action) =>
      action.title.includes("huashu-disable-next-line"),
    );
    await apply(client, uri, disable);
    expect(client.text(uri).split("\n")[line - 1]).toBe(
      "# huashu-disable-next-line taboo.dont-know, taboo.wei -- 培训材料里故意展示的反例",
    );
    expect((await client.current(uri)).filter((d) => d.range.start.line === line)).toEqual([]);
  });

  it("skips what huashu lint skips: excluded scripts and the config file", async () => {
    const draft = uriOf(file("scripts/drafts/draft.txt"));
    await client.open(draft, "坐席:喂,我不知道。\n");
    expect(await client.current(draft)).toEqual([]);
    const config = uriOf(file("huashu.config.yaml"));
    await client.open(config, readFileSync(file("huashu.config.yaml"), "utf8"), "yaml");
    expect(await client.current(config)).toEqual([]);
  });

  it("an invalid config shows on the config at the line and column huashu lint names, the scripts say they are unchecked, and fixing it restores them", async () => {
    const configPath = file("huashu.config.yaml");
    const config = uriOf(configPath);
    const script = uriOf(file("scripts/fix.txt"));
    const good = readFileSync(configPath, "utf8");
    writeFileSync(configPath, good.replace("speakers:", "colour: red\nspeakers:"));
    const cli = huashu(["lint", "scripts/fix.txt"], { cwd: repo });
    expect(cli.code).toBe(2);
    const [, line, column, message] = /huashu\.config\.yaml:(\d+):(\d+) (.*)/.exec(cli.stderr)!;

    const problems = await client.diagnostics(config, (params) => params.diagnostics.length > 0);
    expect(problems.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.message])).toEqual([
      [Number(line), Number(column), message],
    ]);
    const unchecked = await client.diagnostics(script, (params) =>
      params.diagnostics.some((d) => d.code === "huashu/config"),
    );
    expect(unchecked).toHaveLength(1);
    expect(unchecked[0]!.message).toContain(`huashu.config.yaml:${line}:${column}`);

    writeFileSync(configPath, good);
    expect(await client.diagnostics(config, (params) => params.diagnostics.length === 0)).toEqual([]);
    const restored = await client.diagnostics(
      script,
      (params) => !params.diagnostics.some((d) => d.code === "huashu/config"),
    );
    expect(restored.map((d) => d.code)).toEqual([]);
  });

  it("an invalid rule file shows on that file; the server keeps serving", async () => {
    const rulesPath = file("rules/company.yaml");
    const good = readFileSync(rulesPath, "utf8");
    writeFileSync(rulesPath, good.replace("phrases: [没办法]", "phrases: []"));
    const problems = await client.diagnostics(uriOf(rulesPath), (params) => params.diagnostics.length > 0);
    expect(problems[0]!.message).toContain("短语列表不能为空");
    expect(problems[0]!.range.start.line).toBe(good.split("\n").findIndex((l) => l.includes("phrases: [没办法]")));
    writeFileSync(rulesPath, good);
    await client.diagnostics(uriOf(rulesPath), (params) => params.diagnostics.length === 0);
    const uri = uriOf(file("scripts/fix.txt"));
    await client.edit(uri, [
      { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } }, newText: "没办法," },
    ]);
    expect((await client.current(uri)).map((d) => d.code)).toContain("courtesy.no-way");
  });

  it("shuts down cleanly on shutdown and exit", async () => {
    expect(await client.stop()).toBe(0);
  });
});

describe("huashu lsp with built-in rules, the client watching files", SLOW, () => {
  let dir: string;
  let client: TestClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "huashu-lsp-"));
    client = await TestClient.start(dir, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  }, SLOW.timeout);
  afterAll(() => client?.kill());

  it("hover on a violation shows the message, 规范用语, the rule's source and a good example", async () => {
    const uri = uriOf(join(dir, "call.txt"));
    await client.open(uri, "坐席:您好,XX客服中心,8号为您服务,请问您需要什么帮助?\n坐席:这个我不知道。\n");
    const dontKnow = (await client.current(uri)).find((d) => d.code === "taboo.dont-know")!;
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: dontKnow.range.start,
    });
    const text = (hover!.contents as MarkupContent).value;
    const rule = builtinRules().rules.find((r) => r.id === "taboo.dont-know")!;
    const good = rule.examples!.good![0] as string;
    for (const part of [rule.message, `规范用语:** ${rule.suggestion!}`, rule.source!, good])
      expect(text).toContain(part);
    expect(hover!.range).toEqual(dontKnow.range);
    const nothing = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    expect(nothing).toBeNull();
  });

  it("asks the client to watch config files, and reloads on its didChangeWatchedFiles, checking rule examples too", async () => {
    expect(client.registrations.map((r) => r.method)).toContain(DidChangeWatchedFilesNotification.method);
    const rulesPath = join(dir, "rules.yaml");
    const configPath = join(dir, "huashu.config.yaml");
    // The bad example has no 没办法 in it, so the rule misses it and huashu lint refuses the file.
    writeFileSync(
      rulesPath,
      "rules:\n  - id: no-way\n    type: forbidden\n    phrases: [没办法]\n    message: 避免直接拒绝客户\n    examples:\n      bad: [这个办不了]\n",
    );
    writeFileSync(configPath, "rules: [rules.yaml]\n");
    const cli = huashu(["lint", "call.txt"], { cwd: dir });
    expect(cli.code).toBe(2);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(configPath), type: FileChangeType.Created }],
    });
    const problems = await client.diagnostics(uriOf(rulesPath), (params) => params.diagnostics.length > 0);
    expect(
      `${problems[0]!.range.start.line + 1}:${problems[0]!.range.start.character + 1} ${problems[0]!.message}`,
    ).toBe(/rules\.yaml:(\d+:\d+ .*)/.exec(cli.stderr)![1]);
    const uri = uriOf(join(dir, "call.txt"));
    expect(
      (await client.diagnostics(uri, (params) => params.diagnostics.some((d) => d.code === "huashu/config"))).length,
    ).toBe(1);

    writeFileSync(rulesPath, readFileSync(rulesPath, "utf8").replace("这个办不了", "这个没办法"));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(rulesPath), type: FileChangeType.Changed }],
    });
    await client.diagnostics(uriOf(rulesPath), (params) => params.diagnostics.length === 0);
    // Only the config's rule file applies now: the built-in taboo.dont-know no longer does.
    expect(
      await client.diagnostics(uri, (params) => !params.diagnostics.some((d) => d.code === "huashu/config")),
    ).toEqual([]);
    expect(await client.stop()).toBe(0);
  });
});

describe("huashu lsp on the command line", SLOW, () => {
  it("is listed in the help, with its own help in Chinese", () => {
    expect(huashu(["--help"]).stdout).toMatch(/lsp\s+启动语言服务器/);
    const run = huashu(["lsp", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("用法: huashu lsp");
  });
});
