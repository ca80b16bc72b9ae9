import { Redis, ReplyError } from "ioredis";
import { parseArgs } from "node:util";
import { lintSync } from "../engine/lint.js";
import { HuashuError } from "../errors.js";
import type { RuleSet } from "../rules/rule-set.js";
import { EXIT, nonNegativeInteger, positiveInteger, UsageError, type CliIO } from "./io.js";
import { preloadSegmenterFor, rulesOption } from "./rules-option.js";
import { assertTranscriptInput } from "./turn-length.js";
import { jsonErrorInChinese } from "../util/chinese-errors.js";

/** Default of `--reconnect-attempts`. */
export const DEFAULT_RECONNECT_ATTEMPTS = 10;
/** The longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2000;

/** Wait before reconnection attempt `attempt` (1-based): 100 ms, doubling, at most {@link MAX_RECONNECT_DELAY_MS}. */
function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), MAX_RECONNECT_DELAY_MS);
}

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
  -c, --config <文件>     使用此配置文件(默认从当前目录向上查找 huashu.config.yaml)
  -r, --rules <文件>      YAML 规则文件或 builtin:名称,可重复指定,与配置中的 rules 合并;都没有时用全部内置规则包
  --batch <条数>          每次读取的条目数(默认 100)
  --block-ms <毫秒>       无新条目时每次等待的时长(默认 2000)
  --claim-idle-ms <毫秒>  认领闲置超过此时长的待处理条目(默认 60000)
  --reconnect-attempts <次数>
                          与 Redis 断开后连续重连的次数(默认 ${DEFAULT_RECONNECT_ATTEMPTS},间隔从 100 毫秒
                          起逐次加倍,至多 ${MAX_RECONNECT_DELAY_MS} 毫秒);仍连不上则退出(退出码 2)
  -h, --help              显示帮助

Redis 重启后消费组或流不见了(NOGROUP、流被删除)时重新创建消费组并继续;
键的类型不对(WRONGTYPE)时退出(退出码 2)。Redis 不可用时收到 SIGTERM 立即退出,
未确认的条目留给其他消费者认领。

退出码: 0 正常停止; 2 用法错误、规则无效、无法连接 Redis 或键的类型不对。
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
      config: { type: "string", short: "c" },
      rules: { type: "string", short: "r", multiple: true },
      batch: { type: "string", default: "100" },
      "block-ms": { type: "string", default: "2000" },
      "claim-idle-ms": { type: "string", default: "60000" },
      "reconnect-attempts": { type: "string", default: String(DEFAULT_RECONNECT_ATTEMPTS) },
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
  // The worker would read its own results as transcripts, without end.
  if (stream === results) throw new UsageError("--results 不能与 --stream 相同");
  const options: WorkerOptions = {
    stream,
    results,
    group,
    consumer,
    batch: positiveInteger("batch", values.batch),
    blockMs: positiveInteger("block-ms", values["block-ms"]),
    claimIdleMs: positiveInteger("claim-idle-ms", values["claim-idle-ms"]),
  };
  const attempts = nonNegativeInteger("reconnect-attempts", values["reconnect-attempts"]);
  const rules = await rulesOption(process.cwd(), values);
  preloadSegmenterFor(rules);
  const redis = new Redis(url, {
    lazyConnect: true,
    // Commands wait while the client reconnects; once it gives up they fail and the worker exits.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => (attempt > attempts ? null : reconnectDelay(attempt)),
  });
  let lastError: Error | undefined;
  redis.on("error", (error: Error) => {
    lastError = error;
    io.stderr(`huashu worker ${consumer}: Redis: ${error.message}\n`);
  });
  const unreachable = () =>
    new HuashuError([
      { message: `无法连接 Redis ${url}(已重试 ${attempts} 次): ${lastError?.message ?? "连接已关闭"}` },
    ]);
  let stopping = false;
  // Ends the client. One waiting to reconnect has no connection to close: disconnect() only clears
  // its timer and leaves it waiting for ever, the command in hand with it (the process then ends
  // with that await unsettled, exit 13). One last attempt ends it, or finds Redis back.
  const leave = () => {
    const waiting = redis.status === "reconnecting";
    redis.disconnect();
    if (waiting) redis.connect().catch(() => {});
  };
  const stop = () => {
    stopping = true;
    if (redis.status === "ready") return;
    // Without Redis nothing in hand can be acknowledged: leave it to be claimed, and go now.
    leave();
  };
  // Lost while stopping, the connection is not made again: the close comes once the client is already waiting to reconnect.
  redis.on("close", () => {
    if (stopping) leave();
  });
  process.once("SIGTERM", stop);
  try {
    await connected(redis, unreachable);
    await runWorker(redis, rules, options, () => stopping, io);
  } catch (error) {
    if (stopping && redis.status === "end") {
      io.stderr(`huashu worker ${consumer}: Redis 不可用,已停止;未确认的条目将由其他消费者认领\n`);
      return EXIT.clean;
    }
    if (redis.status === "end") throw unreachable();
    if (replyCode(error) === "WRONGTYPE") throw await wrongType(redis, options);
    throw error;
  } finally {
    process.off("SIGTERM", stop);
    if (redis.status === "ready") await redis.quit();
    else redis.disconnect();
  }
  return EXIT.clean;
}

/** Resolves once `redis` is ready, after as many reconnection attempts as it makes. */
function connected(redis: Redis, unreachable: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const onReady = () => {
      redis.off("end", onEnd);
      resolve();
    };
    const onEnd = () => {
      redis.off("ready", onReady);
      reject(unreachable());
    };
    redis.once("ready", onReady).once("end", onEnd);
    // Its rejection on the first failure is not the end: the retry strategy decides that.
    redis.connect().catch(() => {});
  });
}

