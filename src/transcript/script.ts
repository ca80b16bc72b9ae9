import type { Speaker, Transcript, Turn } from "./model.js";

/** Role prefixes of plain scripts; ASCII or full-width colon follows. */
const ROLE_PREFIXES: ReadonlyArray<readonly [string, Speaker]> = [
  ["坐席", "agent"],
  ["客服", "agent"],
  ["客户", "customer"],
  ["用户", "customer"],
];

/** Matches a role prefix at the start of a line; group 2 is the role. Longer roles win. */
function prefixPattern(roles: readonly string[]): RegExp {
  const alternatives = [...roles].sort((a, b) => b.length - a.length).map((role) => role.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^([ \\t\\u3000]*)(${alternatives.join("|")})[ \\t\\u3000]*[:：][ \\t\\u3000]*`);
}

const DEFAULT_SPEAKERS = new Map<string, Speaker>(ROLE_PREFIXES);
const DEFAULT_PATTERN = prefixPattern([...DEFAULT_SPEAKERS.keys()]);

/**
 * Parses a plain script: one utterance per line. A role prefix (`坐席:`, `客服:` → agent;
 * `客户:`, `用户:` → customer; ASCII or full-width colon) sets the speaker; lines without one
 * are the agent's, since a script is what agents say. Blank lines are skipped. Each turn
 * keeps the line and column where its text starts. `roles` adds role prefixes (e.g.
 * `{ A: "agent", B: "customer" }`) or reassigns the built-in ones.
 */
export function parseScript(text: string, id?: string, roles?: Readonly<Record<string, Speaker>>): Transcript {
  const speakers = roles ? new Map([...DEFAULT_SPEAKERS, ...Object.entries(roles)]) : DEFAULT_SPEAKERS;
  const pattern = roles ? prefixPattern([...speakers.keys()]) : DEFAULT_PATTERN;
  const turns: Turn[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    const prefix = pattern.exec(line);
    const body = prefix ? line.slice(prefix[0].length) : line;
    if (body.trim() === "") return;
    turns.push({
      speaker: prefix ? (speakers.get(prefix[2]!) ?? "agent") : "agent",
      text: body,
      source: { line: index + 1, column: (prefix ? prefix[0].length : 0) + 1 },
    });
  });
  return id === undefined ? { turns } : { id, turns };
}
