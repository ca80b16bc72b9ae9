/** Human path of a node in a parsed document, e.g. `rules[2].phrases[0]`, for messages. */
export function describePath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("");
}
