// `huashu lsp` as an editor uses it, over stdio: how soon the first diagnostics come after the
// server starts, and how long diagnostics take after an edit of a 200-line script (built-in
// rules, no config). Prints one JSON line. Usage: node bench/lsp.mjs [edits]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

const edits = Number(process.argv[2] ?? "200");
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "huashu-bench-lsp-"));

// 200 lines: the good example call 25 times over.
const call = readFileSync(new URL("../fixtures/examples/good-call.txt", import.meta.url), "utf8")
  .trimEnd()
  .split("\n");
const lines = Array.from({ length: 200 }, (_, i) => call[i % call.length]);
const EDITED_LINE = 100;
const variants = ["坐席:这个我不知道。", "坐席:请您稍等,我帮您核实。"];

const started = performance.now();
const server = spawn(cli, ["lsp", "--stdio"], { cwd: dir, stdio: ["pipe", "pipe", "inherit"] });
const connection = createProtocolConnection(
  new StreamMessageReader(server.stdout),
  new StreamMessageWriter(server.stdin),
);
const waiting = new Map();
connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, version, diagnostics }) => {
  const key = `${uri}@${version}`;
  waiting.get(key)?.(diagnostics);
  waiting.delete(key);
});
connection.listen();
const diagnosticsOf = (uri, version) => new Promise((resolve) => waiting.set(`${uri}@${version}`, resolve));

await connection.sendRequest(InitializeRequest.type, {
  processId: process.pid,
  rootUri: null,
  capabilities: {},
  workspaceFolders: null,
});
await connection.sendNotification(InitializedNotification.type, {});

// A short script in which no rule's phrase occurs: linting it needs no segmentation.
const plainUri = pathToFileURL(join(dir, "plain.txt")).href;
const plain = diagnosticsOf(plainUri, 1);
await connection.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri: plainUri, languageId: "plaintext", version: 1, text: "坐席:好的。\n" },
});
await plain;
const firstPlainMs = performance.now() - started;

const uri = pathToFileURL(join(dir, "call.txt")).href;
const opened = performance.now();
const first = diagnosticsOf(uri, 1);
await connection.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: "plaintext", version: 1, text: `${lines.join("\n")}\n` },
});
const firstDiagnostics = (await first).length;
const firstScriptMs = performance.now() - opened;

const latencies = [];
let current = call[EDITED_LINE % call.length];
for (let version = 2; version < edits + 2; version++) {
  const next = variants[version % 2];
  const published = diagnosticsOf(uri, version);
  const before = performance.now();
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [
      {
        range: { start: { line: EDITED_LINE, character: 0 }, end: { line: EDITED_LINE, character: current.length } },
        text: next,
      },
    ],
  });
  const diagnostics = await published;
  latencies.push(performance.now() - before);
  if (version === 2 && !diagnostics.some((d) => d.code === "taboo.dont-know"))
    throw new Error("the edit's violation was not reported");
  current = next;
}

await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
await new Promise((resolve) => server.once("exit", resolve));
connection.dispose();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const quantile = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(
  JSON.stringify({
    lines: lines.length,
    edits,
    firstPlainMs,
    firstScriptMs,
    firstDiagnostics,
    p50Ms: quantile(0.5),
    p99Ms: quantile(0.99),
  }),
);
