/**
 * Quoted and reported speech in a turn: 您刚才说“我不知道密码”, 同事对您说了「不归我管」. What an
 * agent quotes is not what the agent says, so forbidden phrases there do not count by default.
 */

const CLOSING: Readonly<Record<string, string>> = { "“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "＂": "＂" };
const OPENING = new RegExp(`[${Object.keys(CLOSING).join("")}]`, "g");

/** Reporting verbs after which an unclosed quote still quotes, to the end of the turn. */
const REPORTING = /(?:说|讲|问|道|称|表示|回复|写)(?:了|过|的是|着)?[:：]?\s*$/;

/**
 * Someone else's words reported without quotation marks: 客户说打错了, 对方表示不清楚. Not after
 * 跟, 给, 对… (我跟您说, 我和他讲过了): there the one named is spoken to, and what follows is the
 * agent's own words; nor when what was said is named as a thing or judged (您说的这个, 客户说的情况,
 * 您说完了没, 您说得对), which the agent's own words follow — 说的是 still reports.
 */
const REPORTED =
  /(?<![跟和给对向同与])(?:客户|用户|顾客|对方|他们|她们|他|她|同事|工作人员|师傅|快递员|有人|别人|您)(?:刚才|之前|也|都|一直)?(?:说|讲|称|表示|反映|反馈)(?!的(?!是)|得|完)(?:了|过|的是)?[\s_]*/g;
/** Where a clause ends: punctuation, and in speech a pause (a space, ASR's `_`). */
const CLAUSE_END = /[,，。.!！?？;；\s_]/g;

/**
 * Offsets `[from, to)` of the original text inside quotation marks (the marks excluded), or
 * reported after 客户说, 对方表示 … to the end of the clause (in no particular order). A quote that is never closed
 * counts only after a reporting verb (说“…, 问「…).
 */
export function quotedRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const report of text.matchAll(REPORTED)) {
    const from = report.index + report[0].length;
    CLAUSE_END.lastIndex = from;
    const end = CLAUSE_END.exec(text);
    ranges.push([from, end ? end.index : text.length]);
  }
  // The regular expression finds each opening mark: a loop reading every character took longer.
  OPENING.lastIndex = 0;
  for (let open = OPENING.exec(text); open; open = OPENING.exec(text)) {
    const at = open.index;
    const end = text.indexOf(CLOSING[open[0]]!, at + 1);
    if (end >= 0) {
      ranges.push([at + 1, end]);
      OPENING.lastIndex = end + 1;
    } else if (REPORTING.test(text.slice(Math.max(0, at - 6), at))) {
      ranges.push([at + 1, text.length]);
      break;
    }
  }
  return ranges;
}
