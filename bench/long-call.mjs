// Lints one ever longer timed call (10k … 80k turns) against a rule of every type in the
// settings that used to cost O(turns²): a response window per trigger, `near` on turns dense
// with matches, interruption over a long monologue, silence after a hold notice. Prints the
// time per size and per 1,000 turns: linear growth keeps the second column flat.
import { lintSync, parseRules } from "../dist/index.js";

export const LONG_CALL_RULES = `rules:
  - { id: resp.turns, type: response, speaker: agent, trigger: { phrases: [投诉], speaker: customer }, reply: { phrases: [抱歉] }, replyWithin: { turns: 2 }, message: m }
  - { id: resp.seconds, type: response, speaker: agent, trigger: { phrases: [投诉], speaker: customer }, reply: { phrases: [抱歉] }, replyWithin: { seconds: 30 }, message: m }
  - { id: resp.absent, type: response, speaker: agent, trigger: { phrases: [投诉], speaker: customer }, reply: { phrases: [随便] }, replyWithin: { turns: 3 }, expect: absent, message: m }
  - { id: near, type: condition, speaker: agent, mustNot: { near: [{ phrases: [收益] }, { regex: '\\d+' }], chars: 0 }, message: m }
  - { id: order, type: order, speaker: agent, first: { phrases: [您好] }, then: { phrases: [再见] }, message: m }
  - { id: interrupt, type: interruption, speaker: agent, message: m }
  - { id: silence, type: silence, maxSeconds: 5, hold: { phrases: [请您稍等] }, message: m }
  - { id: required, type: required, phrases: [您好], within: { lastSeconds: 60 }, message: m }
  - { id: rate, type: speech-rate, max: 400, message: m }
`;

/** A call of `turns` turns: complaints and replies, then a monologue, with some turns dense with matches. */
export function longCall(turns) {
  const call = [];
  for (let i = 0; i < turns; i++) {
    const speaker = i < turns / 2 && i % 2 === 1 ? "customer" : "agent";
    let text = speaker === "customer" ? "我要投诉" : i % 4 === 0 ? "请您稍等" : "好的随便";
    if (i % 1000 === 0) text = "收益7".repeat(1500);
    call.push({ speaker, text, start: i * 1000, end: i * 1000 + 1100 });
  }
  return { turns: call };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rules = parseRules(LONG_CALL_RULES);
  lintSync(longCall(1000), { rules }); // loads the dictionary before anything is timed
  const sizes = process.argv.slice(2).map(Number);
  const results = [];
  for (const size of sizes.length > 0 ? sizes : [10_000, 20_000, 40_000, 80_000]) {
    const call = longCall(size);
    const from = process.hrtime.bigint();
    const { violations } = lintSync(call, { rules });
    const ms = Number(process.hrtime.bigint() - from) / 1e6;
    results.push({ turns: size, ms, msPer1000Turns: (ms / size) * 1000, violations: violations.length });
  }
  console.log(JSON.stringify(results));
}
