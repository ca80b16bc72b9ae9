import { createHash } from "node:crypto";
import type { Violation } from "../engine/violation.js";
import { describeViolation } from "./text.js";
import type { Reporter } from "./types.js";

const LEVEL: Record<Violation["severity"], "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  info: "note",
};

/** A relative path as a URI reference (segments percent-encoded); an absolute one as a file URI. */
function artifactUri(file: string): { uri: string; uriBaseId?: string } {
  const segments = file.split(/[\\/]/).map(encodeURIComponent);
  if (file.startsWith("/")) return { uri: `file://${segments.join("/")}` };
  return { uri: segments.join("/"), uriBaseId: "%SRCROOT%" };
}

interface RuleDescriptor {
  id: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties?: { tags: string[] };
}

/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Rules carry their message
 * and the standard wording as help; each result has a relative artifact URI, a region in
 * UTF-16 columns, and a fingerprint built from rule id, file, matched text and the how-manyth
 * such match it is, never the line, so a result keeps its identity when lines move.
 */
export const sarif: Reporter = (results, options = {}) => {
  const descriptors = new Map<string, RuleDescriptor>();
  for (const rule of options.rules ?? []) {
    descriptors.set(rule.id, {
      id: rule.id,
      shortDescription: { text: rule.message },
      ...(rule.source !== undefined && { fullDescription: { text: rule.source } }),
      help: { text: rule.suggestion !== undefined ? `规范用语: ${rule.suggestion}` : rule.message },
      ...(rule.link !== undefined && { helpUri: rule.link }),
      defaultConfiguration: { level: LEVEL[rule.severity] },
      ...(rule.tags !== undefined && { properties: { tags: rule.tags } }),
    });
  }
  for (const v of results.flatMap((result) => result.violations)) {
    if (!descriptors.has(v.ruleId)) {
      descriptors.set(v.ruleId, {
        id: v.ruleId,
        shortDescription: { text: v.message },
        help: { text: v.suggestion !== undefined ? `规范用语: ${v.suggestion}` : v.message },
        defaultConfiguration: { level: LEVEL[v.severity] },
      });
    }
  }
  const ruleIndex = new Map([...descriptors.keys()].map((id, index) => [id, index]));
  const occurrences = new Map<string, number>();
  const sarifResults = results.flatMap((result) =>
    result.violations.map((v) => {
      const identity = JSON.stringify([v.ruleId, result.file, result.id ?? null, v.text]);
      const occurrence = occurrences.get(identity) ?? 0;
      occurrences.set(identity, occurrence + 1);
      return {
        ruleId: v.ruleId,
        ruleIndex: ruleIndex.get(v.ruleId)!,
        level: LEVEL[v.severity],
        message: { text: describeViolation(v) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactUri(result.file),
              region: {
                startLine: v.line,
                startColumn: v.column,
                endLine: v.endLine,
                endColumn: v.endColumn,
                snippet: { text: v.text },
              },
            },
          },
        ],
        partialFingerprints: {
          "huashuMatch/v1": createHash("sha256").update(`${identity}\u0000${occurrence}`).digest("hex").slice(0, 32),
        },
      };
    }),
  );
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "huashu", rules: [...descriptors.values()] } },
        columnKind: "utf16CodeUnits",
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
