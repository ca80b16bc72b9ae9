import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

/** A redis-server of our own on 127.0.0.1, in a temporary directory, persisting nothing. */
export interface TestRedis {
  url: string;
  client: Redis;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server; fails (never skips) when it is not installed. */
export async function startRedis(): Promise<TestRedis> {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error("redis-server is not on PATH: the worker tests need it (apt-get install -y redis-server; .ci/run installs it)");
  }
  const dir = mkdtempSync(join(tmpdir(), "huashu-redis-"));
  const port = await freePort();
  const server: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
    stdio: "ignore",
  });
  const url = `redis://127.0.0.1:${port}`;
  let client: Redis;
  for (let attempt = 0; ; attempt++) {
    client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    // Refused connections while the server starts are expected; connect() reports them.
    client.on("error", () => {});
    try {
      await client.connect();
      break;
    } catch (error) {
      client.disconnect();
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    client,
    async stop() {
      client.disconnect();
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
