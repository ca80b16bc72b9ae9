import type { Turn } from "../model.js";
import { pushTurn, splitLines, type InputAdapter } from "./adapter.js";
import { hasRolePrefix, scriptLineTurn } from "./script.js";
import { DEFAULT_SPEAKER_MAP } from "./speakers.js";

const FRONT_MATTER = /^(---|\+\+\+)\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}(\s|$)/;
/** Thematic breaks, table delimiter rows, setext underlines: markup, no words. */
const RULE_LINE = /^[\s|:\-*_=+]*$/;
/** Block quote, list item and task-box markers before the text, any number of them. */
const BLOCK_MARKERS = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|\[[ xX]\](?=[ \t])))*[ \t]*/;
/** A list item's marker. */
const LIST_ITEM = /^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])[ \t]/;
/** A table row: metadata or a layout, never a line to be said. */
const TABLE_ROW = /^[ \t]*\|/;
/** `call: whole` (YAML) or `call = "whole"` (TOML) in the front matter: the script is a whole call. */
const WHOLE_CALL = /^call[ \t]*[:=][ \t]*["']?whole["']?[ \t]*$/;

/** Whether `line` closes a fence opened with `fence` (same character, at least as long). */
function closesFence(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return match !== null && match[1]![0] === fence[0] && match[1]!.length >= fence.length;
}

/**
 * Markdown scripts (`.md`): headings name scenarios and steps; the speech is every line with
 * a role prefix (`客服:`, bold ones too: `**客服**:`, in a paragraph, list item or block quote)
 * and every list item, read like a plain-script line. Everything else is for the script's
 * readers, not said: prose and block quotes without a role prefix (`> 适用: 外呼营销`), front
 * matter (`---`/`+++` at the top), tables, fenced code blocks, HTML comments, headings and rule
 * lines. Turns keep their original line and column. The script is a fragment unless its front
 * matter says `call: whole`.
 */
export const markdown: InputAdapter = (text, options) => {
  const speakers = options.speakers ?? DEFAULT_SPEAKER_MAP;
  const lines = splitLines(text);
  const turns: Turn[] = [];
  let index = 0;
  let wholeCall = false;
  const frontMatter = FRONT_MATTER.exec(lines[0] ?? "");
  if (frontMatter) {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === frontMatter[1]);
    if (end > 0) {
      wholeCall = lines.slice(1, end).some((line) => WHOLE_CALL.test(line.trim()));
      index = end + 1;
    }
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
    if (HEADING.test(line) || RULE_LINE.test(line) || TABLE_ROW.test(line)) continue;
    const markers = BLOCK_MARKERS.exec(line)![0].length;
    const speech = line.slice(markers);
    if (!LIST_ITEM.test(line) && !hasRolePrefix(speech, speakers)) continue;
    pushTurn(turns, scriptLineTurn(speech, { line: index + 1, column: markers }, speakers), options);
  }
  return [{ kind: "script", ...(wholeCall && { wholeCall }), turns }];
};
