import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeBytes,
  detectFormat,
  HuashuError,
  INPUT_FORMATS,
  lintSync,
  parseSpeakerMap,
  parseTranscripts,
  type InputFormat,
  type SourcePosition,
  type SpeakerMap,
} from "../src/index.js";
import { fixtureRules } from "./helpers/rules.js";

const rules = fixtureRules("basic.yaml");
const fixture = (name: string) => `fixtures/transcripts/${name}`;

/** Reads a fixture the way the CLI does: bytes, decoding, detection. */
function readFixture(name: string, speakers?: SpeakerMap) {
  const file = fixture(name);
  const { text, encoding } = decodeBytes(readFileSync(file), { file });
  return { text, encoding, transcripts: parseTranscripts(text, { file, ...(speakers && { speakers }) }) };
}

/** Line and column of the first `needle` in `text`, searched in the raw file. */
function positionOf(text: string, needle: string): SourcePosition {
  const index = text.indexOf(needle);
  expect(index).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

// Every fixture holds the same call: the agent greets, says 我不知道 (taboo.dont-know), and
// closes properly; the customer says 喂 and 不知道, which agent-only rules must not report.
const CASES: Array<{
  file: string;
  format: InputFormat;
  speakers: string;
  times?: { start: number; end?: number };
  /** Raw text just before the turn with the violation, where the file repeats it elsewhere. */
  field?: string;
}> = [
  { file: "script.txt", format: "script", speakers: "acaca" },
  { file: "markdown.md", format: "markdown", speakers: "acaa" },
  { file: "json.json", format: "json", speakers: "acaca", times: { start: 8400, end: 12000 } },
  { file: "jsonl.jsonl", format: "jsonl", speakers: "acaca" },
  { file: "alibaba-asr.json", format: "alibaba-asr", speakers: "acaca", times: { start: 8400, end: 12000 } },
  { file: "alibaba-sca.json", format: "alibaba-sca", speakers: "acaca", times: { start: 8400, end: 12000 } },
  {
    file: "tencent.json",
    format: "tencent",
    speakers: "acaca",
    times: { start: 8400, end: 12000 },
    field: '"FinalSentence": "',
  },
  { file: "amazon.json", format: "amazon", speakers: "acaca", times: { start: 8400, end: 12000 } },
  // Epoch µs made relative to the first entry; CCAI has no end times.
  { file: "google-ccai.json", format: "google-ccai", speakers: "acaca", times: { start: 8400 } },
  // Whisper names no speaker: all agent (the fixture is the agent channel).
  { file: "whisper.json", format: "whisper", speakers: "aaa", times: { start: 8400, end: 12000 }, field: '"text": "' },
  { file: "srt.srt", format: "srt", speakers: "acaca", times: { start: 8400, end: 12000 } },
  { file: "webvtt.vtt", format: "webvtt", speakers: "acaca", times: { start: 8400, end: 12000 } },
];

describe("input adapters on the fixtures (fixtures/rules/basic.yaml)", () => {
  it.each(CASES)(
    "$format: $file is detected, speakers mapped, the one violation located",
    ({ file, format, speakers, times, field = "" }) => {
      const { text, transcripts } = readFixture(file);
      expect(detectFormat(text, { file: fixture(file) })).toBe(format);
      const [transcript] = transcripts;
      expect(transcript!.turns.map((turn) => turn.speaker[0]).join("")).toBe(speakers);
      const { violations } = lintSync(transcript!, { rules });
      expect(violations).toHaveLength(1);
      const at = positionOf(text, `${field}这个我不知道`);
      expect(violations[0]).toMatchObject({
        ruleId: "taboo.dont-know",
        speaker: "agent",
        text: "不知道",
        line: at.line,
        column: at.column + field.length + 3,
      });
      expect(violations[0]!.start).toBe(times?.start);
      expect(violations[0]!.end).toBe(times?.end);
    },
  );

  it("the same content comes out of the same call in every format", () => {
    const texts = CASES.filter((c) => c.speakers === "acaca").map(({ file }) =>
      readFixture(file).transcripts[0]!.turns.map((turn) => turn.text.trim()),
    );
    for (const turns of texts) expect(turns).toEqual(texts[0]);
  });

  it("iflytek: unwraps the double-encoded orderResult; rl needs a speaker map; turns point at orderResult", () => {
    const { text, transcripts } = readFixture("iflytek.json", parseSpeakerMap("1=agent,2=customer"));
    expect(transcripts).toHaveLength(1);
    const [transcript] = transcripts;
    expect(transcript!.id).toBe("DKHJQ202406111530001");
    expect(transcript!.turns.map((turn) => turn.speaker[0]).join("")).toBe("acaca");
    expect(transcript!.turns[2]).toMatchObject({
      text: "这个我不知道，您自己重启一下光猫试试。",
      start: 8400,
      end: 12000,
    });
    const { violations } = lintSync(transcript!, { rules });
    expect(violations.map((v) => [v.ruleId, v.line, v.start, v.end])).toEqual([
      ["taboo.dont-know", positionOf(text, '"orderResult"').line, 8400, 12000],
    ]);
    // With the default map rl 1 is the customer, 2 unknown (other): nothing is the agent's.
    expect(
      readFixture("iflytek.json")
        .transcripts[0]!.turns.map((turn) => turn.speaker[0])
        .join(""),
    ).toBe("cococ");
  });

  it("iflytek: reads lattice2 (objects) when lattice is absent", () => {
    const document = JSON.parse(readFileSync(fixture("iflytek.json"), "utf8")) as { content: { orderResult: string } };
    const order = JSON.parse(document.content.orderResult) as Record<string, unknown>;
    delete order.lattice;
    document.content.orderResult = JSON.stringify(order);
    const [transcript] = parseTranscripts(JSON.stringify(document), {
      format: "iflytek",
      speakers: parseSpeakerMap("1=agent,2=customer"),
    });
    expect(transcript!.turns.map((turn) => turn.text)).toEqual(
      readFixture("json.json").transcripts[0]!.turns.map((turn) => turn.text),
    );
  });

  it("jsonl: one transcript per line with its id, line-N for one without", () => {
    const { transcripts } = readFixture("jsonl.jsonl");
    expect(transcripts.map((t) => t.id)).toEqual(["3830401296796826", "3830772740080373", "line-3"]);
    expect(transcripts.map((t) => lintSync(t, { rules }).violations.map((v) => [v.ruleId, v.line]))).toEqual([
      [["taboo.dont-know", 1]],
      [],
      [["courtesy.no-way", 3]],
    ]);
  });

  it("jsonl: a well-formed line gives what the same text gives as a JSON document, positions included", () => {
    // Keys escaped or said twice, spaces between tokens, quotes, backslashes and brackets in
    // strings, extra members holding containers: the fast reading of a line must see them as
    // the position parser does.
    const lines = [
      '{"id":"a","turns":[{"speaker":"agent","text":"您好"},{"speaker":"customer","text":"我不知道"}]}',
      ' { "id" : "b" , "turns" : [ { "speaker" : "agent" , "text" : "我不知道" } ] } ',
      '{"id":"c","extra":{"a":["]","}",{"b":"\\\\"}]},"turns":[{"t\\u0065xt":"说\\"不\\"知道","speaker":"agent"}]}',
      '{"id":"d","turns":[{"speaker":"agent","text":"旧的","note":[[{"x":"\\\\"}]],"text":"我不知道"}]}',
      '{"id":"e","turns":[],"turns":[{"speaker":"0","text":"\\u6211不知道","start":0,"end":900}]}',
      '{"id":"f","agentId":7,"turns":[{"speaker":"agent","agentId":"x","text":"不知道"},{"text":"嗯","speaker":1}]}',
    ];
    for (const line of lines)
      expect(INPUT_FORMATS.jsonl(line, { file: "x" }), line).toEqual(INPUT_FORMATS.json(line, { file: "x" }));
    expect(INPUT_FORMATS.jsonl(lines.join("\n"), { file: "x" }).map((t) => t.turns.map((turn) => turn.source))).toEqual(
      lines.map((line, index) =>
        INPUT_FORMATS.json(line, {})[0]!.turns.map((turn) => ({ ...turn.source, line: index + 1 })),
      ),
    );
  });

  it("jsonl: a line nested deeper than the JSON parser allows is refused, even where only an extra member nests", () => {
    const deep = `{"id":"a","extra":${"[".repeat(300)}${"]".repeat(300)},"turns":[{"speaker":"agent","text":"好"}]}`;
    expect(() => INPUT_FORMATS.jsonl(deep, { file: "x" })).toThrow(/嵌套超过/);
    const deepInTurn = `{"id":"a","turns":[{"speaker":"agent","text":"好","x":${'{"a":'.repeat(300)}1${"}".repeat(300)}}]}`;
    expect(() => INPUT_FORMATS.jsonl(deepInTurn, { file: "x" })).toThrow(/嵌套超过/);
  });

  it("markdown: skips front matter, headings, comments, tables and code blocks; strips list and quote markers", () => {
    const { transcripts } = readFixture("markdown.md");
    const turns = transcripts[0]!.turns;
    // Line 20 is a table's header row: metadata, not speech.
    expect(turns.map((turn) => turn.source?.line)).toEqual([11, 13, 14, 23]);
    // "> **客服**:" is 9 characters.
    expect(turns[0]).toMatchObject({
      speaker: "agent",
      text: "您好，这里是星河宽带客服中心，请问有什么可以帮您？",
      source: { line: 11, column: 10 },
    });
    expect(turns.some((turn) => turn.text.includes("代码块") || turn.text.includes("审核意见"))).toBe(false);
  });

  it("script: a GBK file reads the same as the UTF-8 one", () => {
    const gbk = readFixture("script-gbk.txt");
    expect(gbk.encoding).toBe("gb18030");
    expect(gbk.transcripts).toEqual(readFixture("script.txt").transcripts);
  });

  it("webvtt: voice tags name speakers; unknown voices are other; NOTE blocks skipped", () => {
    const vtt =
      "WEBVTT\n\nNOTE 备注\n喂\n\n00:01.000 --> 00:02.500\n<v 王经理>喂，你好\n\n1\n00:00:03.000 --> 00:00:04.000\n客户:不知道\n";
    expect(parseTranscripts(vtt)[0]!.turns).toEqual([
      { speaker: "other", text: "喂，你好", start: 1000, end: 2500, source: { line: 7, column: 8 } },
      { speaker: "customer", text: "不知道", start: 3000, end: 4000, source: { line: 11, column: 4 } },
    ]);
  });

  it("srt: accepts '.' before milliseconds, cues without counters, and multi-line cues", () => {
    const srt = "00:00:01.5 --> 00:00:02.000\n第一行\n第二行\n\n7\n00:00:03,000 --> 00:00:04,000\n客户:好的\n";
    expect(parseTranscripts(srt, { format: "srt" })[0]!.turns).toEqual([
      { speaker: "agent", text: "第一行\n第二行", start: 1500, end: 2000, source: { line: 2, column: 1 } },
      { speaker: "customer", text: "好的", start: 3000, end: 4000, source: { line: 7, column: 4 } },
    ]);
  });

  it("normalises times whatever the unit: ms strings, seconds, µs strings", () => {
    const generic = '{"turns":[{"speaker":"agent","text":"您好","start":"1200","end":1800.4}]}';
    expect(parseTranscripts(generic)[0]!.turns[0]).toMatchObject({ start: 1200, end: 1800 });
    const whisper = '{"segments":[{"start":1.2345,"end":2,"text":"您好"}]}';
    expect(parseTranscripts(whisper)[0]!.turns[0]).toMatchObject({ start: 1235, end: 2000 });
    const ccai =
      '{"entries":[{"text":"您好","role":"AGENT","start_timestamp_usec":"1718090000000000"},{"text":"嗯","role":"END_USER","start_timestamp_usec":"1718090001500000"}]}';
    expect(parseTranscripts(ccai)[0]!.turns.map((t) => [t.speaker, t.start])).toEqual([
      ["agent", 0],
      ["customer", 1500],
    ]);
  });

  it("tencent: reads the SDK's { Data } as well as the API's { Response: { Data } }", () => {
    const sdk = '{"Data":{"TaskId":7,"ResultDetail":[{"FinalSentence":"您好","StartMs":0,"EndMs":900,"SpeakerId":1}]}}';
    expect(parseTranscripts(sdk)).toEqual([
      {
        id: "7",
        turns: [
          {
            speaker: "customer",
            text: "您好",
            start: 0,
            end: 900,
            source: { line: 1, column: sdk.indexOf("您好") + 1 },
          },
        ],
      },
    ]);
  });

  it("alibaba-sca: one transcript per ticket", () => {
    const sca = JSON.stringify({
      tickets: [1, 2].map((tid) => ({
        tid: `t${tid}`,
        dialogue: [{ role: "客服", words: "您好", begin: 0, end: 500 }],
      })),
    });
    expect(parseTranscripts(sca).map((t) => t.id)).toEqual(["t1", "t2"]);
  });

  it("agent ids: SCA identity, Amazon ParticipantId, generic JSON agentId on the call or a turn", () => {
    expect(readFixture("alibaba-sca.json").transcripts[0]!.agentId).toBe("工号1024");
    const amazon = JSON.stringify({
      Transcript: [
        { ParticipantId: "C1", ParticipantRole: "CUSTOMER", Content: "喂" },
        { ParticipantId: "A-7", ParticipantRole: "AGENT", Content: "您好" },
      ],
    });
    expect(parseTranscripts(amazon)[0]!.agentId).toBe("A-7");
    const onCall = '{"id":"c","agentId":1024,"turns":[{"speaker":"agent","text":"您好","agentId":"x"}]}';
    expect(parseTranscripts(onCall)[0]!.agentId).toBe("1024");
    // A customer's id is no agent id: the first agent turn that names one counts.
    const onTurns =
      '{"turns":[{"speaker":"customer","text":"喂","agentId":"c9"},{"speaker":"agent","text":"您好","agentId":"A2"},{"speaker":"agent","text":"好的","agentId":"A3"}]}';
    expect(parseTranscripts(onTurns)[0]!.agentId).toBe("A2");
    expect(parseTranscripts('{"turns":[{"speaker":"agent","text":"您好"}]}')[0]).not.toHaveProperty("agentId");
  });

  it("lint results carry the transcript's agent id", () => {
    const [transcript] = parseTranscripts('{"id":"c","agentId":"A2","turns":[{"speaker":"agent","text":"我不知道"}]}');
    expect(lintSync(transcript!, { rules }).agentId).toBe("A2");
  });

  it("--input-format overrides detection", () => {
    const srtLooking = "1\n00:00:01,000 --> 00:00:02,000\n您好\n";
    expect(detectFormat(srtLooking)).toBe("srt");
    expect(parseTranscripts(srtLooking, { format: "script" })[0]!.turns).toHaveLength(3);
  });

  it("detects by content when the extension says nothing", () => {
    const detected = (text: string) => detectFormat(text, { file: "input" });
    expect(detected("WEBVTT\n\n00:01.000 --> 00:02.000\n您好\n")).toBe("webvtt");
    expect(detected('{"id":"a","turns":[]}\n{"id":"b","turns":[]}\n')).toBe("jsonl");
    expect(detected('{\n  "segments": []\n}\n')).toBe("whisper");
    expect(detected("坐席:您好\n")).toBe("script");
    expect(() => detectFormat('{"foo": 1}', { file: "x.json" })).toThrow(/无法识别的 JSON 格式.*alibaba-asr/);
  });

  it("lists every format by name", () => {
    expect(Object.keys(INPUT_FORMATS).sort()).toEqual([
      "alibaba-asr",
      "alibaba-sca",
      "amazon",
      "google-ccai",
      "iflytek",
      "json",
      "jsonl",
      "markdown",
      "script",
      "srt",
      "tencent",
      "webvtt",
      "whisper",
      "yaml",
    ]);
  });
});

describe("speaker maps", () => {
  it("documented defaults: channel 0 → agent, spk_1 → customer, role names", () => {
    const roles = (names: Array<string | number>) =>
      parseTranscripts(JSON.stringify({ turns: names.map((speaker) => ({ speaker, text: "好" })) }))[0]!.turns.map(
        (t) => t.speaker,
      );
    expect(
      roles([
        0,
        1,
        "spk_0",
        "spk_1",
        "客服",
        "坐席",
        "agent",
        "AGENT",
        "客户",
        "用户",
        "customer",
        "CUSTOMER",
        "END_USER",
        "2",
        "访客",
      ]),
    ).toEqual([
      "agent",
      "customer",
      "agent",
      "customer",
      "agent",
      "agent",
      "agent",
      "agent",
      "customer",
      "customer",
      "customer",
      "customer",
      "customer",
      "other",
      "other",
    ]);
  });

  it("parses --speaker-map entries over the defaults and rejects bad ones", () => {
    const map = parseSpeakerMap("0=customer, 1=agent,访客=customer");
    expect([map["0"], map["1"], map["访客"], map["客服"]]).toEqual(["customer", "agent", "customer", "agent"]);
    expect(() => parseSpeakerMap("0=boss")).toThrow(HuashuError);
    expect(() => parseSpeakerMap("agent")).toThrow(/说话人映射 “agent” 无效/);
  });

  it("role prefixes of scripts follow the speaker map, but numbers are never prefixes", () => {
    const turns = parseTranscripts("访客:你好\n1: 先核实身份\n", {
      format: "script",
      speakers: parseSpeakerMap("访客=customer"),
    })[0]!.turns;
    expect(turns.map((t) => [t.speaker, t.text])).toEqual([
      ["customer", "你好"],
      ["agent", "1: 先核实身份"],
    ]);
  });
});
