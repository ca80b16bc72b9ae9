import { realpath } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { HuashuError, type Diagnostic } from "../errors.js";
import { failedExamples } from "../rules/examples.js";
import type { ParsedRuleFile } from "../rules/parse.js";
import type { RuleSet } from "../rules/rule-set.js";
import { defaultConfig, loadConfig, type LoadedConfig } from "./config.js";
import { configReadOptions, FileLinter, lintJob } from "./lint-file.js";
import { BUILTIN_PREFIX, ruleSetFromConfig } from "./rule-selection.js";
import { findInputFiles } from "./walk.js";

/** Rules loaded from a config: what a project lints with. */
export interface ProjectRules {
  ruleSet: RuleSet;
  linter: FileLinter;
  /** The parsed rule files, whose examples are still to be run when `examplesChecked` is false. */
  parsed: ParsedRuleFile[];
  examplesChecked: boolean;
}

/**
 * The scripts governed by one `huashu.config.yaml` (or by none: built-in rules), as
 * `huashu lint` run in the script's folder would lint them.
 */
export class Project {
  /** Config and rule files that, when changed, call for a reload (built-in packs never change). */
  readonly watched: string[];
  private readonly skipped = new Map<string, Promise<boolean>>();

  constructor(
    /** The config file; undefined for scripts without one. */
    readonly configPath: string | undefined,
    private readonly loaded: LoadedConfig | undefined,
    private state: ProjectRules | { problems: readonly Diagnostic[] },
    ruleFiles: readonly string[],
  ) {
    this.watched = [...(configPath ? [configPath] : []), ...ruleFiles];
  }

  /** The rules, or undefined when the config or a rule file is invalid. */
  get rules(): ProjectRules | undefined {
    return "problems" in this.state ? undefined : this.state;
  }

  /** What is wrong with the config or its rule files, each with file, line and column. */
  get problems(): readonly Diagnostic[] {
    return "problems" in this.state ? this.state.problems : [];
  }

  /**
   * Runs the rule examples left unchecked at load; a failing one makes the project invalid, as
   * `huashu lint` refuses such rules. Returns whether that happened.
   */
  checkExamples(): boolean {
    const rules = this.rules;
    if (!rules || rules.examplesChecked) return false;
    rules.examplesChecked = true;
    const failures = failedExamples(rules.parsed);
    if (failures.length === 0) return false;
    this.state = { problems: failures };
    return true;
  }

  /**
   * Whether `huashu lint` would pass over the script at `path` when named: the config and rule
   * files themselves, and, under a config, what its `exclude`, `.gitignore` and `.huashuignore`
   * leave out.
   */
  isSkipped(path: string): Promise<boolean> {
    let skipped = this.skipped.get(path);
    if (!skipped) {
      const loaded = this.loaded;
      const skip = new Set(this.watched);
      skipped =
        !loaded?.path || skip.has(path)
          ? Promise.resolve(skip.has(path))
          : findInputFiles([path], dirname(path), {
              root: loaded.dir,
              include: [],
              exclude: loaded.config.exclude,
              skip,
            }).then((walk) => walk.ignored.length > 0);
      this.skipped.set(path, skipped);
    }
    return skipped;
  }
}

/**
 * Loads the project of a config file (or of none, for scripts in `dir`): never throws; bad
 * configuration, and anything else that stops the rules from loading, becomes the project's
 * `problems` instead.
 */
export async function loadProject(
  configPath: string | undefined,
  dir: string,
  options: { checkExamples: boolean },
): Promise<Project> {
  let loaded: LoadedConfig | undefined;
  let ruleFiles: string[] = [];
  try {
    loaded = configPath ? await loadConfig(configPath) : defaultConfig(dir);
    const config = loaded.config;
    ruleFiles = config.rules
      .filter((entry) => !entry.startsWith(BUILTIN_PREFIX))
      .map((entry) => resolve(loaded!.dir, entry));
    const { ruleSet, parsed, ruleIds } = await ruleSetFromConfig(loaded, [], dir, options);
    const linter = new FileLinter(
      lintJob(ruleSet, ruleIds, config, configReadOptions(config), {
        // A script's folder may not exist (an unsaved file): it is linted all the same.
        project: await realpath(loaded.dir).catch(() => resolve(loaded!.dir)),
      }),
    );
    return new Project(
      configPath,
      loaded,
      { ruleSet, linter, parsed, examplesChecked: options.checkExamples },
      ruleFiles,
    );
  } catch (error) {
    // Whatever stops the rules from loading is shown, not lost: a project never fails to load.
    const problems =
      error instanceof HuashuError
        ? error.diagnostics
        : [{ file: configPath, message: `无法加载配置或规则: ${(error as Error).message ?? String(error)}` }];
    return new Project(configPath, loaded, { problems }, ruleFiles);
  }
}
