import { formatDiagnostic, HuashuError } from "../errors.js";
import { skipKeywordDictionary } from "../match/segmenter.js";
import { fileErrorMessage } from "../transcript/regular-file.js";
import { hugePagesNote } from "./huge-pages-note.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { huashuVersion } from "./version.js";

const HELP = `用法: huashu <命令> [选项]

命令:
  lint [路径…]            检查话术脚本或通话记录
  init                    写入起步用的 huashu.config.yaml
  test-rules [规则文件…]  运行规则示例(不指定文件时检查内置规则包)
  eval --labels <文件>…   用人工标注评估规则: 各类别的召回率、精确率,漏报和误报
  stream                  实时质检: 从标准输入读 JSONL 通话事件,逐行输出可判定的结果
  worker --redis <URL>…   从 Redis Stream 读取通话记录并写回结果(可多进程、多机器并行)
  report <结果文件…>      把保存的结果(lint --format json、stream、worker 的输出)生成 HTML 质检报告
  lsp                     启动语言服务器,在编辑器中边写边提示问题(VS Code、Neovim、Helix 等)

选项:
  -h, --help      显示帮助
  -v, --version   显示版本
  --debug         在标准错误输出调试信息(如分词词典是否用上了大页内存)

详见 huashu <命令> --help。
`;

interface Command {
  run: (argv: string[], io: CliIO) => Promise<number>;
  help: string;
}

/**
 * Each command's module, imported only when that command runs: `--version` and `--help` pay for
 * none of them, and `lint` not for ioredis or the language server. A Map, so that a command
 * named like an Object member (`constructor`, `__proto__`) is unknown.
 */
const commands = new Map<string, () => Promise<Command>>([
  ["lint", () => import("./lint-command.js").then((m) => ({ run: m.lintCommand, help: m.LINT_HELP }))],
  ["init", () => import("./init-command.js").then((m) => ({ run: m.initCommand, help: m.INIT_HELP }))],
  [
    "test-rules",
    () => import("./test-rules-command.js").then((m) => ({ run: m.testRulesCommand, help: m.TEST_RULES_HELP })),
  ],
  ["eval", () => import("./eval-command.js").then((m) => ({ run: m.evalCommand, help: m.EVAL_HELP }))],
  ["stream", () => import("./stream-command.js").then((m) => ({ run: m.streamCommand, help: m.STREAM_HELP }))],
  ["worker", () => import("./worker-command.js").then((m) => ({ run: m.workerCommand, help: m.WORKER_HELP }))],
  ["report", () => import("./report-command.js").then((m) => ({ run: m.reportCommand, help: m.REPORT_HELP }))],
  ["lsp", () => import("./lsp-command.js").then((m) => ({ run: m.lspCommand, help: m.LSP_HELP }))],
]);

/**
 * Node's `parseArgs` errors in Chinese: the option or argument is quoted in its English
 * message, the error code says what went wrong.
 */
function argumentErrorMessage(error: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `未知选项 “${quoted}”(以 - 开头的路径请写在 -- 之后)`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing/.test(error.message) ? `选项 “${option}” 缺少值` : `选项 “${option}” 不接受值`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `多余的参数 “${quoted}”: 此命令不接受路径或其他参数`;
    default:
      return error.message;
  }
}

/** The first line of a command's help: how it is called. */
function usageLine(help: string): string {
  return help.slice(0, help.indexOf("\n"));
}

/** Runs the CLI and returns its exit code; never throws. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "-h" || command === "--help" || command === "help") {
      io.stdout(HELP);
      return command === undefined ? EXIT.failure : EXIT.clean;
    }
    if (command === "-v" || command === "--version") {
      io.stdout(`${huashuVersion()}\n`);
      return EXIT.clean;
    }
    const load = commands.get(command);
    if (!load) throw new UsageError(`未知命令 “${command}”`);
    return await (await load()).run(rest, io);
  } catch (error) {
    if (error instanceof HuashuError) {
      io.stderr(`${error.diagnostics.map(formatDiagnostic).join("\n")}\n`);
    } else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      const known = command !== undefined && commands.has(command);
      const help = known ? (await commands.get(command)!()).help : HELP;
      const more = known ? `huashu ${command} --help` : "huashu --help";
      io.stderr(`huashu: ${argumentErrorMessage(error as Error)}\n${usageLine(help)}\n运行 ${more} 查看全部选项。\n`);
    } else {
      io.stderr(`huashu: 内部错误,请报告此问题: ${(error as Error).stack ?? String(error)}\n`);
    }
    return EXIT.failure;
  }
}

/**
 * `--debug`, taken out of the arguments (before any `--`) for every command: huashu then says
 * on stderr what it cannot see otherwise, such as whether jieba loads on huge pages.
 */
function takeDebugFlag(argv: string[]): { argv: string[]; debug: boolean } {
  const end = argv.indexOf("--");
  const options = end === -1 ? argv : argv.slice(0, end);
  const kept = options.filter((arg) => arg !== "--debug");
  return { argv: end === -1 ? kept : [...kept, ...argv.slice(end)], debug: kept.length < options.length };
}

const { argv, debug } = takeDebugFlag(process.argv.slice(2));
if (debug) process.stderr.write(`huashu: 调试: ${hugePagesNote(process.env)}\n`);
await runHere();

async function runHere(): Promise<void> {
  // huashu owns this process: nothing in it extracts keywords.
  skipKeywordDictionary();
  // A reader that goes away (`huashu lint | head -1`) ends the output quietly; any other failure to
  // write stdout (a full disk) is said once, and the run exits 2 whatever it found.
  let stdoutFailure: NodeJS.ErrnoException | undefined;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (stdoutFailure) return;
    stdoutFailure = error;
    if (error.code === "EPIPE") return;
    process.stderr.write(`huashu: 无法写入标准输出: ${fileErrorMessage(error)}\n`);
    process.exitCode = EXIT.failure;
  });

  const code = await run(argv, {
    stdout: (text) => {
      if (!stdoutFailure) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    isTTY: { stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) },
    env: process.env,
  });
  process.exitCode = stdoutFailure && stdoutFailure.code !== "EPIPE" ? EXIT.failure : code;
}
