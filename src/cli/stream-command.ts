import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { lintSync } from "../engine/lint.js";
import { HuashuError } from "../errors.js";
import type { RuleSet } from "../rules/rule-set.js";
import { createSession, type StreamSession } from "../stream/session.js";
import { MAX_TURN_LENGTH } from "../transcript/adapters/adapter.js";
import { MAX_INPUT_BYTES } from "../transcript/decode.js";
import type { Turn } from "../transcript/model.js";
import { EXIT, nonNegativeNumber, positiveInteger, type CliIO } from "./io.js";
import { boundedLines, type BoundedLine } from "./line-reader.js";
import { preloadSegmenterFor, rulesOption } from "./rules-option.js";
import { assertTranscriptInput, assertTurnLength } from "./turn-length.js";
import { jsonErrorInChinese } from "../util/chinese-errors.js";

/** Default of `--max-open-calls`. */
export const DEFAULT_MAX_OPEN_CALLS = 10_000;
/** Default of `--idle-timeout`, in seconds. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 300;

export const STREAM_HELP = `用法: huashu stream [-c <配置文件>] [--rules <规则文件…>] [--max-open-calls <数>] [--idle-timeout <秒>]

从标准输入逐行读取 JSON(JSONL),在结果可判定时逐行输出 JSON:
  整通记录  {"id": "…", "agentId"?: "…", "turns": [{"speaker", "text", "start"?, "end"?}…]}
  单轮事件  {"callId": "…", "speaker": "agent", "text": "…", "start"?: 毫秒, "end"?: 毫秒}
            (带 text 的事件是一轮;其中的 end 是这一轮的结束时间)
  通话结束  {"callId": "…", "end": true}
            (不带 text,只有 callId 和 end,end 须为 true)
输出:
  {"id"|"callId": "…", "violations": [违规…]}       一旦判定即输出
  {"id"|"callId": "…", "final": true, "score", "passed", "deductions", "notices", "agentId"?}  每通一行,最后输出
  {"error": "…", "line": 行号}                      无法处理的输入行(继续处理其后各行)
通话未收到结束事件而被结束时,最后一行带 "interrupted": true 和 "reason":
  end-of-input 输入结束; signal 收到 SIGTERM 或 SIGINT;
  idle-timeout 超过 --idle-timeout 秒没有该通话的事件;
  max-open-calls 进行中的通话达到上限,最久没有事件的一通被结束。

选项:
  -c, --config <文件>       使用此配置文件(默认从当前目录向上查找 huashu.config.yaml)
  -r, --rules <文件>        YAML 规则文件或 builtin:名称,可重复指定,与配置中的 rules 合并;都没有时用全部内置规则包
  --max-open-calls <数>     同时进行中的通话上限(默认 ${DEFAULT_MAX_OPEN_CALLS})
  --idle-timeout <秒>       通话多久没有事件即结束(默认 ${DEFAULT_IDLE_TIMEOUT_SECONDS};0 为不限)
  -h, --help                显示帮助

每行至多 ${MAX_INPUT_BYTES / 1048576} MiB,每轮至多 ${MAX_TURN_LENGTH} 个字符;超出的行得到一行错误,其后照常处理。
退出码: 0 输入处理完毕(含违规与错误行); 2 用法错误、规则无效或无法写入标准输出。
`;

/** `huashu stream`: JSONL in on stdin, JSONL out on stdout as results become final. */
export async function streamCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string", short: "c" },
      rules: { type: "string", short: "r", multiple: true },
      "max-open-calls": { type: "string", default: String(DEFAULT_MAX_OPEN_CALLS) },
      "idle-timeout": { type: "string", default: String(DEFAULT_IDLE_TIMEOUT_SECONDS) },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(STREAM_HELP);
    return EXIT.clean;
  }
  const maxOpenCalls = positiveInteger("max-open-calls", values["max-open-calls"]);
  const idleSeconds = nonNegativeNumber("idle-timeout", values["idle-timeout"]);
  // SIGTERM and SIGINT stop the reading: what was already sent is handled and open calls are
  // ended. Caught before the rules and jieba load (jieba takes seconds off huge pages), so a
  // signal then still finalises the calls written so far instead of killing the process.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  try {
    const rules = await rulesOption(process.cwd(), values);
    await streamLines(process.stdin, process.stdout, {
      rules,
      // Not before the first line: a call needing no word boundaries is answered at once, and
      // one that needs them loads jieba itself. Loaded in the first lull, later calls find it ready.
      firstLull: () => preloadSegmenterFor(rules),
      maxOpenCalls,
      idleTimeoutMs: idleSeconds === 0 ? Infinity : idleSeconds * 1000,
      signal: stop.signal,
    });
  } catch (error) {
    // main reports a stdout that cannot be written to (and stays quiet for a closed pipe).
    if (!(error instanceof OutputError)) throw error;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    process.stdin.destroy();
  }
  return EXIT.clean;
}

