import type { Turn } from "../model.js";
import { pushTurn, splitLines, type InputAdapter } from "./adapter.js";
import { scriptLineTurn } from "./script.js";
import { DEFAULT_SPEAKER_MAP } from "./speakers.js";

const FRONT_MATTER = /^(---|\+\+\+)\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}(\s|$)/;
/** Thematic breaks, table delimiter rows, setext underlines: markup, no words. */
const RULE_LINE = /^[\s|:\-*_=+]*$/;
/** Block quote, list item and task-box markers before the text, any number of them. */
const BLOCK_MARKERS = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|\[[ xX]\](?=[ \t])))*[ \t]*/;

/** Whether `line` closes a fence opened with `fence` (same character, at least as long). */
function closesFence(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return match !== null && match[1]![0] === fence[0] && match[1]!.length >= fence.length;
}

/**
 * Markdown scripts (`.md`): each prose line is a turn, read like a plain-script line (role
 * prefixes, bold ones too: `**客服**:`). Front matter (`---`/`+++` at the top), fenced code
 * blocks, HTML comments, headings (titles, not speech) and rule lines are skipped; block
 * quote and list markers are stripped. Turns keep their original line and column.
 */
export const markdown: InputAdapter = (text, options) => {
  const speakers = options.speakers ?? DEFAULT_SPEAKER_MAP;
  const lines = splitLines(text);
  const turns: Turn[] = [];
  let index = 0;
  const frontMatter = FRONT_MATTER.exec(lines[0] ?? "");
  if (frontMatter) {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === frontMatter[1]);
    if (end > 0) index = end + 1;
  }
  let fence: string | undefined;
  let inComment = false;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    if (inComment) {
      inComment = !line.includes("-->");
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = opening[1];
      continue;
    }
    if (/^ {0,3}<!--/.test(line)) {
      inComment = !line.includes("-->");
      continue;
    }
    if (HEADING.test(line) || RULE_LINE.test(line)) continue;
    const markers = BLOCK_MARKERS.exec(line)![0].length;
    pushTurn(turns, scriptLineTurn(line.slice(markers), { line: index + 1, column: markers }, speakers), options);
  }
  return [{ kind: "script", turns }];
};
