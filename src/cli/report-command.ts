import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic, HuashuError } from "../errors.js";
import { html } from "../report/html.js";
import { parseSavedResults } from "../report/saved-results.js";
import type { FileResult } from "../report/types.js";
import { displayPath } from "../project/walk.js";
import { fileErrorMessage, readRegularFile } from "../transcript/regular-file.js";
import { EXIT, UsageError, writeOutput, type CliIO } from "./io.js";
import { pushAll } from "../util/array.js";

/** The largest saved result file read: the JSON report of some 100,000 calls. */
const MAX_SAVED_RESULTS_BYTES = 256 * 1024 * 1024;

export const REPORT_HELP = `用法: huashu report <结果文件…> [-o report.html]

把保存下来的检查结果生成 HTML 质检报告,不再重新检查。可读:
  huashu lint --format json 的输出(一个 JSON 文档,每通一个结果)
  huashu stream 的输出(JSON Lines: 违规行与 final 行)
  huashu worker 结果流的条目导出为 JSON Lines: 每行 {"id": "…", "entry": "…", "result": "<JSON 结果>"}
这些结果不含对话原文,报告中的通话详情只列出问题;要看带高亮的完整对话,用 huashu lint --format html。

选项:
  -o, --output-file <文件>   把报告写入文件而不是标准输出
  -h, --help                 显示帮助

退出码: 0 报告已生成; 2 用法错误、文件无法读取或有无法识别的行(其余结果照常生成报告)。
`;

/** `huashu report`: saved results in, one HTML report out. */
export async function reportCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "output-file": { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(REPORT_HELP);
    return EXIT.clean;
  }
  if (positionals.length === 0) throw new UsageError("须给出至少一个结果文件");
  const cwd = process.cwd();
  const results: FileResult[] = [];
  let failed = false;
  for (const path of positionals) {
    const file = displayPath(cwd, resolve(cwd, path));
    let text: string;
    try {
      text = readRegularFile(resolve(cwd, path), { maxBytes: MAX_SAVED_RESULTS_BYTES, what: "结果文件" }).toString(
        "utf8",
      );
    } catch (error) {
      const message = error instanceof HuashuError ? error.diagnostics[0]!.message : fileErrorMessage(error);
      io.stderr(`${file} 无法读取: ${message}\n`);
      failed = true;
      continue;
    }
    const saved = parseSavedResults(text, file);
    pushAll(results, saved.results);
    if (saved.problems.length > 0) {
      failed = true;
      io.stderr(`${saved.problems.map(formatDiagnostic).join("\n")}\n`);
    }
    if (saved.errorEntries > 0) io.stderr(`${file}: ${saved.errorEntries} 条是错误记录(输入无法检查),不计入报告\n`);
  }
  const report = html(results);
  if (values["output-file"] === undefined) io.stdout(report);
  else await writeOutput(resolve(cwd, values["output-file"]), report);
  return failed ? EXIT.failure : EXIT.clean;
}
