import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { lintSync } from "../engine/lint.js";
import { formatDiagnostic, HuashuError, type Diagnostic } from "../errors.js";
import { evaluateSources, type EvalReport, type EvalSource, type LintedTranscript } from "../eval/evaluate.js";
import { formatEvalJson } from "../eval/json.js";
import { parseLabels, type CallLabel, type Label } from "../eval/labels.js";
import { DEFAULT_SHOW, formatEvalStylish, percent, type ShowLimit } from "../eval/stylish.js";
import { isSeverity } from "../rules/common.js";
import type { RuleSet } from "../rules/rule-set.js";
import { PartialInputError } from "../transcript/adapters/adapter.js";
import { INPUT_FORMATS } from "../transcript/adapters/index.js";
import { MAX_INPUT_BYTES } from "../transcript/decode.js";
import type { Transcript } from "../transcript/model.js";
import { commandConfig } from "../project/config.js";
import { ruleSetFromConfig } from "../project/rule-selection.js";
import { displayPath, findInputFiles } from "../project/walk.js";
import { fileErrorMessage, readRegularFile } from "../transcript/regular-file.js";
import { EXIT, UsageError, type CliIO } from "./io.js";
import { readOptions } from "./lint-command.js";
import { readTranscripts, SCRIPT_EXTENSIONS, type ReadOptions } from "../project/read-input.js";
import { pushAll } from "../util/array.js";

const FORMATS = ["stylish", "json"];

export const EVAL_HELP = `用法: huashu eval --labels <标注文件> --corpus <通话记录…> [--labels <标注文件> --corpus <通话记录…>…] [选项]

用人工标注评估规则: 对每个通话记录检查一次,看被标注为违规(violation)的轮次检出了多少(召回率),
被标记的轮次中有多少确是违规(精确率,误报只在正常(clean)轮次上计算,待定(borderline)轮次两边都不算),
并按类别、按规则列出,再列出漏报和误报的原文。标注格式见 docs/eval.md。

针对整段通话的规则(缺少必说语句、应有的回应等)用整段通话标注评估: 标注某通话对某规则是已做(done)
还是缺失(missing),按规则统计判对、误判缺失、误判已做的通话数,并列出误判的通话。

复核结果(HTML 报告中确认、误报、漏报后导出的标注,带 reviewer 和 hits)同样用 --labels 读取: 确认的命中计为
该规则的正确命中,驳回的命中计为该规则的误报,并按规则列出规则仍报告的驳回命中;同一来源中不同复核者
(不同 reviewer,或没有 reviewer 的不同文件)对同一轮的标注合并,意见不一处按待定计并逐条列出。

可一次评估多个来源: 每个 --labels 开始一个来源,其后直到下一个 --labels 的 --corpus(及其后的路径)
是它的通话记录;标注只在本来源的通话记录中查找 id。有多个来源时分别报告每个来源,再报告合计。

轮次标注只计在某一轮的词句上报告的问题(forbidden、condition 的 mustNot、order、response 的 expect: absent);
缺少必说语句、计时等针对整段通话的规则只由整段通话标注评估。规则与 huashu lint 一样取自 --rules、配置文件或全部内置规则包。

选项:
  -l, --labels <文件>          标注文件(JSONL,每行一轮或一个通话对一条规则);再写一个 --labels 开始下一个来源(紧接着写的算同一来源)
      --corpus <文件…>         本来源的标注所指的通话记录(任何 huashu 能读的格式;目录和 glob 同 lint),可重复;其后的路径也算
  -c, --config <文件>          使用此配置文件,不再向上查找
  -r, --rules <文件>           YAML 规则文件,可重复指定,与配置中的 rules 合并;都没有时用全部内置规则包
  -f, --format <格式>          stylish(默认)或 json
      --show <N|all>           最多列出 N 条漏报和 N 条误报(默认 ${DEFAULT_SHOW});all 列出全部
      --min-severity <级别>    info(默认,所有级别)、warning 或 error: 低于此级别的问题不算标记
      --ignore-rule <id>       不计入此规则(可用 * 通配,如 flow.*),可重复
      --only-rule <id>         只计入这些规则(可用 * 通配),可重复
      --min-recall <百分比>    总召回率低于此值时退出码为 1(如 90)
      --min-precision <百分比> 精确率低于此值时退出码为 1(如 97)
      --input-format <格式>    指定通话记录格式: ${Object.keys(INPUT_FORMATS).join("、")}
      --encoding <编码>        指定通话记录编码(默认自动识别)
      --speaker-map <映射>     说话人映射,如 0=agent,1=customer
  -h, --help                   显示帮助

退出码: 0 评估完成; 1 低于 --min-recall 或 --min-precision; 2 用法错误、配置或规则无效、
标注或通话记录有误(标注与通话记录对不上时,其余标注照常评估)。
`;

function parseEvalArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      labels: { type: "string", short: "l", multiple: true },
      corpus: { type: "string", multiple: true },
      config: { type: "string", short: "c" },
      rules: { type: "string", short: "r", multiple: true },
      format: { type: "string", short: "f", default: "stylish" },
      show: { type: "string" },
      "min-severity": { type: "string" },
      "ignore-rule": { type: "string", multiple: true },
      "only-rule": { type: "string", multiple: true },
      "min-recall": { type: "string" },
      "min-precision": { type: "string" },
      "input-format": { type: "string" },
      encoding: { type: "string" },
      "speaker-map": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** The labels files of one source and the transcript paths they refer to, as given. */
interface SourceArgs {
  labels: string[];
  corpus: string[];
}

/**
 * Pairs labels with transcripts, in command-line order: each `--labels` starts a source (a
 * `--labels` right after another joins its source), and the `--corpus` paths and plain paths
 * after it, up to the next source, are its transcripts. With a single source the order does
 * not matter; with several, transcripts before the first `--labels`, or a source without
 * transcripts, would be ambiguous and are usage errors.
 */
function sourceArgs(tokens: ReturnType<typeof parseEvalArgs>["tokens"]): SourceArgs[] {
  const sources: SourceArgs[] = [];
  const leading: string[] = [];
  for (const token of tokens) {
    const current = sources.at(-1);
    if (token.kind === "option" && token.name === "labels") {
      if (current && current.corpus.length === 0) current.labels.push(token.value!);
      else sources.push({ labels: [token.value!], corpus: [] });
    } else if ((token.kind === "option" && token.name === "corpus") || token.kind === "positional") {
      (current?.corpus ?? leading).push(token.value!);
    }
  }
  if (sources.length === 0) throw new UsageError("须用 --labels 指定标注文件");
  if (sources.length === 1) sources[0]!.corpus = [...leading, ...sources[0]!.corpus];
  else if (leading.length > 0)
    throw new UsageError(`有多个来源时,通话记录须写在其 --labels 之后: ${leading.join("、")} 在第一个 --labels 之前`);
  for (const source of sources)
    if (source.corpus.length === 0)
      throw new UsageError(
        sources.length === 1
          ? "须用 --corpus 指定标注所指的通话记录"
          : `--labels ${source.labels.join("、")} 之后须用 --corpus 指定其通话记录`,
      );
  return sources;
}

function showLimit(value: string | undefined): ShowLimit {
  if (value === undefined) return DEFAULT_SHOW;
  if (value === "all") return "all";
  if (!/^\d+$/.test(value)) throw new UsageError(`--show 须为非负整数或 all,而不是 “${value}”`);
  return Number(value);
}

/** A percentage flag (`90`, `90%`, `97.5`) as a ratio 0–1. */
function percentage(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value);
  if (!match || Number(match[1]) > 100) throw new UsageError(`${flag} 须为 0 到 100 之间的百分比,而不是 “${value}”`);
  return Number(match[1]) / 100;
}

/** `flow.*` → a test of rule ids; `*` stands for any characters. */
function idPattern(pattern: string): (ruleId: string) => boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return (ruleId) => regex.test(ruleId);
}

/** The rule filter of `--ignore-rule` and `--only-rule`; a pattern that matches no rule is a usage error. */
function ruleFilter(
  ruleSet: RuleSet,
  ignore: readonly string[],
  only: readonly string[] | undefined,
): (ruleId: string) => boolean {
  const ids = ruleSet.rules.map((rule) => rule.id);
  const tests = (flag: string, patterns: readonly string[]) =>
    patterns.map((pattern) => {
      const test = idPattern(pattern);
      if (!ids.some(test)) throw new UsageError(`${flag} “${pattern}” 没有匹配任何规则`);
      return test;
    });
  const ignored = tests("--ignore-rule", ignore);
  const kept = only === undefined ? undefined : tests("--only-rule", only);
  return (ruleId) => ignored.some((test) => test(ruleId)) || (kept !== undefined && !kept.some((test) => test(ruleId)));
}

/** The turn and call labels of some labels files; unreadable files and bad lines become diagnostics. */
async function readLabels(
  files: readonly string[],
  cwd: string,
  diagnostics: Diagnostic[],
): Promise<{ labels: Label[]; callLabels: CallLabel[] }> {
  const labels: Label[] = [];
  const callLabels: CallLabel[] = [];
  for (const file of files) {
    const shown = displayPath(cwd, resolve(cwd, file));
    let text: string;
    try {
      text = readRegularFile(resolve(cwd, file), { maxBytes: MAX_INPUT_BYTES, what: "标注文件" }).toString("utf8");
    } catch (error) {
      if (error instanceof HuashuError)
        pushAll(
          diagnostics,
          error.diagnostics.map((diagnostic) => ({ ...diagnostic, file: shown })),
        );
      else diagnostics.push({ file: shown, message: `无法读取标注文件: ${fileErrorMessage(error)}` });
      continue;
    }
    const parsed = parseLabels(text, shown);
    pushAll(labels, parsed.labels);
    pushAll(callLabels, parsed.callLabels);
    pushAll(diagnostics, parsed.diagnostics);
  }
  return { labels, callLabels };
}

