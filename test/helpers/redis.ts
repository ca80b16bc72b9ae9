import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

/** A redis-server of our own on 127.0.0.1, in a temporary directory, persisting nothing. */
export interface TestRedis {
  url: string;
  /** A client of the current server (a new one after {@link restart}). */
  readonly client: Redis;
  /** Starts the server again on the same port, e.g. after `SHUTDOWN NOSAVE`; it starts empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on (at the time of asking). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function connectClient(url: string): Promise<Redis> {
  for (let attempt = 0; ; attempt++) {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    // Refused connections while the server starts are expected; connect() reports them.
    client.on("error", () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      client.disconnect();
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Starts redis-server; fails (never skips) when it is not installed. */
export async function startRedis(): Promise<TestRedis> {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error(
      "redis-server is not on PATH: the worker tests need it (apt-get install -y redis-server; .ci/run installs it)",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "huashu-redis-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const launch = () =>
    spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
  const exited = (process: ChildProcess) =>
    process.exitCode !== null || process.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => process.once("exit", resolve));
  let server = launch();
  let client = await connectClient(url);
  return {
    url,
    get client() {
      return client;
    },
    async restart() {
      client.disconnect();
      await exited(server);
      server = launch();
      client = await connectClient(url);
    },
    async stop() {
      client.disconnect();
      server.kill("SIGTERM");
      await exited(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
