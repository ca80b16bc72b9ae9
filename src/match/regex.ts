import type { RE2JS } from "re2js";
import type { Span } from "./phrase-match.js";

/**
 * A rule's regular expression, compiled for RE2 (re2js): matching takes time linear in the
 * text whatever the pattern, so no rule file can make a lint, a stream or a worker hang.
 */
export type RuleRegex = RE2JS;

/** Non-empty matches of a rule regex in a text, in order, as UTF-16 offsets (as `String` indices are). */
export function regexSpans(pattern: RuleRegex, text: string): Span[] {
  const spans: Span[] = [];
  const matcher = pattern.matcher(text);
  while (matcher.find()) {
    if (matcher.end() > matcher.start()) spans.push({ start: matcher.start(), end: matcher.end() });
  }
  return spans;
}
