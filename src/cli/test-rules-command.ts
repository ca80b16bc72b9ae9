import { parseArgs } from "node:util";
import { formatDiagnostic } from "../errors.js";
import { builtinPackNames, builtinPackPath } from "../rules/builtin.js";
import { describeFailedExample, runExamples } from "../rules/examples.js";
import { readRuleFiles } from "../rules/load.js";
import { EXIT, type CliIO } from "./io.js";

export const TEST_RULES_HELP = `用法: huashu test-rules [规则文件…]

运行规则文件中每条规则的示例(examples.bad 须被检出,examples.good 不得被检出;
带断言的违规示例还须检出所写的 text、count 及修复结果 output),
像测试框架一样报告结果。不指定文件时检查全部内置规则包。

退出码: 0 全部通过; 1 有示例未通过; 2 规则文件无效或无法读取。
`;

/** `huashu test-rules`: runs the examples of rule files, or of the built-in packs. */
export async function testRulesCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    io.stdout(TEST_RULES_HELP);
    return EXIT.clean;
  }
  const paths = positionals.length > 0 ? positionals : builtinPackNames().map(builtinPackPath);
  const outcomes = runExamples(await readRuleFiles(paths));
  const lines: string[] = [];
  let lastRule: string | undefined;
  for (const outcome of outcomes) {
    if (outcome.ruleId !== lastRule) {
      const ofRule = outcomes.filter((o) => o.ruleId === outcome.ruleId);
      const failed = ofRule.filter((o) => !o.passed).length;
      lines.push(
        `${failed === 0 ? "✓" : "✗"} ${outcome.ruleId}  (${ofRule.length} 个示例${failed ? `,${failed} 个未通过` : ""})`,
      );
      lastRule = outcome.ruleId;
    }
    if (!outcome.passed)
      lines.push(`    ${formatDiagnostic({ ...outcome.location, message: describeFailedExample(outcome) })}`);
  }
  const failed = outcomes.filter((o) => !o.passed).length;
  lines.push("", `${outcomes.length - failed} passed, ${failed} failed`);
  io.stdout(`${lines.join("\n")}\n`);
  return failed > 0 ? EXIT.violations : EXIT.clean;
}