/** The code of a Redis error reply (`NOGROUP`, `WRONGTYPE`…), if `error` is one. */
function replyCode(error: unknown): string | undefined {
  return error instanceof ReplyError ? /^[A-Z]+/.exec((error as Error).message)?.[0] : undefined;
}

/** The message for a key of the wrong type, naming it. */
async function wrongType(redis: Redis, options: WorkerOptions): Promise<HuashuError> {
  const keys = [
    { key: options.stream, flag: "--stream" },
    { key: options.results, flag: "--results" },
  ];
  const wrong: string[] = [];
  for (const { key, flag } of keys) {
    const type = await redis.type(key);
    if (type !== "stream" && type !== "none") wrong.push(`${flag} 的键 “${key}” 是 ${type}`);
  }
  return new HuashuError([
    {
      message: `Redis 键的类型不对(WRONGTYPE),须为 Stream: ${wrong.join(";") || `${options.stream} 或 ${options.results}`}`,
    },
  ]);
}

/** Creates the consumer group, and the stream, unless the group exists. */
async function createGroup(redis: Redis, options: WorkerOptions): Promise<void> {
  try {
    await redis.xgroup("CREATE", options.stream, options.group, "0", "MKSTREAM");
  } catch (error) {
    if (replyCode(error) !== "BUSYGROUP") throw error;
  }
}

/**
 * The worker loop: claim entries idle too long at other consumers, read new ones, lint them,
 * write the results, then acknowledge. Stops between batches once `stopping()`. When the
 * group is gone (the stream deleted, Redis restarted without persistence) it is created again.
 */
async function runWorker(
  redis: Redis,
  rules: RuleSet,
  options: WorkerOptions,
  stopping: () => boolean,
  io: CliIO,
): Promise<void> {
  const { stream, group, consumer } = options;
  await createGroup(redis, options);
  io.stderr(`huashu worker ${consumer}: 开始读取 ${stream}(消费组 ${group})\n`);
  const handle = (entries: StreamEntry[]) => processBatch(redis, rules, options, entries, io);
  let nextClaim = 0;
  while (!stopping()) {
    try {
      if (Date.now() >= nextClaim) {
        const claimed = await claimIdle(redis, options, handle);
        if (claimed > 0) io.stderr(`huashu worker ${consumer}: 认领并处理了 ${claimed} 条闲置的待处理条目\n`);
        nextClaim = Date.now() + Math.max(options.claimIdleMs / 2, 100);
      }
      const blockMs = Math.max(1, Math.min(options.blockMs, nextClaim - Date.now()));
      const reply = (await redis.xreadgroup(
        "GROUP",
        group,
        consumer,
        "COUNT",
        options.batch,
        "BLOCK",
        blockMs,
        "STREAMS",
        stream,
        ">",
      )) as Array<[string, StreamEntry[]]> | null;
      const entries = reply?.[0]?.[1] ?? [];
      if (entries.length > 0) await handle(entries);
    } catch (error) {
      const code = replyCode(error);
      if (code !== "NOGROUP" && code !== "UNBLOCKED") throw error;
      io.stderr(`huashu worker ${consumer}: 消费组 ${group} 或流 ${stream} 已不存在(${code}),重新创建\n`);
      await createGroup(redis, options);
    }
  }
  io.stderr(`huashu worker ${consumer}: 已停止\n`);
}

/** Claims and processes, batch by batch, every entry pending longer than `claimIdleMs`; returns how many. */
async function claimIdle(
  redis: Redis,
  options: WorkerOptions,
  handle: (entries: StreamEntry[]) => Promise<void>,
): Promise<number> {
  let cursor = "0-0";
  let claimed = 0;
  do {
    const [next, entries] = (await redis.xautoclaim(
      options.stream,
      options.group,
      options.consumer,
      options.claimIdleMs,
      cursor,
      "COUNT",
      options.batch,
    )) as [string, Array<StreamEntry | null>];
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
async function processBatch(
  redis: Redis,
  rules: RuleSet,
  options: WorkerOptions,
  entries: StreamEntry[],
  io: CliIO,
): Promise<void> {
  const linted = entries.map(([entryId, fields]) => ({ entryId, ...lintEntry(entryId, fields, rules) }));
  for (;;) {
    const writes = redis.pipeline();
    for (const { entryId, id, result } of linted)
      writes.xadd(options.results, "*", "id", id, "entry", entryId, "result", JSON.stringify(result));
    try {
      for (const [error] of (await writes.exec()) ?? []) if (error) throw error;
      break;
    } catch (error) {
      // The connection was lost with the pipeline half answered: write the batch again once
      // reconnected (an entry may get two results, as delivery is at least once).
      if ((error as Error).name !== "AbortError") throw error;
      io.stderr(`huashu worker ${options.consumer}: 写入结果时连接中断,重新写入这一批\n`);
    }
  }
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
      throw new HuashuError([{ message: `transcript 不是有效的 JSON: ${jsonErrorInChinese(error)}` }]);
    }
    assertTranscriptInput(transcript);
    return { id: transcript.id ?? entryId, result: lintSync(transcript, { rules }) };
  } catch (error) {
    const id = (transcript as { id?: unknown } | undefined)?.id;
    const message =
      error instanceof HuashuError ? error.message : `内部错误: ${(error as Error).stack ?? String(error)}`;
    return { id: typeof id === "string" ? id : entryId, result: { error: message } };
  }
}
