import type { Scalar } from "yaml";
import { HuashuError, type FileLocation } from "../../errors.js";
import { describePath } from "../../util/path.js";
import { lazy, z } from "../../util/zod.js";
import { parseYaml, validateYaml, type ParsedYaml } from "../yaml.js";
import type { SourcePosition, Speaker, Transcript, Turn } from "../model.js";
import { inputError, pushTurn, type AdapterOptions, type InputAdapter } from "./adapter.js";
import { parseScript } from "./script.js";
import { DEFAULT_SPEAKER_MAP, type SpeakerMap } from "./speakers.js";

const line = lazy(() => z.string().trim().min(1));

/** One step of a structured script: a line to be said, and what may follow it. */
const stepSchema = lazy(() =>
  z.strictObject({
    /** A name for the step, for the script's authors. */
    id: z.string().optional().describe("步骤名,供编写者使用"),
    /** Who says it: a role label (`客服`, `坐席`, `客户`…, or a label of the config's `speakers`); `客服` when absent. */
    speaker: z
      .string()
      .min(1)
      .optional()
      .describe("说话人: 客服、坐席、客户等角色前缀,或配置 speakers 中的标签;省略为客服"),
    /** What is said. */
    text: line.describe("要说的话(会被检查)"),
    /** A note for agents or authors: not said, never checked. */
    note: z.string().optional().describe("备注(不检查)"),
    /** The customer's possible replies, each with the steps that follow it. */
    get branches() {
      return z.array(branchSchema).optional().describe("客户的不同回应,各自接后续步骤");
    },
  }),
);

/** One customer reply a step may get, and the steps that answer it. */
const branchSchema = lazy(() =>
  z.strictObject({
    /** When this branch is taken, in the authors' words: not said, never checked. */
    when: z.string().optional().describe("何种情况走此分支(不检查)"),
    /** What the customer says. */
    customer: line.optional().describe("客户说的话"),
    note: z.string().optional().describe("备注(不检查)"),
    get steps() {
      return z.array(stepSchema).optional();
    },
  }),
);

/**
 * A structured script (`.yaml`, `.yml`): a scenario and its steps. Exported for the JSON
 * Schema shipped in `schemas/script.schema.json`.
 */
export const yamlScriptSchema = lazy(() =>
  z.strictObject({
    /** The scenario's name, e.g. 查询话费. */
    scenario: z.string().min(1).describe("场景名,如 查询话费"),
    /** `whole`: the script is a whole call, from greeting to goodbye; `fragment` (default): a part of one. */
    call: z
      .enum(["fragment", "whole"])
      .optional()
      .describe("whole: 整通电话(检查开场、结束等);fragment(默认): 话术片段"),
    /** What the scenario is for: not said, never checked. */
    description: z.string().optional().describe("场景说明(不检查)"),
    tags: z.array(z.string()).optional().describe("标签"),
    steps: z.array(stepSchema).min(1).describe("按顺序说的话"),
  }),
);

type Step = z.infer<typeof stepSchema>;
type Branch = z.infer<typeof branchSchema>;

const SPEAKERS: Readonly<Record<string, Speaker>> = { agent: "agent", customer: "customer", other: "other" };

/** Reads the steps of a validated script into turns, depth first: a step, then each branch in turn. */
class TurnCollector {
  readonly turns: Turn[] = [];

  constructor(
    private readonly yaml: ParsedYaml,
    private readonly source: string,
    private readonly speakers: SpeakerMap,
    private readonly options: AdapterOptions,
  ) {}

  private position(offset: number): SourcePosition {
    const { line, column } = this.yaml.at(offset);
    return { line, column };
  }

  private speakerOf(label: string | undefined, path: readonly (string | number)[]): Speaker {
    if (label === undefined) return "agent";
    const speaker = Object.hasOwn(this.speakers, label) ? this.speakers[label] : SPEAKERS[label];
    if (speaker !== undefined) return speaker;
    const node = this.yaml.document.getIn([...path, "speaker"], true) as Scalar;
    const known = Object.keys(this.speakers).filter((name) => !/^\d+$/.test(name));
    return inputError(
      this.options,
      this.position(node.range![0]),
      `${describePath([...path, "speaker"])}: 未知的说话人 “${label}”,可用: ${known.join("、")}`,
    );
  }

