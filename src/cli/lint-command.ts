import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { lintSync } from "../engine/lint.js";
import { HuashuError } from "../errors.js";
import { reporters, type FileResult, type ReporterName } from "../report/index.js";
import { builtinRules } from "../rules/builtin.js";
import { loadRules } from "../rules/load.js";
import { parseScript } from "../transcript/script.js";
import { EXIT, UsageError, type CliIO } from "./io.js";

export const LINT_HELP = `用法: huashu lint <文件…> [--rules <规则文件…>] [--format stylish|json]

检查话术脚本(每行一句,可带“坐席:”“客户:”等角色前缀)是否违反规则。

选项:
  -r, --rules <文件>     YAML 规则文件,可重复指定;不指定时使用内置规则包
  -f, --format <格式>    输出格式: stylish(默认)、json
  -h, --help             显示帮助

退出码: 0 无错误; 1 发现 error 级别问题; 2 用法错误、规则无效或文件无法读取。
`;

function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

/** `huashu lint`: lints each file, goes on past unreadable ones, and returns the exit code. */
export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rules: { type: "string", short: "r", multiple: true },
      format: { type: "string", short: "f", default: "stylish" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(LINT_HELP);
    return EXIT.clean;
  }
  if (positionals.length === 0) throw new UsageError("缺少要检查的文件");
  const format = values.format;
  if (!isReporterName(format)) {
    throw new UsageError(`未知的输出格式 “${format}”,可用: ${Object.keys(reporters).join("、")}`);
  }

  const rules = values.rules?.length ? await loadRules(values.rules) : builtinRules();
  const results: FileResult[] = [];
  let failed = false;
  for (const file of positionals) {
    try {
      results.push({ file, ...lintSync(parseScript(await readFile(file, "utf8")), { rules }) });
    } catch (error) {
      if (!(error instanceof HuashuError) && !(error as NodeJS.ErrnoException).code) throw error;
      io.stderr(`${file}: 无法检查: ${(error as Error).message}\n`);
      failed = true;
    }
  }
  io.stdout(reporters[format](results));
  if (failed) return EXIT.failure;
  return results.some((result) => result.errorCount > 0) ? EXIT.violations : EXIT.clean;
}
