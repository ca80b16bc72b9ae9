import { createRequire } from "node:module";
import { formatDiagnostic, HuashuError } from "../errors.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { INIT_HELP, initCommand } from "./init-command.js";
import { LINT_HELP, lintCommand } from "./lint-command.js";
import { LSP_HELP, lspCommand } from "./lsp-command.js";
import { STREAM_HELP, streamCommand } from "./stream-command.js";
import { TEST_RULES_HELP, testRulesCommand } from "./test-rules-command.js";
import { WORKER_HELP, workerCommand } from "./worker-command.js";

const HELP = `用法: huashu <命令> [选项]

命令:
  lint [路径…]            检查话术脚本或通话记录
  init                    写入起步用的 huashu.config.yaml
  test-rules [规则文件…]  运行规则示例(不指定文件时检查内置规则包)
  stream                  实时质检: 从标准输入读 JSONL 通话事件,逐行输出可判定的结果
  worker --redis <URL>…   从 Redis Stream 读取通话记录并写回结果(可多进程、多机器并行)
  lsp                     启动语言服务器,在编辑器中边写边提示问题(VS Code、Neovim、Helix 等)

选项:
  -h, --help      显示帮助
  -v, --version   显示版本

详见 huashu <命令> --help。
`;

const commands: Record<string, { run: (argv: string[], io: CliIO) => Promise<number>; help: string }> = {
  lint: { run: lintCommand, help: LINT_HELP },
  init: { run: initCommand, help: INIT_HELP },
  "test-rules": { run: testRulesCommand, help: TEST_RULES_HELP },
  stream: { run: streamCommand, help: STREAM_HELP },
  worker: { run: workerCommand, help: WORKER_HELP },
  lsp: { run: lspCommand, help: LSP_HELP },
};

function version(): string {
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
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
      io.stdout(`${version()}\n`);
      return EXIT.clean;
    }
    const handler = commands[command];
    if (!handler) throw new UsageError(`未知命令 “${command}”`);
    return await handler.run(rest, io);
  } catch (error) {
    if (error instanceof HuashuError) {
      io.stderr(`${error.diagnostics.map(formatDiagnostic).join("\n")}\n`);
    } else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`huashu: ${(error as Error).message}\n\n${(command !== undefined && commands[command]?.help) || HELP}`);
    } else {
      io.stderr(`huashu: 内部错误,请报告此问题: ${(error as Error).stack ?? String(error)}\n`);
    }
    return EXIT.failure;
  }
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: { stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) },
  env: process.env,
});
