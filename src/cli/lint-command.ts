import { existsSync, fstatSync, statSync, type Stats } from "node:fs";
import { realpath } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import type { Violation } from "../engine/violation.js";
import { formatDiagnostic, HuashuError, type Diagnostic } from "../errors.js";
import { fixDiff } from "../fix/fix.js";
import { cacheFilePath, cacheSettings, DEFAULT_CACHE_DIR, LintCache, lintWithCache } from "../project/cache.js";
import {
  CONFIG_FILE,
  defaultConfig,
  findConfigFile,
  isRuleOrConfigYaml,
  loadConfig,
  type Config,
  type LoadedConfig,
} from "../project/config.js";
import { configReadOptions, lintJob, type LintedFile, type LintInput } from "../project/lint-file.js";
import type { ReadOptions } from "../project/read-input.js";
import { ruleSetFromConfig } from "../project/rule-selection.js";
import { displayPath, findInputFiles, type WalkOptions, type WalkResult } from "../project/walk.js";
import { isReporterName, REPORTER_NAMES } from "../report/formats.js";
import type { FileResult } from "../report/types.js";
import { isSeverity, SEVERITY_RANK, type Severity } from "../rules/common.js";
import { BaselineMatcher, BaselineRecorder, baselineSchema, type Baseline } from "../suppress/baseline.js";
import { INPUT_FORMATS, isInputFormat } from "../transcript/adapters/index.js";
import { parseJson } from "../transcript/adapters/json-document.js";
import { parseSpeakerMap } from "../transcript/adapters/speakers.js";
import { decodeBytes, isKnownEncoding } from "../transcript/decode.js";
import { fileErrorMessage, readRegularFile } from "../transcript/regular-file.js";
import { EXIT, nonNegativeInteger, UsageError, useColour, writeOutput, type CliIO } from "./io.js";
import { effectiveConfig } from "./print-config.js";
import { Progress } from "./progress.js";
import { ReportWriter } from "./report-output.js";
import { huashuVersion } from "./version.js";
import { lintFiles } from "./worker-pool.js";

const BASELINE_FILE = ".huashu-baseline.json";
/** The largest baseline read: some 300,000 known problems. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;
/**
 * Each worker thread loads jieba (~1.4 s of CPU, ~240 MB), as long as the main thread takes to
 * lint about 4,700 typical script files (bench/cli-jobs.mjs): by default a thread is added
 * only for that much work.
 */
const FILES_PER_THREAD = 5000;
/**
 * What a folder walk lints without `include` in a config: text and YAML scripts. Markdown is
 * linted only when named, matched by a glob or included by the config, since most Markdown in
 * a repository (README, CHANGELOG) is no script.
 */
const DEFAULT_INCLUDE: readonly string[] = ["**/*.txt", "**/*.yaml", "**/*.yml"];
/** The name standard input is reported under without `--stdin-filename`. */
const STDIN_NAME = "<stdin>";

