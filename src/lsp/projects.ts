import { realpath } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  BUILTIN_PREFIX,
  defaultConfig,
  findConfigFile,
  loadConfig,
  ruleSetFromConfig,
  type LoadedConfig,
} from "../cli/config.js";
import { findInputFiles } from "../cli/files.js";
import { lintJob, readOptions } from "../cli/lint-command.js";
import { FileLinter } from "../cli/lint-file.js";
import { HuashuError, type Diagnostic } from "../errors.js";
import { failedExamples } from "../rules/examples.js";
import type { ParsedRuleFile } from "../rules/parse.js";
import type { RuleSet } from "../rules/rule-set.js";

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
 * Loads the project of a config file (or of none, for scripts in `dir`): never throws for bad
 * configuration, which becomes the project's `problems` instead.
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
      lintJob(ruleSet, ruleIds, config, readOptions({}, config), { project: await realpath(loaded.dir) }),
    );
    return new Project(
      configPath,
      loaded,
      { ruleSet, linter, parsed, examplesChecked: options.checkExamples },
      ruleFiles,
    );
  } catch (error) {
    if (!(error instanceof HuashuError)) throw error;
    return new Project(configPath, loaded, { problems: error.diagnostics }, ruleFiles);
  }
}

/** Key of the project of scripts that have no config file above them. */
const NO_CONFIG = "";

/** The projects of the open scripts, by config file, each loaded once until {@link reset}. */
export class Projects {
  private readonly byConfig = new Map<string, Promise<Project>>();

  /**
   * `options`: how to load a project now (the server defers rule examples until jieba is
   * loaded); `onLoaded`: called after each project is loaded.
   */
  constructor(
    private readonly options: () => { checkExamples: boolean },
    private readonly onLoaded: () => void,
  ) {}

  /** The project of the script at `path`: that of the nearest `huashu.config.yaml` in its folder or above, as `huashu lint` finds it. */
  projectFor(path: string): Promise<Project> {
    const dir = dirname(path);
    const configPath = findConfigFile(dir);
    const key = configPath ?? NO_CONFIG;
    let project = this.byConfig.get(key);
    if (!project) {
      project = loadProject(configPath, dir, this.options()).then((loaded) => {
        this.onLoaded();
        return loaded;
      });
      this.byConfig.set(key, project);
    }
    return project;
  }

  /** Every project loaded so far. */
  all(): Promise<Project[]> {
    return Promise.all(this.byConfig.values());
  }

  /** Forgets every project, so that the next {@link projectFor} reads configs and rules anew. */
  reset(): void {
    this.byConfig.clear();
  }
}
