import { describe, expect, it } from "vitest";
import { quotedRanges } from "../src/match/quotes.js";

/** The quoted stretches of a text, as text. */
const quoted = (text: string) =>
  quotedRanges(text)
    .sort((a, b) => a[0] - b[0])
    .map(([from, to]) => text.slice(from, to));

describe("quotedRanges", () => {
  it("takes what quotation marks of every kind enclose, the marks left out", () => {
    expect(quoted("刚才那句“我不知道密码”,对吗")).toEqual(["我不知道密码"]);
    expect(quoted("同事对您说了「不归我管」和『找别人』")).toEqual(["不归我管", "找别人"]);
    expect(quoted('他写的是"不行"然后‘算了’')).toEqual(["不行", "算了"]);
  });

  it("pairs a mark that opens and closes alike with the next one", () => {
    expect(quoted('"a"b"c"')).toEqual(["a", "c"]);
    expect(quoted("＂喂＂您好＂")).toEqual(["喂"]);
  });

  it("runs an unclosed quote to the end only after a reporting verb", () => {
    expect(quoted("客服问「您是不是不知道")).toEqual(["您是不是不知道"]);
    expect(quoted("“我不知道")).toEqual([]);
  });

  it("takes reported speech to the end of its clause, but not what is said to someone", () => {
    expect(quoted("客户说打错了,我再查")).toEqual(["打错了"]);
    expect(quoted("我跟您说过了,不行")).toEqual([]);
    // In speech a clause ends at a pause too (a space, ASR's _): what follows it is the agent's own words.
    expect(quoted("那个 您刚才说不要了 我不知道 反正您等着吧")).toEqual(["不要了"]);
    expect(quoted("对方表示不清楚_我帮您问问")).toEqual(["不清楚"]);
    expect(quoted("客户说 打错了 我再查")).toEqual(["打错了"]);
  });

  it("does not take what someone said, named as a thing, for a report of it", () => {
    // 您说的这个 (what you said), 您说完了没, 您说得对: the agent's own words follow
    expect(quoted("您说的这个 我不知道 我也不清楚")).toEqual([]);
    expect(quoted("嗯 您说完了没 说完我就挂了")).toEqual([]);
    expect(quoted("您说得对,这个不行")).toEqual([]);
    expect(quoted("客户说的情况我不清楚")).toEqual([]);
    expect(quoted("客户说的是他不知道密码")).toEqual(["他不知道密码"]);
  });
});
