import { Redis } from "ioredis";
import { parseArgs } from "node:util";
import { lintSync } from "../engine/lint.js";
import { HuashuError } from "../errors.js";
import type { RuleSet } from "../rules/rule-set.js";
import { assertTranscript } from "../transcript/validate.js";
import { EXIT, positiveInteger, UsageError, type CliIO } from "./io.js";
import { rulesOption } from "./rules-option.js";

export const WORKER_HELP = `用法: huashu worker --redis <URL> --stream <键> --results <键> --group <组> --consumer <名称> [选项]

事后质检的工作进程: 通过消费组从 Redis Stream 读取条目(字段 transcript 为 JSON 通话记录),
逐条检查,把结果写入结果流(字段 id 为通话记录 id,result 为 JSON 结果),写入后才确认(至少一次)。
启动时及运行中定期认领其他消费者(如已崩溃的进程)闲置过久的待处理条目(XAUTOCLAIM)。
收到 SIGTERM 后不再读取新条目,处理并确认手头的条目后退出。

必需:
  --redis <URL>           Redis 地址,如 redis://127.0.0.1:6379
  --stream <键>           待检查的通话记录所在的流
  --results <键>          写入结果的流
  --group <组>            消费组(不存在时自动创建,连同流)
  --consumer <名称>       本进程在组内的名称,各进程须不同
选项:
  -r, --rules <文件>      YAML 规则文件,可重复指定;不指定时使用内置规则包
  --batch <条数>          每次读取的条目数(默认 100)
  --block-ms <毫秒>       无新条目时每次等待的时长(默认 2000)
  --claim-idle-ms <毫秒>  认领闲置超过此时长的待处理条目(默认 60000)
  -h, --help              显示帮助

退出码: 0 正常停止; 2 用法错误、规则无效或无法连接 Redis。
`;

interface WorkerOptions {
  stream: string;
  results: string;
  group: string;
  consumer: string;
  batch: number;
  blockMs: number;
  claimIdleMs: number;
}

/** A stream entry as Redis returns it: id and flat field/value list. */
type StreamEntry = [id: string, fields: string[]];

/** `huashu worker`: lints transcripts from a Redis Stream until SIGTERM. */
export async function workerCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      redis: { type: "string" },
      stream: { type: "string" },
      results: { type: "string" },
      group: { type: "string" },
      consumer: { type: "string" },
      rules: { type: "string", short: "r", multiple: true },
      batch: { type: "string", default: "100" },
      "block-ms": { type: "string", default: "2000" },
      "claim-idle-ms": { type: "string", default: "60000" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(WORKER_HELP);
    return EXIT.clean;
  }
  const { redis: url, stream, results, group, consumer } = values;
  if (!url || !stream || !results || !group || !consumer) {
    throw new UsageError("须给出 --redis、--stream、--results、--group 和 --consumer");
  }
  const options: WorkerOptions = {
    stream,
    results,
    group,
    consumer,
    batch: positiveInteger("batch", values.batch),
    blockMs: positiveInteger("block-ms", values["block-ms"]),
    claimIdleMs: positiveInteger("claim-idle-ms", values["claim-idle-ms"]),
  };
  const rules = await rulesOption(values.rules);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  redis.on("error", (error: Error) => io.stderr(`huashu worker ${consumer}: Redis: ${error.message}\n`));
  try {
    await redis.connect();
  } catch (error) {
    throw new HuashuError([{ message: `无法连接 Redis ${url}: ${(error as Error).message}` }]);
  }
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once("SIGTERM", stop);
  try {
    await runWorker(redis, rules, options, () => stopping, io);
  } finally {
    process.off("SIGTERM", stop);
    await redis.quit();
  }
  return EXIT.clean;
}

/**
 * The worker loop: claim entries idle too long at other consumers, read new ones, lint them,
 * write the results, then acknowledge. Stops between batches once `stopping()`.
 */
