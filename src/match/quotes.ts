/**
 * Quoted and reported speech in a turn: 您刚才说“我不知道密码”, 同事对您说了「不归我管」. What an
 * agent quotes is not what the agent says, so forbidden phrases there do not count by default.
 */

const CLOSING: Readonly<Record<string, string>> = { "“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "＂": "＂" };

/** Reporting verbs after which an unclosed quote still quotes, to the end of the turn. */
const REPORTING = /(?:说|讲|问|道|称|表示|回复|写)(?:了|过|的是|着)?[:：]?\s*$/;

/**
 * Offsets `[from, to)` of the original text inside quotation marks (the marks excluded), in
 * order. A quote that is never closed counts only after a reporting verb (说“…, 问「…).
 */
export function quotedRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let at = 0; at < text.length; at++) {
    const closing = CLOSING[text[at]!];
    if (closing === undefined) continue;
    const end = text.indexOf(closing, at + 1);
    if (end >= 0) {
      ranges.push([at + 1, end]);
      at = end;
    } else if (REPORTING.test(text.slice(Math.max(0, at - 6), at))) {
      ranges.push([at + 1, text.length]);
      break;
    }
  }
  return ranges;
}
