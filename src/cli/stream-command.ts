import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { lintSync } from "../engine/lint.js";
import { HuashuError } from "../errors.js";
import type { RuleSet } from "../rules/rule-set.js";
import { createSession, type StreamSession } from "../stream/session.js";
import { assertTranscript } from "../transcript/validate.js";
import { EXIT, type CliIO } from "./io.js";
import { rulesOption } from "./rules-option.js";

export const STREAM_HELP = `用法: huashu stream [--rules <规则文件…>]

从标准输入逐行读取 JSON(JSONL),在结果可判定时逐行输出 JSON:
  整通记录  {"id": "…", "agentId"?: "…", "turns": [{"speaker", "text", "start"?, "end"?}…]}
  单轮事件  {"callId": "…", "speaker": "agent", "text": "…", "start"?: 毫秒, "end"?: 毫秒}
  通话结束  {"callId": "…", "end": true}
输出:
  {"id"|"callId": "…", "violations": [违规…]}       一旦判定即输出
  {"id"|"callId": "…", "final": true, "score", "passed", "deductions", "notices", "agentId"?}  每通一行,最后输出
  {"error": "…", "line": 行号}                      无法处理的输入行(继续处理其后各行)
输入结束或收到 SIGTERM 时,未结束的通话按已收到的轮次结束并输出结果(带 "interrupted": true)。

选项:
  -r, --rules <文件>     YAML 规则文件,可重复指定;不指定时使用内置规则包
  -h, --help             显示帮助

退出码: 0 输入处理完毕(含违规与错误行); 2 用法错误或规则无效。
`;

/** `huashu stream`: JSONL in on stdin, JSONL out on stdout as results become final. */
export async function streamCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rules: { type: "string", short: "r", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(STREAM_HELP);
    return EXIT.clean;
  }
  const rules = await rulesOption(values.rules);
  const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
  // SIGTERM stops the reading; the line being handled is finished and open calls are ended.
  const stop = () => input.close();
  process.once("SIGTERM", stop);
  try {
    await streamLines(input, process.stdout, rules);
  } finally {
    process.off("SIGTERM", stop);
    process.stdin.destroy();
  }
  return EXIT.clean;
}

type Json = Record<string, unknown>;

/**
 * Reads JSONL lines and writes result lines, waiting for `output` to drain whenever it is
 * full, so that a slow reader slows the input down instead of filling memory. Every input line
 * is answered: by result lines when it completes something, or an error line.
 */
export async function streamLines(lines: AsyncIterable<string>, output: Writable, rules: RuleSet): Promise<void> {
  const write = async (record: Json) => {
    if (!output.write(`${JSON.stringify(record)}\n`)) await once(output, "drain");
  };
  const sessions = new Map<string, StreamSession>();
  const finish = async (callId: string, session: StreamSession, interrupted: boolean) => {
    sessions.delete(callId);
    const { violations, notices, score, passed, deductions } = session.end();
    if (violations.length > 0) await write({ callId, violations });
    await write({ callId, final: true, score, passed, deductions, notices, ...(interrupted && { interrupted: true }) });
  };
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    try {
      const record = parseRecord(line);
      if ("turns" in record) {
        if (typeof record.id !== "string") throw new HuashuError([{ message: "整通记录须有字符串 id" }]);
        assertTranscript(record);
        const { violations, notices, score, passed, deductions, agentId } = lintSync(record, { rules });
        if (violations.length > 0) await write({ id: record.id, violations });
        await write({ id: record.id, final: true, score, passed, deductions, notices, ...(agentId !== undefined && { agentId }) });
        continue;
      }
      const { callId, end, ...turn } = record;
      if (typeof callId !== "string") throw new HuashuError([{ message: "每行须是带 turns 的整通记录,或带字符串 callId 的事件" }]);
      const session = sessions.get(callId);
      if (end === true) {
        if (!session) throw new HuashuError([{ message: `通话 “${callId}” 没有进行中的会话` }]);
        await finish(callId, session, false);
        continue;
      }
      const current = session ?? createSession({ rules });
      const violations = current.push(turn as never);
      sessions.set(callId, current);
      if (violations.length > 0) await write({ callId, violations });
    } catch (error) {
      if (!(error instanceof HuashuError)) throw error;
      await write({ error: error.message, line: lineNumber });
    }
  }
  for (const [callId, session] of [...sessions]) await finish(callId, session, true);
}

function parseRecord(line: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new HuashuError([{ message: `不是有效的 JSON: ${(error as Error).message}` }]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HuashuError([{ message: "每行须是一个 JSON 对象" }]);
  return value as Json;
}
