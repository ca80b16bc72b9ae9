import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { summarise } from "../engine/lint.js";
import { formatDiagnostic, HuashuError } from "../errors.js";
import { fixDiff } from "../fix/fix.js";
import { reporters, type FileResult, type ReporterName } from "../report/index.js";
import type { Severity } from "../rules/common.js";
import type { RuleSet } from "../rules/rule-set.js";
import { baselineSchema, createBaseline, newViolations, type Baseline, type BaselineCandidate } from "../suppress/baseline.js";
import { INPUT_FORMATS, isInputFormat } from "../transcript/adapters/index.js";
import { DEFAULT_SPEAKER_MAP, parseSpeakerMap } from "../transcript/adapters/speakers.js";
import { isKnownEncoding } from "../transcript/decode.js";
import { defaultConfig, findConfigFile, loadConfig, ruleSetFromConfig, type Config, type LoadedConfig } from "./config.js";
import { displayPath, findInputFiles } from "./files.js";
import { EXIT, UsageError, useColour, type CliIO } from "./io.js";
import type { LintedFile, LintJob } from "./lint-file.js";
import { PROGRESS_THRESHOLD, progressBar } from "./progress.js";
import { SCRIPT_EXTENSIONS, type ReadOptions } from "./read-input.js";
import { lintFiles } from "./worker-pool.js";

const BASELINE_FILE = ".huashu-baseline.json";
/**
 * Each worker thread loads jieba (~1.4 s of CPU, ~240 MB), as long as the main thread takes to
 * lint about 4,700 typical script files (bench/cli-jobs.mjs): by default a thread is added
 * only for that much work.
 */
const FILES_PER_THREAD = 5000;
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export const LINT_HELP = `用法: huashu lint [路径或 glob…] [选项]

检查话术脚本或通话记录是否违反规则;输入格式按扩展名和内容自动识别(见 README“输入格式”)。
不给路径时检查当前目录;目录按配置的 include 查找文件(默认 ${SCRIPT_EXTENSIONS.join(" ")} 脚本),
并遵守 .gitignore、.huashuignore 和配置的 exclude。
配置文件 huashu.config.yaml 从当前目录向上查找。

选项:
  -c, --config <文件>          使用此配置文件,不再向上查找
  -r, --rules <文件>           YAML 规则文件,可重复指定,与配置中的 rules 合并;都没有时用全部内置规则包
  -f, --format <格式>          输出格式: ${Object.keys(reporters).join("、")}(默认 stylish)
      --input-format <格式>    指定输入格式: ${Object.keys(INPUT_FORMATS).join("、")}(默认按扩展名和内容识别)
      --encoding <编码>        指定输入编码,如 utf-8、utf-16le、gbk、gb18030(默认自动识别)
      --speaker-map <映射>     说话人映射,如 0=agent,1=customer,spk_1=customer(叠加在配置的 speakers 上)
  -o, --output-file <文件>     把报告写入文件而不是标准输出
      --fail-level <级别>      error(默认)、warning 或 info: 出现此级别及以上的问题时退出码为 1
      --max-warnings <N>       警告多于 N 个时退出码为 1
      --report-unused-disable  把没有屏蔽任何问题的 huashu-disable 注释报告为错误
      --baseline <文件>        使用此基线文件(默认: 配置文件旁或当前目录的 .huashu-baseline.json)
      --no-baseline            不使用基线
      --write-baseline[=文件]  把当前所有问题写入基线文件(默认 .huashu-baseline.json)后退出
      --fix                    在脚本文件中把禁用短语替换为规则的 replacement(不改通话记录)
      --fix-dry-run            只在标准输出打印 --fix 会做的修改(diff),不写文件
  -j, --jobs <N>               最多用 N 个工作线程并行检查(默认: CPU 核数,每 ${FILES_PER_THREAD} 个文件至多一个线程)
  -h, --help                   显示帮助

退出码: 0 没有达到失败级别的问题; 1 有; 2 用法错误、配置或规则无效、文件无法读取。
`;

function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

function isSeverity(name: string): name is Severity {
  return Object.hasOwn(SEVERITY_RANK, name);
}

function nonNegativeInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} 须为非负整数,而不是 “${value}”`);
  return Number(value);
}

/** Input flags laid over the config → {@link ReadOptions}; a bad value is a usage error. */
export function readOptions(values: { "input-format"?: string; encoding?: string; "speaker-map"?: string }, config: Config): ReadOptions {
  const options: ReadOptions = { speakers: { ...DEFAULT_SPEAKER_MAP, ...config.speakers } };
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
      options.speakers = parseSpeakerMap(values["speaker-map"], options.speakers);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return options;
}

/**
 * What every file of a run is linted with: the rule set and the config's settings, with
 * `--report-unused-disable` and `--fix` (or `--fix-dry-run`) laid over them.
 */
export function lintJob(ruleSet: RuleSet, config: Config, read: ReadOptions, flags: { reportUnusedDisable?: boolean; fix?: boolean } = {}): LintJob {
  return {
    rules: [...ruleSet.rules],
    scoring: ruleSet.scoring,
    read,
    directives: {
      requireReason: config.suppressions.requireReason,
      reportUnused: flags.reportUnusedDisable ? "error" : config.suppressions.reportUnused,
    },
    fix: Boolean(flags.fix),
  };
}

/** `--write-baseline` takes its file only as `--write-baseline=FILE`, so a path after it stays a path. */
function normaliseArgv(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === "--write-baseline" ? "--write-baseline=" : arg));
}

function parseLintArgs(argv: string[]) {
  return parseArgs({
    args: normaliseArgv(argv),
    allowPositionals: true,
    options: {
      config: { type: "string", short: "c" },
      rules: { type: "string", short: "r", multiple: true },
      format: { type: "string", short: "f", default: "stylish" },
      "output-file": { type: "string", short: "o" },
      "input-format": { type: "string" },
      encoding: { type: "string" },
      "speaker-map": { type: "string" },
      "fail-level": { type: "string" },
      "max-warnings": { type: "string" },
      "report-unused-disable": { type: "boolean" },
      baseline: { type: "string" },
      "no-baseline": { type: "boolean" },
      "write-baseline": { type: "string" },
      fix: { type: "boolean" },
      "fix-dry-run": { type: "boolean" },
      jobs: { type: "string", short: "j" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** Path relative to `dir` with `/`, as baselines store it (they move with the repository). */
function portablePath(dir: string, file: string): string {
  return relative(dir, file).split(sep).join("/");
}

/** Every violation of a run as the baseline sees it. */
function baselineCandidates(linted: readonly LintedFile[], baselineDir: string): BaselineCandidate[] {
  return linted.flatMap((file) =>
    file.results.flatMap((result, r) =>
      result.violations.map((violation, v) => ({ file: portablePath(baselineDir, resolve(file.file)), violation, context: file.contexts[r]![v]! })),
    ),
  );
}

/** Writes a file the run produces, creating its folder; a failure is the user's to fix, exit 2. */
async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (error) {
    throw new HuashuError([{ file: path, message: `无法写入: ${(error as Error).message}` }]);
  }
}

async function readBaseline(path: string): Promise<Baseline> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new HuashuError([{ file: path, message: `无法读取基线文件: ${(error as Error).message}` }]);
  }
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) {
    throw new HuashuError([{ file: path, message: `基线文件格式不对,请用 --write-baseline 重新生成 (${parsed.error.issues[0]?.message ?? ""})` }]);
  }
  return parsed.data;
}

/** Drops the violations a baseline knows, keeping the results' counts and scores right. */
function withoutBaselined(linted: readonly LintedFile[], baseline: { dir: string; known: Baseline }, ruleSet: RuleSet): FileResult[] {
  const isNew = newViolations(baselineCandidates(linted, baseline.dir), baseline.known);
  let index = 0;
  return linted.flatMap((file) =>
    file.results.map((result) => ({ ...result, ...summarise(result.violations.filter(() => isNew[index++]!), ruleSet, result.notices) })),
  );
}

/** The baseline to compare with: the flag's, else one beside the config, else one in the cwd. */
function baselineToUse(flag: string | undefined, loaded: LoadedConfig, cwd: string): string | undefined {
  if (flag !== undefined) return resolve(cwd, flag);
  return [join(loaded.dir, BASELINE_FILE), join(cwd, BASELINE_FILE)].find((path) => existsSync(path));
}

/** `huashu lint`: lints files, goes on past unreadable ones, and returns the exit code. */
export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseLintArgs(argv);
  if (values.help) {
    io.stdout(LINT_HELP);
    return EXIT.clean;
  }
  const format = values.format;
  if (!isReporterName(format)) {
    throw new UsageError(`未知的输出格式 “${format}”,可用: ${Object.keys(reporters).join("、")}`);
  }
  const failLevelFlag = values["fail-level"];
  if (failLevelFlag !== undefined && !isSeverity(failLevelFlag)) throw new UsageError(`--fail-level 须为 error、warning 或 info`);
  const jobs = values.jobs === undefined ? undefined : nonNegativeInteger("--jobs", values.jobs);
  if (jobs === 0) throw new UsageError("--jobs 至少为 1");
  if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix 和 --fix-dry-run 只能用一个");
  if (values.baseline !== undefined && values["no-baseline"]) throw new UsageError("--baseline 和 --no-baseline 只能用一个");

  const cwd = process.cwd();
  const configPath = values.config !== undefined ? resolve(cwd, values.config) : findConfigFile(cwd);
  const loaded = configPath ? await loadConfig(configPath) : defaultConfig(cwd);
  const { config } = loaded;
  const input = readOptions(values, config);
  const { ruleSet, files: ruleFiles } = await ruleSetFromConfig(loaded, values.rules ?? [], cwd);
  const failLevel = failLevelFlag ?? config.failLevel;
  const maxWarnings = values["max-warnings"] === undefined ? config.maxWarnings : nonNegativeInteger("--max-warnings", values["max-warnings"]);
  const writeBaseline = values["write-baseline"] === undefined ? undefined : resolve(cwd, values["write-baseline"] || join(loaded.dir, BASELINE_FILE));
  const baselinePath = values["no-baseline"] || writeBaseline ? undefined : baselineToUse(values.baseline, loaded, cwd);
  const outputFile = values["output-file"] === undefined ? undefined : resolve(cwd, values["output-file"]);
  const baseline = baselinePath ? { dir: dirname(baselinePath), known: await readBaseline(baselinePath) } : undefined;

  const walked = await findInputFiles(positionals.length > 0 ? positionals : ["."], cwd, {
    root: loaded.dir,
    include: config.include ?? SCRIPT_EXTENSIONS.map((extension) => `**/*${extension}`),
    exclude: config.exclude,
    skip: new Set([configPath, ...ruleFiles, baselinePath, writeBaseline, outputFile].filter((path) => path !== undefined)),
  });
  for (const arg of walked.ignored) io.stderr(`${arg} 已被忽略规则排除,未检查\n`);
  for (const arg of walked.unmatched) io.stderr(`${arg} 没有找到要检查的文件\n`);
  let failed = walked.unmatched.length > 0;

  const job = lintJob(ruleSet, config, input, { reportUnusedDisable: Boolean(values["report-unused-disable"]), fix: Boolean(values.fix || values["fix-dry-run"]) });
  const files = walked.files.map((path) => displayPath(cwd, path));
  const threads = jobs ?? Math.min(availableParallelism(), Math.ceil(files.length / FILES_PER_THREAD));
  const onProgress = io.isTTY?.stderr && files.length > PROGRESS_THRESHOLD ? progressBar(files.length, io.stderr) : () => {};
  const linted = await lintFiles(files, job, threads, onProgress);

  for (const file of linted) {
    for (const warning of file.warnings) io.stderr(`${formatDiagnostic({ ...warning, message: `警告: ${warning.message}` })}\n`);
    if (!file.diagnostics) continue;
    failed = true;
    io.stderr(`${file.diagnostics.map(formatDiagnostic).join("\n")}\n`);
  }
  for (const file of linted) {
    if (!file.fix) continue;
    if (values.fix) await writeOutput(resolve(cwd, file.file), file.fix.bom + file.fix.after);
    else io.stdout(fixDiff(file.file, file.fix.before, file.fix.after));
  }
  const fixedCount = linted.reduce((sum, file) => sum + (file.fix?.count ?? 0), 0);
  if (values.fix && fixedCount > 0) io.stderr(`已修复 ${fixedCount} 处\n`);

  if (writeBaseline) {
    const baseline = createBaseline(baselineCandidates(linted, dirname(writeBaseline)));
    await writeOutput(writeBaseline, `${JSON.stringify(baseline, null, 2)}\n`);
    const count = baseline.violations.reduce((sum, entry) => sum + entry.count, 0);
    io.stderr(`已把 ${count} 个问题写入基线 ${displayPath(cwd, writeBaseline)}\n`);
    return failed ? EXIT.failure : EXIT.clean;
  }
  const results = baseline
    ? withoutBaselined(linted, baseline, ruleSet)
    : linted.flatMap((file) => file.results);

  const report = reporters[format](results, { rules: ruleSet.rules, color: outputFile === undefined && useColour(io) });
  if (outputFile !== undefined) await writeOutput(outputFile, report);
  else io.stdout(report);

  if (failed) return EXIT.failure;
  const failing = results.some((result) => result.violations.some((v) => SEVERITY_RANK[v.severity] >= SEVERITY_RANK[failLevel]));
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  return failing || (maxWarnings !== undefined && warnings > maxWarnings) ? EXIT.violations : EXIT.clean;
}