export const LINT_HELP = `用法: huashu lint [路径或 glob…] [选项]

检查话术脚本或通话记录是否违反规则;输入格式按扩展名和内容自动识别(见 docs/inputs.md)。
不给路径时检查当前目录,但须有配置文件 ${CONFIG_FILE}(从当前目录向上查找);没有时须指定路径。
目录按配置的 include 查找文件(默认 ${DEFAULT_INCLUDE.join(" ")};Markdown 须明确指定或写入 include),
并遵守 .gitignore、.huashuignore 和配置的 exclude;配置文件和规则文件不会被当作脚本检查。
路径 - 表示标准输入。

选项:
  -c, --config <文件>          使用此配置文件,不再向上查找
  -r, --rules <文件>           YAML 规则文件,可重复指定,与配置中的 rules 合并;都没有时用全部内置规则包
  -f, --format <格式>          输出格式: ${REPORTER_NAMES.join("、")}(默认 stylish)
      --input-format <格式>    指定输入格式: ${Object.keys(INPUT_FORMATS).join("、")}(默认按扩展名和内容识别)
      --encoding <编码>        指定输入编码,如 utf-8、utf-16le、gbk、gb18030(默认自动识别)
      --speaker-map <映射>     说话人映射,如 0=agent,1=customer,spk_1=customer(叠加在配置的 speakers 上)
      --stdin                  检查标准输入(与路径 - 相同)
      --stdin-filename <文件>  标准输入的文件名: 用于识别格式和报告(默认 ${STDIN_NAME})
  -o, --output-file <文件>     把报告写入文件而不是标准输出
      --quiet                  只报告错误,不报告警告和提示(退出码仍照常计算)
      --color, --no-color      强制使用或不使用颜色(默认: 标准输出是终端且未设 NO_COLOR 时使用)
      --fail-level <级别>      error(默认)、warning 或 info: 出现此级别及以上的问题时退出码为 1
      --max-warnings <N>       警告多于 N 个时退出码为 1
      --report-unused-disable  把没有屏蔽任何问题的 huashu-disable 注释报告为错误
      --baseline <文件>        使用此基线文件(默认: 配置文件旁或当前目录的 .huashu-baseline.json)
      --no-baseline            不使用基线
      --write-baseline[=文件]  把当前所有问题写入基线文件(默认 .huashu-baseline.json)后退出
      --fix                    在脚本文件中把禁用短语替换为规则的 replacement(不改通话记录)
      --fix-dry-run            只打印 --fix 会做的修改(git apply 可用的 diff),不写文件;
                               输出格式为 stylish 或报告写入文件时打印在标准输出,否则打印在标准错误输出
      --cache                  只检查内容、规则或选项有变化的文件,其余用上次的结果
      --cache-location <路径>  缓存文件或目录(默认 ${DEFAULT_CACHE_DIR}/)
      --print-config <文件>    以 JSON 打印检查此文件时生效的配置,不做检查
  -j, --jobs <N>               最多用 N 个工作线程并行检查(默认: CPU 核数,每 ${FILES_PER_THREAD} 个文件至多一个线程)
  -h, --help                   显示帮助

退出码: 0 没有达到失败级别的问题; 1 有; 2 用法错误、配置或规则无效、文件无法读取。
`;

/** Said when there is nothing to lint: no config to walk from and no paths. */
const START_HINT = `huashu: 没有找到 ${CONFIG_FILE},也没有指定要检查的文件。
开始使用: 运行 huashu init 写入配置(之后 huashu lint 检查配置 include 的文件),
或指定文件: huashu lint 话术.txt 通话.json(- 表示标准输入)。
`;

/** Input flags laid over the config → {@link ReadOptions}; a bad value is a usage error. Shared with `huashu eval`. */
export function readOptions(
  values: { "input-format"?: string; encoding?: string; "speaker-map"?: string },
  config: Config,
): ReadOptions {
  const options = configReadOptions(config);
  const format = values["input-format"];
  if (format !== undefined) {
    if (!isInputFormat(format))
      throw new UsageError(`未知的输入格式 “${format}”,可用: ${Object.keys(INPUT_FORMATS).join("、")}`);
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
      quiet: { type: "boolean" },
      color: { type: "boolean" },
      "no-color": { type: "boolean" },
      stdin: { type: "boolean" },
      "stdin-filename": { type: "string" },
      cache: { type: "boolean" },
      "cache-location": { type: "string" },
      "print-config": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** Path relative to `dir` with `/`, as baselines store it (they move with the repository). */
function portablePath(dir: string, file: string): string {
  return relative(dir, file).split(sep).join("/");
}

/**
 * Reads a baseline. Every problem names file, line and column; a binary file is refused by
 * the decoder, so its bytes are never echoed.
 */
async function readBaseline(path: string): Promise<Baseline> {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, { maxBytes: MAX_BASELINE_BYTES, what: "基线文件" });
  } catch (error) {
    if (error instanceof HuashuError) throw error;
    throw new HuashuError([{ file: path, message: `无法读取基线文件: ${fileErrorMessage(error)}` }]);
  }
  const document = parseJson(decodeBytes(bytes, { file: path }).text, { file: path });
  const parsed = baselineSchema.safeParse(document.root);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HuashuError([
      {
        file: path,
        ...document.positionAt(issue.path),
        message: `基线文件格式不对,请用 --write-baseline 重新生成 (${issue.message})`,
      },
    ]);
  }
  return parsed.data;
}