/** Options of {@link streamLines}. */
export interface StreamOptions {
  rules: RuleSet;
  /** Open calls at most: a new call first ends the one that has gone longest without an event. */
  maxOpenCalls: number;
  /** An open call without an event for this long is ended; `Infinity`: never. */
  idleTimeoutMs: number;
  /**
   * Stops the reading once aborted: the lines already sent (each within {@link STOP_QUIET_MS} of
   * the one before, for at most {@link STOP_DRAIN_MS}) are still handled, then the open calls
   * are ended.
   */
  signal?: AbortSignal;
  /** The clock idle times are measured with. */
  now?: () => number;
  /**
   * Run once, when the first input line has been handled and no other line is ready to be
   * (unless the input has ended by then): work put off so as not to delay the first answer.
   */
  firstLull?: () => void;
}

/** After a stop, input is read on while its next line comes within this many ms… */
const STOP_QUIET_MS = 100;
/** …and for this long at most, so that a writer that never pauses cannot hold the stop off. */
const STOP_DRAIN_MS = 1000;

/** Why a call was ended without its end event; written as `reason` beside `"interrupted": true`. */
export type InterruptReason = "end-of-input" | "signal" | "idle-timeout" | "max-open-calls";

/** The output could not be written to (a closed pipe, a full disk): the stream stops. */
export class OutputError extends Error {
  override name = "OutputError";
}

type Json = Record<string, unknown>;

interface OpenCall {
  session: StreamSession;
  lastEvent: number;
}

/**
 * Reads JSONL and writes result lines, waiting for `output` to drain whenever it is full, so
 * that a slow reader slows the input down instead of filling memory. Every input line is
 * answered: by result lines when it completes something, or an error line. Throws
 * {@link OutputError} when `output` fails.
 */
