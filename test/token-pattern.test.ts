import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintSync, parseRules } from "../src/index.js";
import { AhoCorasick } from "../src/match/aho-corasick.js";
import { parseRuleFile } from "../src/rules/parse.js";
import { characterTag, taggedTokens } from "../src/match/segmenter.js";
import {
  clauseLattice,
  isTokenPattern,
  matchInClause,
  MAX_PATTERN_ELEMENTS,
  MAX_UNIT_LENGTH,
  mayMatch,
  tokenPattern,
} from "../src/match/token-pattern.js";
import { clauseEnd, normalise } from "../src/normalise/normalise.js";
import { HAS_CORPUS, readCorpus } from "./helpers/corpus.js";
import { problems } from "./helpers/rules.js";

/** The texts a one-rule set of token patterns (and optional rule fields) flags in an agent turn. */
function flagged(patterns: string[], extra = ""): (text: string) => string[] {
  const rules = parseRules(
    `rules:\n  - id: r\n    type: forbidden\n    phrases: ${JSON.stringify(patterns)}\n    message: m\n${extra}`,
  );
  return (text) => lintSync(`坐席:${text}`, { rules }).violations.map((violation) => violation.text);
}

describe("token patterns", () => {
  it("are told from phrases by their first character", () => {
    expect(isTokenPattern("[你] [自己]")).toBe(true);
    expect(isTokenPattern(" ^ [你]")).toBe(true);
    expect(isTokenPattern("{你|您}自己")).toBe(false);
    expect(isTokenPattern("请问有什么可以帮助您?")).toBe(false);
  });

  it("match the same token again with a back-reference (X什么X)", () => {
    const found = flagged(["[] [什么] [$1]"]);
    expect(found("催什么催,马上就好了")).toEqual(["催什么催"]);
    expect(found("吵什么吵")).toEqual(["吵什么吵"]);
    expect(found("看什么看!")).toEqual(["看什么看"]);
    expect(found("您想看什么,我帮您查")).toEqual([]);
    expect(found("什么什么")).toEqual([]);
  });

  it("see through the tokens jieba glues from unknown characters (爱V不V)", () => {
    // jieba cuts 爱买不买 as 爱买(x) / 不 / 买, and 你爱信不信 as 你 / 爱信(x) / 不信.
    const found = flagged(["[爱] [#v] [不] [$2]"]);
    expect(found("爱买不买")).toEqual(["爱买不买"]);
    expect(found("我爱买东西")).toEqual([]);
    expect(flagged(["[爱] [] [不] [$2]"])("你爱信不信")).toEqual(["爱信不信"]);
  });

  it("match parts of speech, optional and repeated elements, and the clause's end", () => {
    const found = flagged(["[不] [#v] [的] [呢|哦|哈|啦|呀|亲]* $"]);
    expect(found("这个不退的哦")).toEqual(["不退的哦"]);
    expect(found("那边不收的亲")).toEqual(["不收的亲"]);
    expect(found("不退的哦,您可以申请换货")).toEqual(["不退的哦"]);
    expect(found("不退的商品请您保管好")).toEqual([]);
  });

  it("see a final particle or 亲 that jieba glued onto the last word of a clause apart from it (不退亲, 不换亲)", () => {
    // jieba cuts 不退亲 as 不 / 退亲 and 不换亲 as 不 / 换亲 (退亲 and 换亲 are words of their own).
    const found = flagged(["^ [不{退|换|送}] [哦|呢|哈|亲]* $"]);
    expect(found("不退亲")).toEqual(["不退亲"]);
    expect(found("不换亲，您可以申请退货")).toEqual(["不换亲"]);
    expect(flagged(["[我们] [不] [#v] [亲]* $"])("这个我们不退亲")).toEqual(["我们不退亲"]);
    // 哈哈 is one token: said last, each 哈 is a particle.
    expect(flagged(["[发票] [开不了] [哈]* $"])("发票开不了哈哈")).toEqual(["发票开不了哈哈"]);
    // Only particles to the clause's end are cut off: 退亲了 stays one word, and `$` takes no particle the pattern does not name.
    expect(found("不退亲了")).toEqual([]);
    expect(flagged(["^ [不退] $"])("不退亲")).toEqual([]);
  });

  it.each([
    ["^ [没办法] [啊]* $", "真的没办法", ["真的没办法"]],
    ["[我|我们] [也]? [没辙]", "我也真的没辙", ["我也真的没辙"]],
    ["[这个] [不行] $", "这个确实不行", ["这个确实不行"]],
    ["[找|问] [我] [没用]", "找我真的没用", ["找我真的没用"]],
    ["^ [没有] [这个] [业务]", "根本没有这个业务", ["根本没有这个业务"]],
    ["[我] [不知道] $", "这个我实在不知道", ["我实在不知道"]],
    // A softener or 还 (not yet) changes what is said; 可不可以 asks.
    ["^ [没办法] [啊]* $", "暂时没办法", []],
    ["[我们] [没] [发货]", "我们还没发货", []],
    ["[您] [不可以] [#v]", "您可不可以等一下", []],
    // Where the negation comes first, the match starts at it.
    ["[不] [#v] [的] $", "真的不退的", ["不退的"]],
    // Before 不 alone when the predicate's word follows, not when it asks or contrasts (去不去).
    ["[我] [不] [修] $", "我真的不修", ["我真的不修"]],
    ["[你] [#v] [不] [$2]", "你去也不去", []],
  ])(
    "take up to two intensifiers before a negation element, not softeners, 还 nor A-not-A: %s in %s → %j",
    (pattern, text, expected) => {
      expect(flagged([pattern])(text)).toEqual(expected);
    },
  );

  it("see 您 or 你 apart from the word jieba glues it to (陪您, 给您), as it cuts 陪 / 你", () => {
    // jieba cuts 没工夫陪您聊 as 没工夫 / 陪您 / 聊, but 没工夫陪你聊 as 没工夫 / 陪 / 你 / 聊.
    const found = flagged(["[没工夫|没空] [陪] [你|您] [聊|耗]"]);
    expect(found("没工夫陪你聊")).toEqual(["没工夫陪你聊"]);
    expect(found("没工夫陪您聊")).toEqual(["没工夫陪您聊"]);
    expect(flagged(["[谢谢] [您|你] [的] [耐心]"])("谢谢您的耐心")).toEqual(["谢谢您的耐心"]);
    // The word itself still matches whole, and 迷你 holds no pronoun.
    expect(flagged(["[陪您] [聊]"])("没工夫陪您聊")).toEqual(["陪您聊"]);
    expect(flagged(["[迷] [你]"])("这款是迷你的")).toEqual([]);
  });

  it("match V不了 inside a token jieba keeps whole", () => {
    const found = flagged(["[#v] [不] [了|到|掉|出] [呢|哦|了|啦]* $"]);
    expect(found("这个改不了呢")).toEqual(["改不了呢"]);
    expect(found("今天寄不出了")).toEqual(["寄不出了"]);
    expect(found("改不了的地方请告诉我")).toEqual([]);
  });

  it("see 别 apart from the verb jieba glues it to (别办, 别挤), not from 别人 or 特别", () => {
    const found = flagged(["[就|那就]? [别] [办|挤|来]"]);
    expect(found("钱不够就别办了")).toEqual(["就别办"]);
    expect(found("别挤在这儿")).toEqual(["别挤"]);
    expect(flagged(["[别] [人]"])("问问别人吧")).toEqual([]);
    expect(flagged(["[别] [#v|a|d]"])("这个特别好用")).toEqual([]);
  });

  it("anchor at the clause's start, and refuse a token with !", () => {
    const found = flagged(["^ [你|您] [自己] [!是|有|的] [#v]?"]);
    expect(found("你自己去查")).toEqual(["你自己去查"]);
    expect(found("您自己看一下订单")).toEqual(["您自己看"]);
    expect(found("好的,您自己是可以修改的")).toEqual([]);
    expect(found("这是您自己的账号")).toEqual([]);
  });

  it("refuse with ! a token jieba keeps whole and patterns also see character by character (不用, 有没有)", () => {
    // 不用 and 有没有 are also seen as 不/用 and 有/没/有: [!不用] must not take their last character
    const found = flagged(["[!不用|不必|有没有] [跟|向] [你|您] [道歉]"]);
    expect(found("我不用跟你道歉")).toEqual([]);
    expect(found("商家有没有跟您道歉呀")).toEqual([]);
    expect(found("我们向您道歉")).toEqual(["我们向您道歉"]);
    // 没关系 is also seen as 没/关/系: [!关系] takes not its 关 either.
    expect(flagged(["[也] [没] [!关系|问题]"])("地址填错了也没关系")).toEqual([]);
    expect(flagged(["[也] [没] [!关系|问题]"])("地址填错了也没用")).toEqual(["也没用"]);
  });

  it("start a clause after the words said before a sentence (那, 反正, 哎…), but not after others", () => {
    const found = flagged(["^ [你] [就]? [等着] [吧]* $"]);
    expect(found("那你就等着吧")).toEqual(["你就等着吧"]);
    expect(found("哎那你就等着吧")).toEqual(["你就等着吧"]);
    expect(found("好吧那你就等着吧")).toEqual(["你就等着吧"]);
    // 就是 as a filler in speech: 没到时间，就是你等着吧
    expect(found("就是你等着吧")).toEqual(["你等着吧"]);
    expect(found("就是那你就等着吧")).toEqual(["你就等着吧"]);
    expect(found("我让你就等着吧")).toEqual([]);
    expect(flagged(["^ [就是] [不行] $"])("反正就是不行")).toEqual(["就是不行"]);
  });

  it("end and start clauses after a final particle in speech without punctuation (ASR)", () => {
    expect(flagged(["[不] [#v] [的] [哦|呢]* $"])("这个不退的哦我们也没有办法")).toEqual(["不退的哦"]);
    expect(flagged(["^ [你] [自己] [去] [#v]"])("好吧你自己去查")).toEqual(["你自己去查"]);
    // A particle's character inside a word is no clause edge: 哈密瓜 is one token.
    expect(flagged(["^ [密瓜]"])("哈密瓜")).toEqual([]);
    expect(flagged(["[不] [#v] [的] $"])("这个不退的商品")).toEqual([]);
  });

  it("in speech without punctuation, also end and start clauses where the words say one ends and the next begins", () => {
    // After 了, a potential complement, a complete predicate; before a verb, a negation, a time word, a subject.
    expect(flagged(["[{修|办}不了] $"])("修不了没办法")).toEqual(["修不了"]);
    expect(flagged(["^ [没办法] $"])("修不了没办法")).toEqual(["没办法"]);
    expect(flagged(["^ [下班] [了] $"])("下班了明天来吧")).toEqual(["下班了"]);
    expect(flagged(["^ [你] [说] [怎么办] $"])("你想怎么样你说怎么办")).toEqual(["你说怎么办"]);
    expect(flagged(["^ [我|我们] [不] [修] $"])("报修单上没写我不修")).toEqual(["我不修"]);
    expect(flagged(["[{没号|没房}] [就是] [$1] $"])("没号就是没号明天早上六点来排")).toEqual(["没号就是没号"]);
    expect(flagged(["^ [就这样] $"])("不退就这样")).toEqual(["就这样"]);
    // A pause mark is no punctuation: the turn is still speech without it.
    expect(flagged(["[修不了] $"])("修不了没办法_您看看别的")).toEqual(["修不了"]);
    // A turn with a comma is cut only where its writer cut it, however long a clause.
    expect(flagged(["[修不了] $"])("亲，修不了没办法您看看别的吧")).toEqual([]);
  });

  it("read a turn transcribed word by word as speech without punctuation: its spaces are no pauses", () => {
    // 我 | 已经 | 回答 | 三遍了 were four clauses, and no pattern spans them.
    expect(flagged(["[回答] []{0,2} [三遍|几遍|好几遍] [了]"])("嗯 您 这个 问题 我 已经 回答 三遍了")).toEqual([
      "回答 三遍了",
    ]);
    expect(flagged(["^ [等会儿] [啊]* $"])("我 查 一下 高新区 的 要求 等会儿 啊")).toEqual(["等会儿 啊"]);
    // A speaker's pauses leave longer pieces: they still cut.
    expect(flagged(["[回答] []{0,2} [三遍|几遍|好几遍] [了]"])("嗯 这个问题 我已经回答 三遍了")).toEqual([]);
  });

  it("start a clause at a bare 等会儿 after a verb or 一下, as at 别 (我查一下 | 等会儿)", () => {
    expect(flagged(["^ [等会儿] [啊]* $"])("我查一下等会儿")).toEqual(["等会儿"]);
    expect(flagged(["^ [等会儿] [啊]* $"])("我查一下高新区的要求等会儿啊")).toEqual(["等会儿啊"]);
    // not where a verb takes it (需要等会儿, 请您等会儿)
    expect(flagged(["^ [等会儿] [啊]* $"])("这个需要等会儿")).toEqual([]);
  });

  it("guess no clause boundary in a short clause of punctuated text, nor where the words run on", () => {
    expect(flagged(["[修不了] $"])("修不了没办法，您看看别的吧")).toEqual([]);
    expect(flagged(["^ [还问] $"])("说了几遍了还问。")).toEqual([]);
    // a duration after 了, the next step of one instruction, what a verb is about, a pronoun after a verb that takes it
    expect(flagged(["[让您] [等] [了] $"])("师傅让您等了一上午没来是吧")).toEqual([]);
    expect(flagged(["[关了] $"])("没事关了重启一下就好了")).toEqual([]);
    expect(flagged(["[我们] [看不到] $"])("我们看不到您兑换的卡号您在兑换记录里查看下")).toEqual([]);
    expect(flagged(["[不知道] $"])("我不知道您要办什么业务")).toEqual([]);
    expect(flagged(["^ [你] [说] [怎么办] $"])("我听你说怎么办")).toEqual([]);
    // where one waits is no clause of its own
    expect(flagged(["^ [等着] [哦]* $"])("师傅已经在外面等着哦")).toEqual([]);
    // a question 请问 opens runs to its 吗 or 呢
    expect(flagged(["[办理不了] $"])("请问办理不了提示什么呢")).toEqual([]);
    // 不管 before 是 is “whatever”
    expect(flagged(["[我们] [不管] $"])("我们不管是哪种情况都会帮您处理")).toEqual([]);
  });

  it("allow bounded gaps of any tokens", () => {
    // 几遍 and 好几次 are single tokens: a literal that covers them whole says so.
    const found = flagged(["[说] []{0,2} [{几|多少|好几}{遍|次}]"]);
    expect(found("说了几遍了还问")).toEqual(["说了几遍"]);
    expect(found("我都说了好几次了")).toEqual(["说了好几次"]);
  });

  it("take at most MAX_UNIT_LENGTH characters for one [] (a long order number is not a word)", () => {
    const found = flagged(["[找] [] [去]"]);
    expect(found("找abc去")).toEqual(["找abc去"]);
    expect(found(`找${"a".repeat(MAX_UNIT_LENGTH + 1)}去`)).toEqual([]);
  });

  it("count a literal over several whole tokens, never over part of a token it does not split", () => {
    const found = flagged(["[有本事] [#v]"]);
    expect(found("有本事投诉")).toEqual(["有本事投诉"]);
    // 喂养 is one token (no 不/没, not unknown): a literal 喂 never matches inside it.
    expect(flagged(["[喂] [#v]?"])("喂养宠物")).toEqual([]);
  });

  it("confirm a shared anchor by each pattern of the rule, not only the first", () => {
    // 没办法 is an anchor wording of both patterns; only the second matches a bare 没办法.
    const found = flagged(["[不能|没办法] [退|换] [的]", "^ [不行|没办法] [啊|哦]* $"]);
    expect(found("没办法")).toEqual(["没办法"]);
    expect(found("没办法退的")).toEqual(["没办法退的"]);
  });

  it("work in unless: a match of the pattern around the hit excuses it", () => {
    const found = flagged(["不行"], '    unless: ["[不行] [的话|就]"]\n');
    expect(found("不行的话您可以换一个")).toEqual([]);
    expect(found("不行")).toEqual(["不行"]);
  });

  it("work through fillers in transcripts and in required-phrase lists", () => {
    const rules = parseRules(
      'rules:\n  - id: r\n    type: required\n    phrases: ["[还有] [别的|其他] []{0,2} [帮|办|需要]"]\n    within: { last: 2 }\n    message: m\n',
    );
    const missing = (text: string) => lintSync(`坐席:${text}`, { rules }).violations.length;
    expect(missing("您看还有别的要办的吗")).toBe(0);
    expect(missing("好的再见")).toBe(1);
  });

  it.each([
    ["[你", "没有对应的 “]”"],
    ["[#v] [$1]", "必有的文字"],
    ["[你]?", "必有的文字"],
    ["[!你] [#v]", "必有的文字"],
    ["[你] [$2] [好]", "之前的"],
    ["[你] $ [好]", "只能写在最后"],
    ["[你]{0}", "重复次数"],
    ["[你]{1,99}", "重复次数"],
    ["[你] 好", "应为 “[”"],
    ["[#V]", "小写字母"],
    ["[]", "必有的文字"],
    ["[你|]", "有误"],
    [Array.from({ length: MAX_PATTERN_ELEMENTS + 1 }, () => "[你]").join(" "), `最多 ${MAX_PATTERN_ELEMENTS} 个`],
  ])("refuse %s", (source, message) => {
    expect(() => tokenPattern(source)).toThrow(message);
  });

  it("report a bad pattern in a rule file at its line and column", () => {
    expect(
      problems('rules:\n  - id: r\n    type: forbidden\n    phrases:\n      - "[#v] [的]?"\n    message: m\n'),
    ).toEqual([expect.stringMatching(/^5:9 .*rules\[0\]\.phrases\[0\].*必有的文字/)]);
  });

  it("choose the rarest literal as the anchor, joining literals that stand side by side", () => {
    expect(tokenPattern("[你]? [自己] [#v]").anchors).toEqual(["自己"]);
    expect(tokenPattern("[你] [自己] [#v]").anchors).toEqual(["你自己"]);
    expect(tokenPattern("[不] [#v] [的] [哦|呢]").anchors).toEqual(["的哦", "的呢"]);
    expect(tokenPattern("[你] [给我] [小声|闭嘴]").anchors).toEqual(["你给我小声", "你给我闭嘴"]);
    // Not across an optional or repeated element, nor a negated one.
    expect(tokenPattern("[给我] [就]? [闭嘴]").anchors).toEqual(["给我"]);
    expect(tokenPattern("[给我] [!你] [闭嘴]").anchors).toEqual(["给我"]);
    // Nor into a negation element, which intensifiers may come before.
    expect(tokenPattern("[我们] [不管] [这些]").anchors).toEqual(["不管这些"]);
    // A negation alone (怎么不, 可以不V) or a potential complement (改不了) takes none: it is joined.
    expect(tokenPattern("[怎么] [不] [#v]").anchors).toEqual(["怎么不"]);
    expect(tokenPattern("[改] [不了]").anchors).toEqual(["改不了"]);
    // Between anchors of one length, the one without common words.
    expect(tokenPattern("[问题] [] [低级|幼稚]").anchors).toEqual(["低级", "幼稚"]);
  });
});

