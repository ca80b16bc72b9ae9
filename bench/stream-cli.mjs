// `huashu stream` with the built-in packs as a pipeline runs it: how long it takes to answer a
// first call that needs no segmentation (it is up: jieba is not loaded before it), how long the
// first call that needs segmentation, sent at once after, waits (jieba loads in the lull after
// the first answer, so it waits for the rest of that load), and later calls. Prints one JSON line.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const child = spawn(cli, ["stream"], { stdio: ["pipe", "pipe", "inherit"] });
const answers = createInterface({ input: child.stdout });
const pending = new Map();
answers.on("line", (line) => {
  const record = JSON.parse(line);
  if (record.final) pending.get(record.id)?.(performance.now());
});
const ask = (id, text) =>
  new Promise((resolve) => {
    const sent = performance.now();
    pending.set(id, (at) => resolve(at - sent));
    child.stdin.write(`${JSON.stringify({ id, turns: [{ speaker: "agent", text }] })}\n`);
  });

const startedAt = performance.now();
await ask("warm-up", "好的。");
const upMs = performance.now() - startedAt;
const firstSegmentedMs = await ask("first", "这个我不知道,你去问别人吧。");
const laterMs = [];
for (let i = 0; i < 20; i++) laterMs.push(await ask(`later-${i}`, `这个我不知道,你去问别人吧。第${i}次`));
child.stdin.end();
await new Promise((resolve) => child.once("exit", resolve));
laterMs.sort((a, b) => a - b);
console.log(JSON.stringify({ upMs, firstSegmentedMs, laterMedianMs: laterMs[Math.floor(laterMs.length / 2)] }));
