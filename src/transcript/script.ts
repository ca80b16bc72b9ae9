import type { Speaker, Transcript, Turn } from "./model.js";

/** Role prefixes of plain scripts; ASCII or full-width colon follows. */
const ROLE_PREFIXES: ReadonlyArray<readonly [string, Speaker]> = [
  ["坐席", "agent"],
  ["客服", "agent"],
  ["客户", "customer"],
  ["用户", "customer"],
];

const PREFIX_PATTERN = new RegExp(
  `^([ \\t\\u3000]*)(${ROLE_PREFIXES.map(([name]) => name).join("|")})[ \\t\\u3000]*[:：][ \\t\\u3000]*`,
);

const SPEAKER_BY_PREFIX = new Map<string, Speaker>(ROLE_PREFIXES);

/**
 * Parses a plain script: one utterance per line. A role prefix (`坐席:`, `客服:` → agent;
 * `客户:`, `用户:` → customer; ASCII or full-width colon) sets the speaker; lines without one
 * are the agent's, since a script is what agents say. Blank lines are skipped. Each turn
 * keeps the line and column where its text starts.
 */
export function parseScript(text: string, id?: string): Transcript {
  const turns: Turn[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    const prefix = PREFIX_PATTERN.exec(line);
    const body = prefix ? line.slice(prefix[0].length) : line;
    if (body.trim() === "") return;
    turns.push({
      speaker: prefix ? (SPEAKER_BY_PREFIX.get(prefix[2]!) ?? "agent") : "agent",
      text: body,
      source: { line: index + 1, column: (prefix ? prefix[0].length : 0) + 1 },
    });
  });
  return id === undefined ? { turns } : { id, turns };
}