/** Every token pattern of the built-in packs (as the loader reads them), with the texts of its rule's examples. */
function packPatterns(): Array<{ pattern: string; texts: string[] }> {
  const rulesDir = fileURLToPath(new URL("../rules/", import.meta.url));
  return readdirSync(rulesDir)
    .filter((file) => file.endsWith(".yaml"))
    .flatMap((file) => parseRuleFile(readFileSync(join(rulesDir, file), "utf8"), file).rules as unknown as PackRule[])
    .flatMap((rule) => {
      const examples = [...(rule.examples?.bad ?? []), ...(rule.examples?.good ?? [])];
      const texts = examples.map((example) => (typeof example === "string" ? example : (example.script ?? "")));
      return [
        ...(rule.phrases ?? []),
        ...(rule.unless ?? []),
        ...(rule.unlessTurn ?? []),
        ...(rule.unlessAnswered ?? []),
      ]
        .filter(isTokenPattern)
        .map((pattern) => ({ pattern, texts }));
    });
}

interface PackRule {
  phrases?: string[];
  unless?: string[];
  unlessTurn?: string[];
  unlessAnswered?: string[];
  examples?: { bad?: Array<string | { script?: string }>; good?: Array<string | { script?: string }> };
}

/** The clauses of a text, normalised as the matcher sees them. */
function clausesOf(text: string): string[] {
  const normalised = normalise(text);
  return normalised.clauseStarts.map((_, clause) =>
    normalised.text.slice(normalised.clauseStarts[clause], clauseEnd(normalised, clause)),
  );
}

