import { describe, expect, it } from "vitest";
import { configSchema } from "../src/project/config.js";
import { lintSync, parseRules, type RuleSet, type Transcript } from "../src/index.js";
import { FillerMatcher, DEFAULT_FILLERS } from "../src/normalise/fillers.js";
import { mayHoldWordFold, WORD_FOLDS } from "../src/normalise/fold-chinese.js";
import { normalise, normalisePhrase, spokenLength } from "../src/normalise/normalise.js";
import { matchingFrom } from "../src/rules/matching.js";

const rules = parseRules(`
rules:
  - { id: shirk, type: forbidden, phrases: [这事不归我管, 有本事就投诉我, 别啰嗦, 什么事], message: 推诿 }
  - { id: dont-know, type: forbidden, phrases: [不知道], message: 不知道 }
`);

/** An agent's transcript of the given turns (what speech-to-text or a chat export gives). */
function said(...texts: string[]): Transcript {
  return { turns: texts.map((text) => ({ speaker: "agent", text })) };
}

/** What the rules report: rule, original text, line:column–endColumn. */
function found(input: string | Transcript, ruleSet: RuleSet = rules): string[] {
  return lintSync(input, { rules: ruleSet }).violations.map(
    (v) => `${v.ruleId} ${v.text} ${v.line}:${v.column}-${v.endColumn}`,
  );
}

describe("traditional and variant characters", () => {
  it("match simplified phrases and report the traditional text at its exact column", () => {
    expect(found(said("您好,這事不歸我管"))).toEqual(["shirk 這事不歸我管 1:4-10"]);
    expect(found(said("有本事就投訴我！"))).toEqual(["shirk 有本事就投訴我 1:1-8"]);
  });

  it("fold phrases written in traditional characters the same way", () => {
    const traditional = parseRules("rules:\n  - { id: t, type: forbidden, phrases: [這事不歸我管], message: m }");
    expect(found(said("这事不归我管"), traditional)).toEqual(["t 这事不归我管 1:1-7"]);
    expect(normalisePhrase("這事不歸我管")).toBe("这事不归我管");
  });

  it("fold 囉 and 啰 to 罗, 甚么 to 什么, keeping one original character per folded one", () => {
    expect(normalise("囉嗦 啰嗦").text).toBe("罗嗦罗嗦");
    expect(found(said("别囉嗦了"))).toEqual(["shirk 别囉嗦 1:1-4"]);
    expect(found(said("有甚麼事嗎"))).toEqual(["shirk 甚麼事 1:2-5"]);
  });
});

describe("erhua", () => {
  it("drops the erhua 儿 after the listed words; a match reports it with its word", () => {
    expect(normalise("有本事儿就投诉我").text).toBe("有本事就投诉我");
    expect(found(said("有本事儿就投诉我"))).toEqual(["shirk 有本事儿就投诉我 1:1-9"]);
    expect(found(said("有本事兒就投訴我"))).toEqual(["shirk 有本事兒就投訴我 1:1-9"]);
    expect(normalise("一点儿,哪儿,这儿,那儿").text).toBe("一点哪这那");
  });

  it("keeps 儿 where it is a word of its own or starts one", () => {
    for (const text of ["儿子", "女儿", "儿童", "我女儿的事", "这儿子", "那儿童乐园"])
      expect(normalise(text).text).toBe(text);
  });

  it("keeps the offsets of the rest of the text and its clauses", () => {
    const folded = normalise("事儿,不知道");
    expect(folded.text).toBe("事不知道");
    expect(folded.clauseStarts).toEqual([0, 1]);
    expect([...folded.originalStart]).toEqual([0, 3, 4, 5]);
    expect([...folded.originalEnd]).toEqual([2, 4, 5, 6]);
    expect(found(said("事儿,不知道"))).toEqual(["dont-know 不知道 1:4-7"]);
  });
});