/**
 * Reads and lints every transcript once; unreadable files and bad lines become diagnostics,
 * damaged-looking text (linted anyway) warnings.
 */
async function lintCorpus(
  files: readonly string[],
  read: ReadOptions,
  ruleSet: RuleSet,
  diagnostics: Diagnostic[],
  warnings: Diagnostic[],
): Promise<LintedTranscript[]> {
  const linted: LintedTranscript[] = [];
  for (const file of files) {
    let transcripts: Transcript[] = [];
    try {
      const input = await readTranscripts(file, read);
      transcripts = input.transcripts;
      pushAll(warnings, input.warnings);
    } catch (error) {
      // A JSONL file with bad lines still gives the transcripts of its good ones.
      if (error instanceof PartialInputError) transcripts = error.transcripts;
      if (error instanceof HuashuError)
        pushAll(
          diagnostics,
          error.diagnostics.map((diagnostic) => ({ file, ...diagnostic })),
        );
      else if ((error as NodeJS.ErrnoException).code)
        diagnostics.push({ file, message: `无法读取: ${fileErrorMessage(error)}` });
      else throw error;
    }
    for (const transcript of transcripts) {
      const { violations, notices } = lintSync(transcript, { rules: ruleSet });
      linted.push({ id: transcript.id ?? file, file, transcript, violations, notices });
    }
  }
  return linted;
}

function belowThresholds(
  report: EvalReport,
  minRecall: number | undefined,
  minPrecision: number | undefined,
): string[] {
  const failures: string[] = [];
  const { recall, precision } = report.overall;
  if (minRecall !== undefined && (recall ?? 0) < minRecall)
    failures.push(`召回率 ${percent(recall)} 低于 --min-recall ${percent(minRecall)}`);
  if (minPrecision !== undefined && (precision ?? 0) < minPrecision)
    failures.push(`精确率 ${percent(precision)} 低于 --min-precision ${percent(minPrecision)}`);
  return failures;
}

/** `huashu eval`: scores the rules against hand labels of transcript turns. */
export async function evalCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, tokens } = parseEvalArgs(argv);
  if (values.help) {
    io.stdout(EVAL_HELP);
    return EXIT.clean;
  }
  const format = values.format;
  if (!FORMATS.includes(format)) throw new UsageError(`未知的输出格式 “${format}”,可用: ${FORMATS.join("、")}`);
  const minSeverity = values["min-severity"] ?? "info";
  if (!isSeverity(minSeverity)) throw new UsageError("--min-severity 须为 info、warning 或 error");
  const show = showLimit(values.show);
  const minRecall = percentage("--min-recall", values["min-recall"]);
  const minPrecision = percentage("--min-precision", values["min-precision"]);
  const sources = sourceArgs(tokens);

  const cwd = process.cwd();
  const loaded = await commandConfig(cwd, values.config);
  const read = readOptions(values, loaded.config);
  const { ruleSet } = await ruleSetFromConfig(loaded, values.rules ?? [], cwd);
  const isIgnored = ruleFilter(ruleSet, values["ignore-rule"] ?? [], values["only-rule"]);

  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const evalSources: EvalSource[] = [];
  for (const source of sources) {
    const walked = await findInputFiles(source.corpus, cwd, {
      root: loaded.dir,
      include: loaded.config.include ?? SCRIPT_EXTENSIONS.map((extension) => `**/*${extension}`),
      exclude: loaded.config.exclude,
      skip: new Set(),
    });
    for (const arg of [...walked.unmatched, ...walked.ignored])
      diagnostics.push({ message: `${arg} 没有找到可用的通话记录` });
    evalSources.push({
      name: source.labels.map((file) => displayPath(cwd, resolve(cwd, file))).join(" + "),
      ...(await readLabels(source.labels, cwd, diagnostics)),
      linted: await lintCorpus(
        walked.files.map((file) => displayPath(cwd, file)),
        read,
        ruleSet,
        diagnostics,
        warnings,
      ),
    });
  }
  const { report, problems } = evaluateSources(evalSources, { rules: ruleSet.rules, minSeverity, isIgnored });
  pushAll(diagnostics, problems);

  for (const warning of warnings)
    io.stderr(`${formatDiagnostic({ ...warning, message: `警告: ${warning.message}` })}\n`);
  io.stdout(format === "json" ? formatEvalJson(report) : formatEvalStylish(report, { show }));
  if (diagnostics.length > 0) {
    io.stderr(`${diagnostics.map(formatDiagnostic).join("\n")}\n`);
    return EXIT.failure;
  }
  const failures = belowThresholds(report, minRecall, minPrecision);
  for (const failure of failures) io.stderr(`${failure}\n`);
  return failures.length > 0 ? EXIT.violations : EXIT.clean;
}
