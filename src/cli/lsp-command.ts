import { parseArgs } from "node:util";
import { EXIT, type CliIO } from "./io.js";

export const LSP_HELP = `用法: huashu lsp [--stdio]

启动语言服务器(Language Server Protocol,经标准输入输出通信),供编辑器在编写话术时即时提示问题:
.txt、.md、.yaml 脚本在打开和修改时检查(修改后停顿 150 毫秒再检查),显示规则 id、说明和规范用语;
提供快速修复(替换为规则的 replacement、添加 huashu-disable-next-line 注释)和悬停说明。
配置文件 huashu.config.yaml 从脚本所在目录向上查找;配置和规则文件修改后自动重新加载,
其中的错误显示在该文件上。编辑器设置见 docs/editors.md。

选项:
      --stdio     经标准输入输出通信(默认,也是唯一的方式;为兼容编辑器插件而接受)
  -h, --help      显示帮助
`;

/** `huashu lsp`: the language server. Its code is loaded only here, so other commands start without it. */
export async function lspCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { stdio: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    io.stdout(LSP_HELP);
    return EXIT.clean;
  }
  const { startServer } = await import("../lsp/server.js");
  // The server runs until the client's `exit` notification or the end of its input, and exits the process then.
  startServer();
  return EXIT.clean;
}