describe("how an agent names itself, and stumbles", () => {
  const agent = parseRules(`
rules:
  - id: cannot
    type: forbidden
    phrases: ["^ [我] [不] [知道]", "[我们] [不办]", 这事不归我管]
    message: m
`);

  it("reads 我这边 as 我 and 咱们 (这边) as 我们, reporting what was said", () => {
    expect(normalise("我这边不知道").text).toBe("我不知道");
    expect(found(said("我这边不知道"), agent)).toEqual(["cannot 我这边不知道 1:1-7"]);
    expect(found(said("这个业务咱们不办"), agent)).toEqual(["cannot 咱们不办 1:5-9"]);
    expect(found(said("咱们这边不办"), agent)).toEqual(["cannot 咱们这边不办 1:1-7"]);
    expect(found(said("我们这边不办"), agent)).toEqual(["cannot 我们这边不办 1:1-7"]);
  });

  it("reads the names shop and hotline agents give themselves as 我 and 我们", () => {
    expect(found(said("小二这边不知道"), agent)).toEqual(["cannot 小二这边不知道 1:1-8"]);
    expect(found(said("小妹不知道呢"), agent)).toEqual(["cannot 小妹不知道 1:1-6"]);
    expect(found(said("我这里不知道"), agent)).toEqual(["cannot 我这里不知道 1:1-7"]);
    expect(found(said("这个本店不办"), agent)).toEqual(["cannot 本店不办 1:3-7"]);
    expect(found(said("这个咱这不办"), agent)).toEqual(["cannot 咱这不办 1:3-7"]);
    expect(found(said("这个咱家不办"), agent)).toEqual(["cannot 咱家不办 1:3-7"]);
  });

  it("leaves words that only hold a self-name's characters alone", () => {
    for (const text of ["小妹妹你好", "我这里面有", "我这个人", "我这就去", "本店铺"])
      expect(normalise(text).text).toBe(text);
    expect(normalise("我这里,面").text).toBe("我面");
  });

  it("folds a word stumbled over at the start of a clause to the word once", () => {
    expect(normalise("我我我不知道").text).toBe("我不知道");
    expect(found(said("嗯,我我我不知道"), agent)).toEqual(["cannot 我我我不知道 1:3-9"]);
    expect(found(said("我我这边不知道"), agent)).toEqual(["cannot 我我这边不知道 1:1-8"]);
    expect(normalise("这个这个,就是就是").text).toBe("这个就是");
    expect(normalise("不不知道,没没办法,那那个").text).toBe("不知道没办法那个");
    expect(found(said("嗯,不不知道"))).toEqual(["dont-know 不不知道 1:3-7"]);
  });

  it("still counts a stumble's characters as said, for the speech rate", () => {
    expect(spokenLength("我我我不知道。")).toBe(6);
    expect(spokenLength("这儿, 咱们")).toBe(4);
  });

  it("finds every fold's text by the hint character it looks for first", () => {
    for (const fold of WORD_FOLDS) expect(mayHoldWordFold(fold.from)).toBe(true);
  });

  it("reads regional words as the Mandarin ones the rules are written in", () => {
    expect(normalise("侬好,有啥事体伐").text).toBe("您好有啥事情吗");
    expect(normalise("还有别的事体伐?阿拉马上帮侬查").text).toBe("还有别的事情吗我们马上帮您查");
    expect(normalise("仲有咩需要,你哋有乜嘢问题").text).toBe("还有啥需要你们有什么问题");
    expect(normalise("对勿起,让侬等了一歇").text).toBe("对不起让您等了一下");
    expect(normalise("俺不知道,俺们这不办").text).toBe("我不知道我们这不办");
  });

  it("folds 伐 only where it asks, said last, and 咩 only before what is asked about", () => {
    for (const text of ["加快步伐", "伐木", "采伐", "咩咩叫", "阿拉伯", "阿拉斯加"])
      expect(normalise(text).text).toBe(text);
    expect(normalise("好伐").text).toBe("好吗");
    expect(normalise("有咩事").text).toBe("有啥事");
  });

  it("leaves 这边 without 我, a repeat inside a clause, and repeats across clauses alone", () => {
    for (const text of ["这边请", "放这边", "你问我我问谁", "谢谢", "看看"]) expect(normalise(text).text).toBe(text);
    const folded = normalise("我,我我");
    expect(folded.text).toBe("我我");
    expect(folded.clauseStarts).toEqual([0, 1]);
    expect(found(said("这事不归我我管"), agent)).toEqual([]);
  });
});