export async function streamLines(
  input: AsyncIterable<Uint8Array | string>,
  output: Writable,
  options: StreamOptions,
): Promise<void> {
  const now = options.now ?? Date.now;
  const write = async (record: Json) => {
    if (output.destroyed) throw new OutputError("output closed");
    if (!output.write(`${JSON.stringify(record)}\n`)) await drained(output);
  };
  // Map order is the order of the calls' latest events: the first has been idle longest.
  const calls = new Map<string, OpenCall>();
  // Calls ended by idle time or the cap, so that their late events are errors, not new calls.
  const interrupted = new Map<string, InterruptReason>();
  const finish = async (callId: string, reason?: InterruptReason) => {
    const { session } = calls.get(callId)!;
    calls.delete(callId);
    if (reason === "idle-timeout" || reason === "max-open-calls") {
      interrupted.set(callId, reason);
      if (interrupted.size > options.maxOpenCalls) interrupted.delete(interrupted.keys().next().value!);
    }
    const { violations, notices, score, passed, deductions } = session.end();
    if (violations.length > 0) await write({ callId, violations });
    await write({
      callId,
      final: true,
      score,
      passed,
      deductions,
      notices,
      ...(reason && { interrupted: true, reason }),
    });
  };
  const endIdleCalls = async () => {
    const cutoff = now() - options.idleTimeoutMs;
    for (const [callId, call] of calls) {
      if (call.lastEvent > cutoff) break;
      await finish(callId, "idle-timeout");
    }
  };

  const handle = async (record: Json) => {
    if ("turns" in record) {
      if (typeof record.id !== "string") throw new HuashuError([{ message: "整通记录须有字符串 id" }]);
      assertTranscriptInput(record);
      const { violations, notices, score, passed, deductions, agentId } = lintSync(record, { rules: options.rules });
      if (violations.length > 0) await write({ id: record.id, violations });
      await write({
        id: record.id,
        final: true,
        score,
        passed,
        deductions,
        notices,
        ...(agentId !== undefined && { agentId }),
      });
      return;
    }
    const { callId, ...event } = record;
    if (typeof callId !== "string")
      throw new HuashuError([{ message: "每行须是带 turns 的整通记录,或带字符串 callId 的事件" }]);
    const open = calls.get(callId);
    const ended = interrupted.get(callId);
    if (!open && ended) throw new HuashuError([{ message: `通话 “${callId}” 已被结束(${ended}),其后的事件不再检查` }]);
    if (!("text" in event)) {
      if (event.end !== true || Object.keys(event).length !== 1) {
        throw new HuashuError([
          { message: '事件不是一轮也不是通话结束: 一轮须带 text;通话结束须恰为 {"callId": …, "end": true}' },
        ]);
      }
      if (!open) throw new HuashuError([{ message: `通话 “${callId}” 没有进行中的会话` }]);
      await finish(callId);
      return;
    }
    assertTurnLength(event.text);
    if (!open && calls.size >= options.maxOpenCalls) await finish(calls.keys().next().value!, "max-open-calls");
    const session = open?.session ?? createSession({ rules: options.rules });
    const violations = session.push(event as unknown as Turn);
    calls.delete(callId);
    calls.set(callId, { session, lastEvent: now() });
    if (violations.length > 0) await write({ callId, violations });
  };

  const lines = boundedLines(input, MAX_INPUT_BYTES)[Symbol.asyncIterator]();
  const stopped = new Promise<"stopped">((resolve) => {
    if (options.signal?.aborted) resolve("stopped");
    options.signal?.addEventListener("abort", () => resolve("stopped"), { once: true });
  });
  let lineNumber = 0;
  let reading = true;
  let reason: InterruptReason = "end-of-input";
  /** When the drain after a stop ends; undefined until a stop. */
  let drainUntil: number | undefined;
  /** The next line if it comes soon enough after a stop, else "quiet". */
  const soonAfterStop = (next: Promise<IteratorResult<BoundedLine>>) => {
    let timer: NodeJS.Timeout | undefined;
    const quiet = new Promise<"quiet">((resolve) => {
      timer = setTimeout(() => resolve("quiet"), Math.max(0, Math.min(STOP_QUIET_MS, drainUntil! - Date.now())));
    });
    return Promise.race([next, quiet]).finally(() => clearTimeout(timer));
  };
  for (;;) {
    const next = lines.next();
    let line: IteratorResult<BoundedLine> | "stopped" | "idle" | "quiet";
    if (drainUntil !== undefined) line = await soonAfterStop(next);
    else
      do {
        // While no line comes, idle calls are ended when their time is up.
        const oldest = calls.values().next().value;
        const idle =
          oldest && Number.isFinite(options.idleTimeoutMs)
            ? oldest.lastEvent + options.idleTimeoutMs - now()
            : undefined;
        let timer: NodeJS.Timeout | undefined;
        const waits: Array<Promise<typeof line>> = [stopped, next];
        if (idle !== undefined)
          waits.push(new Promise((resolve) => (timer = setTimeout(() => resolve("idle"), Math.max(0, idle)))));
        line = await Promise.race(waits);
        clearTimeout(timer);
        if (line === "idle") await endIdleCalls();
      } while (line === "idle");
    if (line === "stopped") {
      reason = "signal";
      drainUntil = Date.now() + STOP_DRAIN_MS;
      line = await soonAfterStop(next);
    }
    if (line === "quiet") {
      // The read in progress is given up with the input.
      next.catch(() => {});
      break;
    }
    if (line.done) break;
    lineNumber++;
    try {
      const value = line.value;
      if ("tooLong" in value)
        throw new HuashuError([
          { message: `行过长(${value.tooLong} 字节,上限 ${MAX_INPUT_BYTES / 1048576} MiB),未处理` },
        ]);
      if (value.text.trim() !== "") await handle(parseRecord(value.text));
    } catch (error) {
      if (!(error instanceof HuashuError)) throw error;
      await write({ error: error.message, line: lineNumber });
    }
    await endIdleCalls();
    // Lines already read are handled first (promise jobs); the lull is when the input is awaited.
    if (lineNumber === 1 && options.firstLull) setImmediate(() => reading && options.firstLull!());
  }
  reading = false;
  for (const callId of [...calls.keys()]) await finish(callId, reason);
}

/** Resolves once `output` drains; rejects with {@link OutputError} if it fails or closes first. */
function drained(output: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      output.off("drain", onDrain).off("error", settle).off("close", onClose);
      if (error) reject(new OutputError(error.message));
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error("output closed"));
    output.on("drain", onDrain).on("error", settle).on("close", onClose);
  });
}

function parseRecord(line: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new HuashuError([{ message: `不是有效的 JSON: ${jsonErrorInChinese(error)}` }]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new HuashuError([{ message: "每行须是一个 JSON 对象" }]);
  return value as Json;
}