/**
 * The result listing only the violations `shown` keeps, counted again. The score, `passed` and
 * `deductions` stay those of every violation: what is listed never changes what a call scored.
 */
function listOnly(result: FileResult, shown: (violation: Violation, index: number) => boolean): FileResult {
  const violations = result.violations.filter(shown);
  const count = (severity: Severity) => violations.filter((violation) => violation.severity === severity).length;
  return {
    ...result,
    violations,
    errorCount: count("error"),
    warningCount: count("warning"),
    infoCount: count("info"),
  };
}

/** All of standard input, as bytes. */
async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The inputs without the file standard output is redirected to (`huashu lint > out.txt`, which
 * the shell creates before huashu walks the folder): the same device and inode. `-o` files are
 * left out of the walk already.
 */
function withoutOutput(inputs: LintInput[], cwd: string, io: CliIO): LintInput[] {
  let output: Stats;
  try {
    output = fstatSync(1);
  } catch {
    return inputs;
  }
  if (!output.isFile()) return inputs;
  return inputs.filter((input) => {
    if (input.content !== undefined) return true;
    try {
      const stats = statSync(resolve(cwd, input.file));
      if (stats.dev !== output.dev || stats.ino !== output.ino) return true;
    } catch {
      return true;
    }
    io.stderr(`${input.file} 是本次输出的文件,未检查\n`);
    return false;
  });
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
    throw new UsageError(`未知的输出格式 “${format}”,可用: ${REPORTER_NAMES.join("、")}`);
  }
  const failLevelFlag = values["fail-level"];
  if (failLevelFlag !== undefined && !isSeverity(failLevelFlag))
    throw new UsageError(`--fail-level 须为 error、warning 或 info`);
  const jobs = values.jobs === undefined ? undefined : nonNegativeInteger("jobs", values.jobs);
  if (jobs === 0) throw new UsageError("--jobs 至少为 1");
  if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix 和 --fix-dry-run 只能用一个");
  if (values.baseline !== undefined && values["no-baseline"])
    throw new UsageError("--baseline 和 --no-baseline 只能用一个");
  if (values.color && values["no-color"]) throw new UsageError("--color 和 --no-color 只能用一个");
  if (values["cache-location"] !== undefined && !values.cache)
    throw new UsageError("--cache-location 须与 --cache 一起用");
  const dashes = positionals.filter((path) => path === "-").length;
  if (dashes > 1) throw new UsageError("标准输入 - 只能指定一次");
  if (values.stdin && positionals.length > 0)
    throw new UsageError("--stdin 不能与路径同用;要同时检查标准输入和文件,用路径 - 代表标准输入");
  const readsStdin = Boolean(values.stdin) || dashes === 1;
  if (values["stdin-filename"] !== undefined && !readsStdin)
    throw new UsageError("--stdin-filename 须与 --stdin 或路径 - 一起用");
  if (readsStdin && values.fix) throw new UsageError("--fix 不能修改标准输入;要看会做的修改请用 --fix-dry-run");

  const cwd = process.cwd();
  const configPath = values.config !== undefined ? resolve(cwd, values.config) : findConfigFile(cwd);
  if (!configPath && positionals.length === 0 && !readsStdin && values["print-config"] === undefined) {
    io.stderr(START_HINT);
    return EXIT.failure;
  }
  const loaded = configPath ? await loadConfig(configPath) : defaultConfig(cwd);
  const { config } = loaded;
  const input = readOptions(values, config);
  const { ruleSet, files: ruleFiles, ruleIds } = await ruleSetFromConfig(loaded, values.rules ?? [], cwd);
  const failLevel = failLevelFlag ?? config.failLevel;
  const maxWarnings =
    values["max-warnings"] === undefined
      ? config.maxWarnings
      : nonNegativeInteger("max-warnings", values["max-warnings"]);
  const writeBaseline =
    values["write-baseline"] === undefined
      ? undefined
      : resolve(cwd, values["write-baseline"] || join(loaded.dir, BASELINE_FILE));
  const baselinePath = values["no-baseline"] || writeBaseline ? undefined : baselineToUse(values.baseline, loaded, cwd);
  const outputFile = values["output-file"] === undefined ? undefined : resolve(cwd, values["output-file"]);
  const cachePath = values.cache ? cacheFilePath(values["cache-location"], cwd) : undefined;
  const reportUnused = values["report-unused-disable"] ? "error" : config.suppressions.reportUnused;
  const walkOptions: WalkOptions = {
    root: loaded.dir,
    include: config.include ?? DEFAULT_INCLUDE,
    exclude: config.exclude,
    skip: new Set(
      [configPath, ...ruleFiles, baselinePath, writeBaseline, outputFile, cachePath].filter(
        (path) => path !== undefined,
      ),
    ),
    accept: (file) => !/\.ya?ml$/i.test(file) || !isRuleOrConfigYaml(file),
  };

  if (values["print-config"] !== undefined) {
    io.stdout(
      await effectiveConfig({
        file: values["print-config"],
        cwd,
        loaded,
        ruleSet,
        ruleIds,
        speakers: input.speakers ?? {},
        walk: walkOptions,
        failLevel,
        maxWarnings,
        reportUnused,
        baseline: baselinePath,
      }),
    );
    return EXIT.clean;
  }
  const baseline = baselinePath ? { dir: dirname(baselinePath), known: await readBaseline(baselinePath) } : undefined;

  // Paths before and after `-` are walked apart, so that results keep the order of the arguments.
  const paths = positionals.length > 0 || readsStdin ? positionals : ["."];
  const dash = paths.indexOf("-");
  const walk = (args: string[]): Promise<WalkResult> =>
    args.length === 0
      ? Promise.resolve({ files: [], unmatched: [], ignored: [], unreadable: [] })
      : findInputFiles(args, cwd, walkOptions);
  const walked = [
    await walk(dash < 0 ? paths : paths.slice(0, dash)),
    await walk(dash < 0 ? [] : paths.slice(dash + 1)),
  ];
  for (const arg of walked.flatMap((part) => part.ignored)) io.stderr(`${arg} 已被忽略规则排除,未检查\n`);
  const unmatched = walked.flatMap((part) => part.unmatched);
  for (const arg of unmatched) io.stderr(`${arg} 没有找到要检查的文件\n`);
  const unreadable = walked.flatMap((part) => part.unreadable);
  for (const folder of unreadable)
    io.stderr(`${formatDiagnostic({ ...folder, file: displayPath(cwd, folder.file!) })}\n`);
  const [before, after] = walked.map((part) => part.files.map((path): LintInput => ({ file: displayPath(cwd, path) })));
  const stdin: LintInput[] = readsStdin
    ? [
        {
          file:
            values["stdin-filename"] === undefined
              ? STDIN_NAME
              : displayPath(cwd, resolve(cwd, values["stdin-filename"])),
          content: await readStdin(),
        },
      ]
    : [];
  const seen = new Set(before!.map((entry) => entry.file));
  const inputs = withoutOutput([...before!, ...stdin, ...after!.filter((entry) => !seen.has(entry.file))], cwd, io);

  const job = lintJob(ruleSet, ruleIds, config, input, {
    reportUnusedDisable: Boolean(values["report-unused-disable"]),
    fix: Boolean(values.fix || values["fix-dry-run"]),
    project: await realpath(loaded.dir),
    keepTurns: format === "html",
  });
  const warn = (diagnostic: Diagnostic) =>
    io.stderr(`${formatDiagnostic({ ...diagnostic, message: `警告: ${diagnostic.message}` })}\n`);
  const cache = cachePath ? await LintCache.open(cachePath, cacheSettings(job, huashuVersion()), warn) : undefined;

  const color = values["no-color"] ? false : values.color ? true : outputFile === undefined && useColour(io);
  // A fix's diff comes before the report; so does the report of a whole run that fixes, then.
  const fixes = Boolean(values.fix || values["fix-dry-run"]);
  const report = writeBaseline
    ? undefined
    : await ReportWriter.open(format, { rules: ruleSet.rules, color }, { file: outputFile, stdout: io.stdout }, fixes);
  const matcher = baseline && new BaselineMatcher(baseline.known);
  const recorder = writeBaseline ? new BaselineRecorder() : undefined;
  const baselineDir = writeBaseline ? dirname(writeBaseline) : baseline?.dir;
  const fixed: Array<{ file: string; fix: NonNullable<LintedFile["fix"]> }> = [];
  let failedInputs = unmatched.length + unreadable.length;
  let failing = false;
  let warnings = 0;
  let progress: Progress | undefined;

  /** What the run keeps of each result as it comes: counts for the exit code and the report's own. */
  const take = (result: FileResult, contexts: readonly string[], file: string) => {
    let listed = result;
    if (baselineDir !== undefined) {
      const path = portablePath(baselineDir, resolve(file));
      const candidates = result.violations.map((violation, v) => ({ file: path, violation, context: contexts[v]! }));
      if (recorder) return candidates.forEach((candidate) => recorder.add(candidate));
      const isNew = candidates.map((candidate) => matcher!.isNew(candidate));
      listed = listOnly(result, (_, v) => isNew[v]!);
      listed.baselined = result.violations.length - listed.violations.length;
    }
    failing ||= listed.violations.some((v) => SEVERITY_RANK[v.severity] >= SEVERITY_RANK[failLevel]);
    warnings += listed.warningCount;
    // --quiet only changes what is listed: warnings still count for the exit code, as in ESLint.
    report!.add(values.quiet ? listOnly(listed, (violation) => violation.severity === "error") : listed);
  };

  try {
    await lintWithCache(
      inputs,
      cache,
      (toLint, sink) => {
        const threads = jobs ?? Math.min(availableParallelism(), Math.ceil(toLint.length / FILES_PER_THREAD));
        if (io.isTTY?.stderr) progress = new Progress(toLint.length, io.stderr);
        return lintFiles(toLint, job, threads, (done) => progress?.filesDone(done), sink);
      },
      cwd,
      (part, last) => {
        part.results.forEach((result, r) => take(result, part.contexts[r]!, part.file));
        progress?.callsDone(part.results.length);
        if (!last) return;
        if (part.warnings.length > 0 || part.diagnostics) progress?.clear();
        for (const warning of part.warnings) warn(warning);
        if (part.fix) fixed.push({ file: part.file, fix: part.fix });
        if (!part.diagnostics) return;
        failedInputs++;
        io.stderr(`${part.diagnostics.map(formatDiagnostic).join("\n")}\n`);
      },
    );
    await cache?.save(warn);

    // A diff on stdout would break a machine-readable report there; then it goes to stderr.
    const printDiff = format === "stylish" || outputFile !== undefined ? io.stdout : io.stderr;
    for (const { file, fix } of fixed) {
      if (values.fix) await writeOutput(resolve(cwd, file), fix.bom + fix.after);
      else printDiff(fixDiff(file, fix.bom + fix.before, fix.bom + fix.after));
    }
    const fixedCount = fixed.reduce((sum, { fix }) => sum + fix.count, 0);
    if (values.fix && fixedCount > 0) io.stderr(`已修复 ${fixedCount} 处\n`);

    if (recorder) {
      const written = recorder.baseline();
      await writeOutput(writeBaseline!, `${JSON.stringify(written, null, 2)}\n`);
      const count = written.violations.reduce((sum, entry) => sum + entry.count, 0);
      io.stderr(`已把 ${count} 个问题写入基线 ${displayPath(cwd, writeBaseline!)}\n`);
      return failedInputs > 0 ? EXIT.failure : EXIT.clean;
    }
    report!.finish(failedInputs);
  } finally {
    report?.dispose();
  }

  if (failedInputs > 0) return EXIT.failure;
  return failing || (maxWarnings !== undefined && warnings > maxWarnings) ? EXIT.violations : EXIT.clean;
}