describe("fillers", () => {
  it("do not break a phrase in a transcript; the match spans them", () => {
    expect(found(said("我不…那个…知道"))).toEqual(["dont-know 不…那个…知道 1:2-9"]);
    expect(found(said("我不嗯知道"))).toEqual(["dont-know 不嗯知道 1:2-6"]);
    expect(found(said("这事 呃 不归我管"))).toEqual(["shirk 这事 呃 不归我管 1:1-10"]);
  });

  it("keep exact matching in scripts unless a rule or the rule set opts in", () => {
    expect(found("我不…那个…知道")).toEqual([]);
    const optedIn = parseRules("rules:\n  - { id: d, type: forbidden, phrases: [不知道], fillers: true, message: m }");
    expect(found("我不…那个…知道", optedIn)).toEqual(["d 不…那个…知道 1:2-9"]);
    expect(found("我不…那个…知道", rules.withMatching({ fillersInScripts: true }))).toEqual([
      "dont-know 不…那个…知道 1:2-9",
    ]);
  });

  it("can be turned off by a rule or emptied by the rule set", () => {
    const optedOut = parseRules(
      "rules:\n  - { id: d, type: forbidden, phrases: [不知道], fillers: false, message: m }",
    );
    expect(found(said("我不嗯知道"), optedOut)).toEqual([]);
    expect(found(said("我不嗯知道"), rules.withMatching({ fillers: { anywhere: [], alone: [] } }))).toEqual([]);
  });

  it("of several characters are only dropped as a clause of their own", () => {
    const fillers = new FillerMatcher(DEFAULT_FILLERS);
    for (const text of ["那个产品", "就是这样", "金额", "好啊", "然后呢"])
      expect(fillers.drop(normalise(text))).toBeUndefined();
    expect(fillers.drop(normalise("我不,那个那个,知道"))!.text).toBe("我不知道");
    expect(fillers.drop(normalise("嗯那个,好的"))!.text).toBe("好的");
    expect(found(said("我不那个知道"))).toEqual([]);
    expect(found(said("那个产品我不知道"))).toEqual(["dont-know 不知道 1:6-9"]);
  });

  it("keep clause starts and original offsets of what is left", () => {
    const without = new FillerMatcher(DEFAULT_FILLERS).drop(normalise("嗯,您好,那个,请问"))!;
    expect(without.text).toBe("您好请问");
    expect(without.clauseStarts).toEqual([0, 2]);
    expect([...without.baseOffset]).toEqual([1, 2, 5, 6]);
    expect([...without.originalStart]).toEqual([2, 3, 8, 9]);
  });

  it("are configurable in huashu.config.yaml", () => {
    const config = configSchema.parse({ matching: { fillers: { anywhere: ["哦"] }, fillersInScripts: true } });
    expect(matchingFrom(config.matching)).toEqual({
      fillers: { anywhere: ["哦"], alone: DEFAULT_FILLERS.alone },
      fillersInScripts: true,
      homophones: false,
    });
    expect(() => configSchema.parse({ matching: { filler: [] } })).toThrow();
  });
});

describe("customer turns", () => {
  it("are untouched by folding and fillers", () => {
    const transcript: Transcript = {
      turns: [
        { speaker: "customer", text: "這事不歸我管,我不嗯知道" },
        { speaker: "agent", text: "您好" },
      ],
    };
    expect(found(transcript)).toEqual([]);
  });
});
