import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCodes, HoverRequest, ShutdownRequest } from "vscode-languageserver-protocol/node";
import { TestClient } from "./helpers/lsp.js";

// The language server under what editors and broken clients do to it: going away in any state,
// broken message headers, requests after shutdown, projects that cannot load. Each runs the
// built `huashu lsp --stdio` in a child process, with time limits instead of hanging the suite.

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
/** Each test starts a server (and some load jieba): slow on a busy machine. */
const SLOW = { timeout: 120_000 };
/** How long a server may take to exit once its input is closed. */
const EXIT_WITHIN_MS = 15_000;

const uriOf = (path: string) => pathToFileURL(path).href;

/** A temporary folder holding `files` (path → text). */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-lsp-faults-"));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

/** One LSP message, framed. */
function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

/** `initialize` from a client that watches files for the server (which then asks it to, at once). */
const INITIALIZE = frame({
  id: 1,
  method: "initialize",
  params: {
    processId: null,
    rootUri: null,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  },
});
const INITIALIZED = frame({ method: "initialized", params: {} });

/** A server driven byte by byte, for what a well-behaved client never sends. */
class RawServer {
  private readonly process;
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;

  constructor(cwd: string) {
    this.process = spawn(process.execPath, [CLI, "lsp", "--stdio"], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.process.stdout.on("data", (chunk) => (this.stdout += String(chunk)));
    this.process.stderr.on("data", (chunk) => (this.stderr += String(chunk)));
    this.exited = new Promise((resolve) => this.process.once("exit", (code) => resolve(code)));
  }

  write(...chunks: Array<Buffer | string>): void {
    this.process.stdin.write(Buffer.concat(chunks.map((chunk) => Buffer.from(chunk))));
  }

  /** Closes the server's input (with `last` as its final bytes); resolves to the exit code, or `"running"` after the time limit. */
  async end(last: Buffer | string = ""): Promise<number | null | "running"> {
    this.process.stdin.end(last);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      this.exited,
      new Promise<"running">((resolve) => (timer = setTimeout(() => resolve("running"), EXIT_WITHIN_MS))),
    ]);
    clearTimeout(timer);
    if (code === "running") this.process.kill("SIGKILL");
    return code;
  }

  /** Waits until the server has written a reply to request `id` (false after `timeoutMs`). */
  async answered(id: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stdout.includes(`"id":${id},`) && !this.stdout.includes(`"id":${id}}`)) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }
}

let clients: TestClient[] = [];
afterEach(() => {
  for (const client of clients) client.kill();
  clients = [];
});

async function startClient(cwd: string): Promise<TestClient> {
  const client = await TestClient.start(cwd);
  clients.push(client);
  return client;
}

describe("huashu lsp exits when its input ends, in every state", SLOW, () => {
  it("with a huashu.config.yaml beside the open script (its file watchers do not keep it alive)", async () => {
    const dir = folderWith({ "huashu.config.yaml": "failLevel: warning\n", "a.txt": "坐席:喂,您好\n" });
    const client = await startClient(dir);
    await client.open(uriOf(join(dir, "a.txt")), "坐席:喂,您好\n");
    expect((await client.current(uriOf(join(dir, "a.txt")))).map((d) => d.code)).toContain("taboo.wei");
    expect(await client.closeInput(EXIT_WITHIN_MS)).toBe(0);
  });

  it("during start-up, right after initialize: without a stack trace", async () => {
    const server = new RawServer(folderWith({}));
    server.write(INITIALIZE, INITIALIZED);
    expect(await server.end()).toBe(0);
    expect(server.stderr).toBe("");
  });

  it("in the middle of a message", async () => {
    const server = new RawServer(folderWith({}));
    server.write(INITIALIZE);
    expect(await server.answered(1, 60_000)).toBe(true);
    expect(await server.end('Content-Length: 100\r\n\r\n{"jsonrpc"')).toBe(0);
  });
});

describe("huashu lsp on a broken header", SLOW, () => {
  it.each([
    ["without Content-Length", "X-Foo: 1\r\n\r\n"],
    ["with a negative Content-Length", "Content-Length: -5\r\n\r\n"],
    ["with a Content-Length that is no number", "Content-Length: many\r\n\r\n"],
  ])("%s skips it and answers the next message", async (_, header) => {
    const server = new RawServer(folderWith({}));
    server.write(header, INITIALIZE);
    expect(await server.answered(1, 60_000)).toBe(true);
    expect(server.stdout).toContain('"serverInfo":{"name":"huashu"}');
    expect(server.stderr).toContain("消息头无效");
    expect(await server.end()).toBe(0);
  });
});

describe("huashu lsp after shutdown", SLOW, () => {
  it("answers requests with an error only (InvalidRequest), and still exits on exit", async () => {
    const dir = folderWith({});
    const client = await startClient(dir);
    const uri = uriOf(join(dir, "call.txt"));
    await client.open(uri, "坐席:这个我不知道。\n");
    const [violation] = await client.current(uri);
    const hover = { textDocument: { uri }, position: violation!.range.start };
    expect(await client.connection.sendRequest(HoverRequest.type, hover)).not.toBeNull();
    await client.connection.sendRequest(ShutdownRequest.type);
    await expect(client.connection.sendRequest(HoverRequest.type, hover)).rejects.toMatchObject({
      code: ErrorCodes.InvalidRequest,
    });
    expect(await client.stop()).toBe(0);
  });
});

describe("huashu lsp with projects that cannot load", SLOW, () => {
  it("a script in a folder that does not exist is linted with the built-in rules, and does not blind scripts elsewhere", async () => {
    const dir = folderWith({});
    const client = await startClient(dir);
    const missing = uriOf(join(dir, "no-such-folder", "call.txt"));
    await client.open(missing, "坐席:喂,您好\n");
    expect((await client.diagnostics(missing, () => true, 60_000)).map((d) => d.code)).toContain("taboo.wei");
    const present = uriOf(join(dir, "call.txt"));
    await client.open(present, "坐席:喂,您好\n");
    expect((await client.diagnostics(present, () => true, 60_000)).map((d) => d.code)).toContain("taboo.wei");
  });

  it("a rule file with a phrase nested 2,000 braces deep: the scripts say their rules are invalid", async () => {
    const phrase = `${"{".repeat(2000)}喂${"}".repeat(2000)}`;
    const dir = folderWith({
      "huashu.config.yaml": "rules: [rules.yaml]\n",
      "rules.yaml": `rules:\n  - id: deep\n    type: forbidden\n    phrases: ["${phrase}"]\n    message: 太深\n`,
    });
    mkdirSync(join(dir, "scripts"));
    const client = await startClient(dir);
    const uri = uriOf(join(dir, "scripts", "call.txt"));
    await client.open(uri, "坐席:喂,您好\n");
    const diagnostics = await client.diagnostics(uri, () => true, 60_000);
    expect(diagnostics.map((d) => d.code)).toEqual(["huashu/config"]);
  });
});