describe("the clause prefilter of token patterns", () => {
  const patterns = packPatterns();
  const corpusTexts = HAS_CORPUS ? readCorpus().flatMap((transcript) => transcript.turns.map((turn) => turn.text)) : [];

  it("is tried on the packs' patterns", () => {
    expect(patterns.length).toBeGreaterThan(20);
  });

  it("never turns away a clause the pattern matches: examples of the packs, and every corpus clause holding an anchor", () => {
    // The corpus's clauses once, each once, and one automaton of every pattern's anchors to find the
    // clauses that hold one: looking for each pattern's anchors in each clause took minutes.
    const corpusClauses = [...new Set(corpusTexts.flatMap(clausesOf))];
    const compiled = patterns.map(({ pattern, texts }) => ({ pattern: tokenPattern(pattern), texts }));
    const anchors = compiled.flatMap(({ pattern }, index) => pattern.anchors.map((anchor) => ({ anchor, index })));
    const automaton = new AhoCorasick(anchors.map(({ anchor }) => anchor));
    const withAnchor = (clause: string) => new Set(automaton.scan(clause).map((hit) => anchors[hit.pattern]!.index));
    const holding = new Map<number, string[]>();
    for (const clause of corpusClauses) {
      for (const index of withAnchor(clause)) {
        const list = holding.get(index);
        if (list) list.push(clause);
        else holding.set(index, [clause]);
      }
    }
    let matched = 0;
    compiled.forEach(({ pattern, texts }, index) => {
      const ownClauses = texts.flatMap(clausesOf).filter((clause) => withAnchor(clause).has(index));
      for (const clause of [...ownClauses, ...(holding.get(index) ?? [])]) {
        // Said without punctuation too, where `^` and `$` also match at soft boundaries.
        for (const unpunctuated of [false, true]) {
          const read = clauseLattice(clause, taggedTokens(clause), characterTag, unpunctuated);
          if (matchInClause(pattern, read).length === 0) continue;
          matched++;
          expect(mayMatch(pattern, clause, unpunctuated), `${pattern.source} on ${clause}`).toBe(true);
        }
      }
    });
    expect(matched).toBeGreaterThan(50);
  });

  it("turns away a clause that lacks one of the pattern's required literals without running its regular expression", () => {
    const pattern = tokenPattern("[不] [给] []{0,2} [退|换] [了|的]");
    expect(pattern.requiredWordings).toEqual([["不"], ["给"], ["退", "换"], ["了", "的"]]);
    const unused = /x/;
    unused.test = () => {
      throw new Error("the regular expression ran");
    };
    const guarded = { ...pattern, prefilter: unused, softPrefilter: unused };
    expect(mayMatch(guarded, "这个不给退")).toBe(false);
    expect(mayMatch(guarded, "不给你换哦", true)).toBe(false);
    expect(() => mayMatch(guarded, "不给你退了")).toThrow("the regular expression ran");
    expect(mayMatch(pattern, "不给你退了")).toBe(true);
  });

  it("does not look again for the literals the anchor holds, in a clause the scan found the anchor in", () => {
    const pattern = tokenPattern("[不] [给] []{0,2} [退|换] [了|的]");
    expect(pattern.anchors).toEqual(["不给"]);
    expect(pattern.requiredBesideAnchor).toEqual([
      ["退", "换"],
      ["了", "的"],
    ]);
    const guarded = { ...pattern, requiredWordings: [["never"]] };
    expect(mayMatch(guarded, "不给你退了", false, true)).toBe(true);
    expect(mayMatch(guarded, "不给你退了")).toBe(false);
    expect(mayMatch(guarded, "不给你看了", false, true)).toBe(false);
  });
});
