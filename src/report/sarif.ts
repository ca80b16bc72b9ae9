import { createHash } from "node:crypto";
import type { Violation } from "../engine/violation.js";
import { describeViolation } from "./text.js";
import { batchReporter, jsonArrayItems, type StreamingReporter } from "./stream.js";

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

/** A descriptor for a rule known only from one of its violations (e.g. a suppression comment's problem). */
function descriptorOf(v: Violation): RuleDescriptor {
  return {
    id: v.ruleId,
    shortDescription: { text: v.message },
    help: { text: v.suggestion !== undefined ? `规范用语: ${v.suggestion}` : v.message },
    defaultConfiguration: { level: LEVEL[v.severity] },
  };
}

/** Where the results array is in the log as `JSON.stringify(log, null, 2)` prints it. */
const RESULTS_KEY = '"results": [';

/** The log's text before its results (up to the array's `[`) and after them (from its `]`, without the final newline). */
function logAround(rules: RuleDescriptor[]): [string, string] {
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "huashu", rules } }, columnKind: "utf16CodeUnits", results: [] }],
  };
  const text = JSON.stringify(log, null, 2);
  const at = text.lastIndexOf(RESULTS_KEY) + RESULTS_KEY.length;
  return [text.slice(0, at), text.slice(at + 1)];
}

/**
 * {@link sarif}, streamed: the results as they come. The log's header lists rules seen only in
 * results too, so its `start()` comes after the results.
 */
export const sarifStream: StreamingReporter = (options = {}) => {
  const descriptors = new Map<string, { index: number; descriptor: RuleDescriptor }>();
  const describe = (descriptor: RuleDescriptor) => {
    if (!descriptors.has(descriptor.id)) descriptors.set(descriptor.id, { index: descriptors.size, descriptor });
  };
  for (const rule of options.rules ?? []) {
    describe({
      id: rule.id,
      shortDescription: { text: rule.message },
      ...(rule.source !== undefined && { fullDescription: { text: rule.source } }),
      help: { text: rule.suggestion !== undefined ? `规范用语: ${rule.suggestion}` : rule.message },
      ...(rule.link !== undefined && { helpUri: rule.link }),
      defaultConfiguration: { level: LEVEL[rule.severity] },
      ...(rule.tags !== undefined && { properties: { tags: rule.tags } }),
    });
  }
  const items = jsonArrayItems(3);
  // The how-manyth match of an identity. An identity names its file and transcript, and one result
  // is one transcript's, so counts are kept for one result only: kept for a whole file of
  // transcripts, they grew with the file and a batch's memory with it. A transcript id said again in
  // the file counts on from the matches of the results with that id before (`before`: by id, for
  // the current file only, since a file's results come together), so its fingerprints stay distinct.
  let before = new Map<string | undefined, number>();
  let currentFile: string | undefined;
  return {
    startNeedsResults: true,
    start: () => logAround([...descriptors.values()].map(({ descriptor }) => descriptor))[0],
    result: (result) => {
      if (result.file !== currentFile) {
        currentFile = result.file;
        before = new Map();
      }
      const counted = before.get(result.id) ?? 0;
      before.set(result.id, counted + result.violations.length);
      const occurrences = new Map<string, number>();
      let text = "";
      for (const v of result.violations) {
        describe(descriptorOf(v));
        const identity = JSON.stringify([v.ruleId, result.file, result.id ?? null, v.text]);
        const occurrence = occurrences.get(identity) ?? counted;
        occurrences.set(identity, occurrence + 1);
        text += items.item({
          ruleId: v.ruleId,
          ruleIndex: descriptors.get(v.ruleId)!.index,
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
        });
      }
      return text;
    },
    end: () => `${items.close()}${logAround([])[1]}\n`,
  };
};

/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Rules carry their message
 * and the standard wording as help; each result has a relative artifact URI, a region in
 * UTF-16 columns, and a fingerprint built from rule id, file, matched text and the how-manyth
 * such match it is, never the line, so a result keeps its identity when lines move.
 */
export const sarif = batchReporter(sarifStream);