async function runWorker(redis: Redis, rules: RuleSet, options: WorkerOptions, stopping: () => boolean, io: CliIO): Promise<void> {
  const { stream, group, consumer } = options;
  try {
    await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
  } catch (error) {
    if (!(error as Error).message.startsWith("BUSYGROUP")) throw error;
  }
  io.stderr(`huashu worker ${consumer}: 开始读取 ${stream}(消费组 ${group})\n`);
  const handle = (entries: StreamEntry[]) => processBatch(redis, rules, options, entries);
  let nextClaim = 0;
  while (!stopping()) {
    if (Date.now() >= nextClaim) {
      const claimed = await claimIdle(redis, options, handle);
      if (claimed > 0) io.stderr(`huashu worker ${consumer}: 认领并处理了 ${claimed} 条闲置的待处理条目\n`);
      nextClaim = Date.now() + Math.max(options.claimIdleMs / 2, 100);
    }
    const blockMs = Math.max(1, Math.min(options.blockMs, nextClaim - Date.now()));
    const reply = (await redis.xreadgroup("GROUP", group, consumer, "COUNT", options.batch, "BLOCK", blockMs, "STREAMS", stream, ">")) as
      | Array<[string, StreamEntry[]]>
      | null;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length > 0) await handle(entries);
  }
  io.stderr(`huashu worker ${consumer}: 已停止\n`);
}

/** Claims and processes, batch by batch, every entry pending longer than `claimIdleMs`; returns how many. */
async function claimIdle(redis: Redis, options: WorkerOptions, handle: (entries: StreamEntry[]) => Promise<void>): Promise<number> {
  let cursor = "0-0";
  let claimed = 0;
  do {
    const [next, entries] = (await redis.xautoclaim(options.stream, options.group, options.consumer, options.claimIdleMs, cursor, "COUNT", options.batch)) as [
      string,
      Array<StreamEntry | null>,
    ];
    // Entries deleted from the stream meanwhile come back empty (Redis 6.2) or not at all (7).
    const live = entries.filter((entry): entry is StreamEntry => entry !== null);
    if (live.length > 0) await handle(live);
    claimed += live.length;
    cursor = next;
  } while (cursor !== "0-0");
  return claimed;
}

/**
 * Lints a batch and writes one result per entry — `{ error }` for an entry that is not a
 * transcript, so that it is acknowledged rather than delivered again and again — and only
 * then acknowledges the batch.
 */
async function processBatch(redis: Redis, rules: RuleSet, options: WorkerOptions, entries: StreamEntry[]): Promise<void> {
  const writes = redis.pipeline();
  for (const [entryId, fields] of entries) {
    const { id, result } = lintEntry(entryId, fields, rules);
    writes.xadd(options.results, "*", "id", id, "entry", entryId, "result", JSON.stringify(result));
  }
  for (const [error] of (await writes.exec()) ?? []) if (error) throw error;
  await redis.xack(options.stream, options.group, ...entries.map(([entryId]) => entryId));
}

/** The result for one entry, keyed by the transcript's id (the entry id when it has none). */
function lintEntry(entryId: string, fields: string[], rules: RuleSet): { id: string; result: unknown } {
  const field = fields.findIndex((name, index) => index % 2 === 0 && name === "transcript");
  let transcript: unknown;
  try {
    if (field < 0) throw new HuashuError([{ message: "条目缺少 transcript 字段" }]);
    try {
      transcript = JSON.parse(fields[field + 1]!);
    } catch (error) {
      throw new HuashuError([{ message: `transcript 不是有效的 JSON: ${(error as Error).message}` }]);
    }
    assertTranscript(transcript);
    return { id: transcript.id ?? entryId, result: lintSync(transcript, { rules }) };
  } catch (error) {
    const id = (transcript as { id?: unknown } | undefined)?.id;
    const message = error instanceof HuashuError ? error.message : `内部错误: ${(error as Error).stack ?? String(error)}`;
    return { id: typeof id === "string" ? id : entryId, result: { error: message } };
  }
}
