import { dirname } from "node:path";
import { findConfigFile } from "../project/config.js";
import { loadProject, type Project } from "../project/project.js";

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
        // Without a config there is nothing to fix and nothing to watch: a failure there is
        // of this script's folder, and must not stand for every script without a config.
        if (key === NO_CONFIG && !loaded.rules) this.byConfig.delete(key);
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
