import { describe, expect, it } from "vitest";
import {
  createSession,
  HuashuError,
  lint,
  lintSync,
  parseRules,
  parseTranscripts,
  type Transcript,
} from "../src/index.js";

const rules = parseRules("rules:\n  - { id: rate, type: speech-rate, max: 400, message: 语速过快 }\n");

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(HuashuError);
    return (error as HuashuError).message;
  }
  throw new Error("nothing was thrown");
}

describe("the library refuses bad arguments with HuashuError", () => {
  it("lint('x') without options rejects with HuashuError, not a TypeError", async () => {
    // @ts-expect-error: plain JavaScript callers can leave the options out
    await expect(lint("坐席:您好")).rejects.toThrow(HuashuError);
    // @ts-expect-error: or pass something that is not a rule set
    expect(messageOf(() => lintSync("坐席:您好", { rules: { rules: [] } }))).toMatch(/须给出选项 \{ rules \}/);
    // @ts-expect-error: or a number for the input
    expect(messageOf(() => lintSync(42, { rules }))).toMatch(/第一个参数/);
    // @ts-expect-error: the same for streaming sessions
    expect(messageOf(() => createSession())).toMatch(/createSession\(\): 须给出选项/);
  });
});

describe("turn times: one check for files, lint() and streaming sessions", () => {
  const reversed: Transcript = { turns: [{ speaker: "agent", text: "您好", start: 5000, end: 1000 }] };
  const outOfOrder: Transcript = {
    turns: [
      { speaker: "agent", text: "您好", start: 5000, end: 6000 },
      { speaker: "customer", text: "你好", start: 1000, end: 2000 },
    ],
  };

  it("a turn that starts after it ends is refused by lint(), not measured as 780,000 字/分钟", () => {
    expect(messageOf(() => lintSync(reversed, { rules }))).toMatch(/turns\.0: 开始时间 5000 晚于结束时间 1000/);
  });

  it("a turn that starts before the previous one is refused by lint() as by a session", () => {
    const session = createSession({ rules });
    session.push(outOfOrder.turns[0]!);
    const streamed = messageOf(() => session.push(outOfOrder.turns[1]!));
    const linted = messageOf(() => lintSync(outOfOrder, { rules }));
    const problem = "开始时间 1000 早于上一轮的 5000";
    expect(streamed).toContain(problem);
    expect(linted).toContain(problem);
    expect(messageOf(() => createSession({ rules }).push(reversed.turns[0]!))).toContain("晚于结束时间");
  });

  it("files with such times are refused at the turn's line and column", () => {
    const json = '{"turns":[\n  {"speaker":"agent","text":"您好","start":5000,"end":1000}\n]}';
    const error = (() => {
      try {
        parseTranscripts(json, { file: "t.json" });
      } catch (caught) {
        return caught as HuashuError;
      }
      throw new Error("accepted");
    })();
    expect(error.diagnostics).toEqual([
      { file: "t.json", line: 2, column: expect.any(Number), message: "开始时间 5000 晚于结束时间 1000" },
    ]);
    const srt = "1\n00:00:05,000 --> 00:00:06,000\n坐席:您好\n\n2\n00:00:01,000 --> 00:00:02,000\n客户:你好\n";
    expect(messageOf(() => parseTranscripts(srt, { file: "t.srt" }))).toMatch(
      /^t\.srt:7:\d+ 开始时间 1000 早于上一轮的 5000/,
    );
  });
});
