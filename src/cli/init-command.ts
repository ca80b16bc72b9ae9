import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_FILE } from "../project/config.js";
import { EXIT, UsageError, type CliIO } from "./io.js";

export const INIT_HELP = `用法: huashu init [--force]

在当前目录写入起步用的 ${CONFIG_FILE}(使用内置规则包,可再加自己的规则文件)。

选项:
      --force   覆盖已有的 ${CONFIG_FILE}
  -h, --help    显示帮助
`;

const STARTER_CONFIG = `# huashu 配置: huashu lint 从当前目录向上查找此文件。所有路径相对于本文件。
rules:                      # 内置规则包(builtin:名称)和自己的规则文件
  - builtin:taboo           # 服务忌语
  - builtin:courtesy        # 礼貌用语
  - builtin:flow            # 开场、结束、等待等流程用语(电话渠道)
  # - rules/company.yaml
severity: {}                # 按规则调整级别: { taboo.wei: warning, flow.closing.goodbye: off }
include:                    # 检查目录时包含的文件(规则文件和本配置不会被检查)
  - "**/*.txt"
  - "**/*.yaml"
  # - "scripts/**/*.md"       # Markdown 脚本: 写明目录,免得检查到 README 之类的文档
calls: []                   # 整通电话的话术(gitignore 写法,如 "flows/**"): 开场、结束、等候等整通电话的规则只检查这些和通话记录;其余话术是片段
exclude: []                 # 不检查的文件(gitignore 写法);.gitignore 和 .huashuignore 也会遵守
speakers: {}                # 额外的角色前缀: { A: agent, B: customer }
failLevel: error            # 出现此级别及以上的问题时退出码为 1: error | warning | info
# maxWarnings: 10           # 警告多于此数时退出码为 1
suppressions:
  requireReason: false      # huashu-disable 注释必须用 " -- 理由" 说明原因
  reportUnused: off         # 没有屏蔽任何问题的注释按此级别报告: off | info | warning | error
`;

/** `huashu init`: writes a starter config that uses the built-in packs. */
export async function initCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout(INIT_HELP);
    return EXIT.clean;
  }
  if (positionals.length > 0) throw new UsageError(`init 不接受参数 “${positionals[0]}”`);
  const configPath = join(process.cwd(), CONFIG_FILE);
  if (existsSync(configPath) && !values.force) throw new UsageError(`${CONFIG_FILE} 已存在;要覆盖请加 --force`);
  await writeFile(configPath, STARTER_CONFIG);
  io.stdout(`已写入 ${CONFIG_FILE}\n`);
  return EXIT.clean;
}
