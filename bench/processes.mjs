// Processes started per run: the `huashu` command run as a user runs it (its start line) for
// `lint` of the 1× bench input, `stream` with one call and `lsp` until it answers, its process
// tree looked at every 5 ms (a node start takes ten times that). Prints one JSON line:
// `{ lint, stream, lsp }`, each the number of processes seen, huashu's own included.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { huashuInputs } from "./agent-turns.mjs";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

const read = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};
/** The processes below `pid` now. */
const below = (pid) =>
  (existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`) : [])
    .flatMap((task) => read(`/proc/${pid}/task/${task}/children`).split(" ").filter(Boolean).map(Number))
    .flatMap((child) => [child, ...below(child)]);

/** Runs `huashu ...args`, feeding it through `drive(child)`; resolves to the processes seen. */
async function processesOf(args, drive) {
  const child = spawn(cli, args, { stdio: ["pipe", "pipe", "ignore"] });
  const seen = new Set([child.pid]);
  const watch = setInterval(() => below(child.pid).forEach((pid) => seen.add(pid)), 5);
  const exited = once(child, "exit");
  child.stdout.resume();
  drive(child);
  await exited;
  clearInterval(watch);
  return seen.size;
}

const input = huashuInputs(1);
const result = {
  lint: await processesOf(["lint", ...input.files, "--format", "json", "-o", "/dev/null"], (child) =>
    child.stdin.end(),
  ),
  stream: await processesOf(["stream"], (child) =>
    child.stdin.end(`${JSON.stringify({ id: "c1", turns: [{ speaker: "agent", text: "我不知道。" }] })}\n`),
  ),
  lsp: await processesOf(["lsp", "--stdio"], (child) => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    child.stdout.once("data", () => child.stdin.end());
  }),
};
rmSync(input.folder, { recursive: true, force: true });
console.log(JSON.stringify(result));
