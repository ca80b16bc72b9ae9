import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinRules, lintSync, type Transcript } from "../src/index.js";

/**
 * The flow rules' required phrases as agents say them, and the customer's complaints that call for an
 * apology, as test/data/flow-dev.txt lists them: each `+` turn counts as the element said, and no `-`
 * turn does. A regression check of the lists'
 * constructions; their measure on whole calls is `huashu eval` on call labels (docs/eval.md).
 */
interface Probe {
  /** The rule that reports the element missing (for complaint: the one that sees it). */
  readonly ruleId: string;
  /** A call in which the turn is where the rule looks for the element. */
  readonly call: (turn: string) => string;
  /** The call's turn times (start, end in ms), when the element is one of timing. */
  readonly times?: readonly (readonly [number, number])[];
}

const PROBES: Record<string, Probe> = {
  greeting: { ruleId: "flow.opening.greeting", call: (turn) => `坐席:${turn}\n客户:我想查一下。` },
  identify: { ruleId: "flow.opening.identify", call: (turn) => `坐席:${turn}\n客户:我想查一下。` },
  "offer-help": { ruleId: "flow.opening.offer-help", call: (turn) => `坐席:${turn}\n客户:我想查一下。` },
  "anything-else": { ruleId: "flow.closing.anything-else", call: (turn) => `客户:好的。\n坐席:${turn}` },
  thanks: { ruleId: "flow.closing.thanks", call: (turn) => `客户:好的。\n坐席:${turn}` },
  goodbye: { ruleId: "flow.closing.goodbye", call: (turn) => `客户:好的。\n坐席:${turn}` },
  // A wait is announced when flow.hold.notice then lets the agent fall silent (timed: a 20 s silence follows).
  "hold-notice": {
    ruleId: "flow.hold.notice",
    call: (turn) => `客户:帮我查下。\n坐席:${turn}\n坐席:您的余额是五十元。`,
    times: [
      [0, 2000],
      [2500, 4500],
      [24500, 26000],
    ],
  },
  "hold-thanks": {
    ruleId: "flow.hold.thanks",
    call: (turn) => `客户:帮我查下。\n坐席:好的请您稍等我帮您查询一下\n客户:好。\n坐席:${turn}`,
  },
  // The customer's turn between the agent's first and its 您说: `+` a line check or greeting that
  // leaves the call unbegun (the 您说 then offers help), `-` business (it does not).
  "line-check": {
    ruleId: "flow.opening.offer-help",
    call: (turn) => `坐席:您好 电信客服\n客户:${turn}\n坐席:在的 您说`,
  },
  // The anything-else question answered with one follow-up, which the agent answers, and the customer ends the call:
  // `+` a short follow-up, after which the question still counts, `-` one that opens new business at length.
  "follow-up": {
    ruleId: "flow.closing.anything-else",
    call: (turn) =>
      `坐席:好的 已经给您办好了 请问还有别的问题吗\n客户:${turn}\n坐席:可以的 在app上就能办\n客户:好 谢谢\n坐席:不客气`,
  },
  // …and the agent's last turn after its answer: `+` it only answers the customer's thanks, `-` it closes anew
  // (and should have asked again).
  "follow-up-close": {
    ruleId: "flow.closing.anything-else",
    call: (turn) =>
      `坐席:好的 已经给您办好了 请问还有别的问题吗\n客户:哦对了 网上能办吗\n坐席:可以的 在app上就能办\n客户:好 谢谢\n坐席:${turn}`,
  },
  apology: { ruleId: "flow.complaint.apology", call: (turn) => `客户:你们这速度太慢了,我要投诉!\n坐席:${turn}` },
  // A complaint is seen when the agent's replies after it, which hold no apology, are reported.
  complaint: {
    ruleId: "flow.complaint.apology",
    call: (turn) => `坐席:您好,请问有什么可以帮您?\n客户:${turn}\n坐席:好的,我帮您看一下。\n坐席:已经处理好了。`,
  },
};

/** The elements a `+` line shows by the rule firing (a wait, a complaint), not by keeping it quiet. */
const SEEN_BY_FIRING = new Set(["complaint"]);

/**
 * The probe's call as what was said — a transcript, as ASR and chat are, not a script: fillers
 * (嗯 between pauses) drop out of the text phrases are matched on only there.
 */
function said(call: string, times?: Probe["times"]): Transcript {
  return {
    turns: call.split("\n").map((line, index) => ({
      speaker: line.startsWith("坐席:") ? "agent" : "customer",
      text: line.slice(line.indexOf(":") + 1),
      ...(times ? { start: times[index]![0], end: times[index]![1] } : {}),
    })),
  };
}

interface Line {
  readonly element: string;
  readonly says: boolean;
  readonly known: boolean;
  readonly text: string;
}

function readLines(): Line[] {
  const lines: Line[] = [];
  let element = "";
  for (const line of readFileSync(new URL("data/flow-dev.txt", import.meta.url), "utf8").split("\n")) {
    const heading = /^## (\S+)/.exec(line);
    if (heading) element = heading[1]!;
    const entry = /^([+-])(!?) (.+)$/.exec(line);
    if (entry) lines.push({ element, says: entry[1] === "+", known: entry[2] === "!", text: entry[3]! });
  }
  return lines;
}

describe("the flow rules' required phrases as agents say them", () => {
  const rules = builtinRules(["flow"]);
  const lines = readLines();
  const counted = ({ element, text }: Line): boolean => {
    const probe = PROBES[element]!;
    const fired = lintSync(said(probe.call(text), probe.times), { rules }).violations.some(
      (violation) => violation.ruleId === probe.ruleId,
    );
    return SEEN_BY_FIRING.has(element) ? fired : !fired;
  };

  it("know every element the list names", () => {
    expect([...new Set(lines.map((line) => line.element))].sort()).toEqual(Object.keys(PROBES).sort());
  });

  it("count every turn that says the element", () => {
    const says = lines.filter((line) => line.says && !line.known);
    expect(says.length).toBeGreaterThan(400);
    expect(says.filter((line) => !counted(line)).map((line) => `${line.element}: ${line.text}`)).toEqual([]);
  });

  it("count none of the near-misses", () => {
    const near = lines.filter((line) => !line.says && !line.known);
    expect(near.length).toBeGreaterThan(150);
    expect(near.filter(counted).map((line) => `${line.element}: ${line.text}`)).toEqual([]);
  });
});
