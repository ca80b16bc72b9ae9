import { parseArgs } from "node:util";
import { lintSync } from "../engine/lint.js";
import { formatDiagnostic, HuashuError } from "../errors.js";
import { reporters, type FileResult, type ReporterName } from "../report/index.js";
import { builtinRules } from "../rules/builtin.js";
import { loadRules } from "../rules/load.js";
import { INPUT_FORMATS, isInputFormat } from "../transcript/adapters/index.js";
import { parseSpeakerMap } from "../transcript/adapters/speakers.js";
import { isKnownEncoding } from "../transcript/decode.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { readTranscripts, type ReadOptions } from "./read-input.js";

export const LINT_HELP = `用法: huashu lint <文件…> [--rules <规则文件…>] [--format stylish|json]

检查话术脚本或通话记录是否违反规则。输入格式按扩展名和内容自动识别(见 README“输入格式”)。

选项:
  -r, --rules <文件>          YAML 规则文件,可重复指定;不指定时使用内置规则包
  -f, --format <格式>         输出格式: stylish(默认)、json
      --input-format <格式>   指定输入格式: ${Object.keys(INPUT_FORMATS).join("、")}
      --encoding <编码>       指定输入编码,如 utf-8、utf-16le、gbk、gb18030(默认自动识别)
      --speaker-map <映射>    说话人映射,如 0=agent,1=customer,spk_1=customer
  -h, --help                  显示帮助

退出码: 0 无错误; 1 发现 error 级别问题; 2 用法错误、规则无效或文件无法读取。
`;

function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

/** Input flags → {@link ReadOptions}; a bad value is a usage error. */
function readOptions(values: { "input-format"?: string; encoding?: string; "speaker-map"?: string }): ReadOptions {
  const options: ReadOptions = {};
  const format = values["input-format"];
  if (format !== undefined) {
    if (!isInputFormat(format)) throw new UsageError(`未知的输入格式 “${format}”,可用: ${Object.keys(INPUT_FORMATS).join("、")}`);
    options.format = format;
  }
  if (values.encoding !== undefined) {
    if (!isKnownEncoding(values.encoding)) throw new UsageError(`未知的编码 “${values.encoding}”`);
    options.encoding = values.encoding;
  }
  if (values["speaker-map"] !== undefined) {
    try {
      options.speakers = parseSpeakerMap(values["speaker-map"]);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return options;
}

/** `huashu lint`: lints each file, goes on past unreadable ones, and returns the exit code. */
export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rules: { type: "string", short: "r", multiple: true },
      format: { type: "string", short: "f", default: "stylish" },
      "input-format": { type: "string" },
      encoding: { type: "string" },
      "speaker-map": { type: "string" },
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

  const input = readOptions(values);

  const rules = values.rules?.length ? await loadRules(values.rules) : builtinRules();
  const results: FileResult[] = [];
  let failed = false;
  for (const file of positionals) {
    try {
      const { transcripts, warnings } = await readTranscripts(file, input);
      for (const warning of warnings) io.stderr(`${formatDiagnostic({ ...warning, message: `警告: ${warning.message}` })}\n`);
      for (const transcript of transcripts) results.push({ file, ...lintSync(transcript, { rules }) });
    } catch (error) {
      if (error instanceof HuashuError) {
        io.stderr(error.diagnostics.map((diagnostic) => `${formatDiagnostic({ file, ...diagnostic })}\n`).join(""));
      } else if ((error as NodeJS.ErrnoException).code) {
        io.stderr(`${file}: 无法检查: ${(error as Error).message}\n`);
      } else {
        throw error;
      }
      failed = true;
    }
  }
  io.stdout(reporters[format](results));
  if (failed) return EXIT.failure;
  return results.some((result) => result.errorCount > 0) ? EXIT.violations : EXIT.clean;
}