  /**
   * The turn of the text at `path`, at the column its text starts (inside quotes). Each line of
   * a block scalar (`|`, `>`) is a turn of its own, as written at its own line.
   */
  private add(speaker: Speaker, path: readonly (string | number)[]): void {
    const node = this.yaml.document.getIn(path, true) as Scalar;
    const [start, end] = node.range!;
    if (node.type !== "BLOCK_LITERAL" && node.type !== "BLOCK_FOLDED") {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      pushTurn(
        this.turns,
        { speaker, text: String(node.value), source: this.position(quoted ? start + 1 : start) },
        this.options,
      );
      return;
    }
    const body = /\r\n|\n|\r/g;
    body.lastIndex = start;
    // The first line holds the block's header (`|`, `>-`…); the text is on the lines after it.
    for (let from = body.exec(this.source) ? body.lastIndex : end; from < end;) {
      const next = body.exec(this.source);
      const to = next && next.index < end ? next.index : end;
      const line = this.source.slice(from, to);
      const indent = line.length - line.trimStart().length;
      pushTurn(this.turns, { speaker, text: line.trim(), source: this.position(from + indent) }, this.options);
      from = next ? body.lastIndex : end;
    }
  }

  steps(steps: readonly Step[] | undefined, path: readonly (string | number)[]): void {
    steps?.forEach((step, index) => {
      const at = [...path, index];
      this.add(this.speakerOf(step.speaker, at), [...at, "text"]);
      this.branches(step.branches, [...at, "branches"]);
    });
  }

  private branches(branches: readonly Branch[] | undefined, path: readonly (string | number)[]): void {
    branches?.forEach((branch, index) => {
      const at = [...path, index];
      if (branch.customer !== undefined) this.add("customer", [...at, "customer"]);
      this.steps(branch.steps, [...at, "steps"]);
    });
  }
}

/** Keys of a rule file or a config, which a script never has. */
const RULE_OR_CONFIG_KEYS = ["rules", "severity", "include", "exclude", "calls", "failLevel"];

/**
 * YAML scripts (`.yaml`, `.yml`): a structured script — `scenario`, `steps` each with
 * `speaker` and `text`, `branches` for the customer's replies (`customer` and the `steps` that
 * follow), optional `note`s that are never checked, and `call: whole` for a whole call (a
 * fragment otherwise). Steps are read depth first. Every problem is reported at its line and
 * column; a YAML file of another shape (a rule file or config among them) is refused with a
 * message saying so. A file of plain lines with no YAML structure is read as a plain script.
 */
export const yamlScript: InputAdapter = (text, options) => {
  const parsed = parseYaml(text, options.file ?? "");
  const { value, document } = parsed;
  const unlessFile = (location: FileLocation): Omit<FileLocation, "file"> & { file?: string } =>
    options.file === undefined ? { line: location.line, column: location.column } : location;
  // Lines of text and comments only: a plain script that happens to be named .yaml.
  if (typeof value === "string" || value === null) return [parseScript(text, undefined, options)];
  const start = unlessFile(parsed.at(document.contents?.range?.[0] ?? 0));
  const refuse = (message: string) => {
    throw new HuashuError([{ ...start, message }]);
  };
  if (typeof value !== "object" || Array.isArray(value)) {
    refuse("不是话术脚本: YAML 话术须是含 scenario 和 steps 的映射(格式见 README “YAML scripts”)");
  }
  const keys = Object.keys(value as object);
  if (!keys.includes("scenario") && !keys.includes("steps")) {
    refuse(
      keys.some((key) => RULE_OR_CONFIG_KEYS.includes(key))
        ? "这是规则文件或配置文件,不是话术脚本: 规则文件用 --rules 指定,配置文件用 -c 指定"
        : "不是话术脚本: YAML 话术须有 scenario 和 steps(格式见 README “YAML scripts”)",
    );
  }
  let script: z.infer<typeof yamlScriptSchema>;
  try {
    script = validateYaml(parsed, yamlScriptSchema).data;
  } catch (error) {
    if (!(error instanceof HuashuError)) throw error;
    throw new HuashuError(
      error.diagnostics.map((diagnostic) => ({ ...diagnostic, ...unlessFile(diagnostic as FileLocation) })),
    );
  }
  const collector = new TurnCollector(parsed, text, options.speakers ?? DEFAULT_SPEAKER_MAP, options);
  collector.steps(script.steps, ["steps"]);
  const transcript: Transcript = { kind: "script", turns: collector.turns };
  if (script.call === "whole") transcript.wholeCall = true;
  return [transcript];
};
