import { lazy, z } from "../util/zod.js";
import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import { normalisedWordings } from "../match/phrase-index.js";
import type { PhraseList } from "../match/phrase-match.js";
import { normalise, normalisePhrase } from "../normalise/normalise.js";
import { boundaryField, commonRuleFields, phraseList } from "./common.js";
import { unexcused } from "./exceptions.js";
import { phraseMatchingFields } from "./matching.js";
import type { RuleTypeDefinition } from "./rule-type.js";
import { windowDecidability, windowSchema, windowTurns } from "./window.js";
import type { ForbiddenRule } from "./types.js";
export type { ForbiddenRule };

const oneLine = lazy(() => z.string().regex(/^[^\r\n]*$/, "replacement 不能换行"));

/**
 * What a matched text becomes under a rule's `replacement`: the text, or with a map each of its
 * keys replaced wherever the matcher would see it — `{ 你: 您 }` turns 妳 and 你 alike into 您.
 */
export function replaceText(matched: string, replacement: string | Readonly<Record<string, string>>): string {
  if (typeof replacement === "string") return replacement;
  let text = matched;
  for (const [from, to] of Object.entries(replacement)) text = replaceFolded(text, from, to);
  return text;
}

/** `text` with each occurrence of `from`, compared folded (see {@link normalise}), replaced by `to`. */
function replaceFolded(text: string, from: string, to: string): string {
  const key = normalisePhrase(from);
  if (key === "") return text.split(from).join(to);
  const folded = normalise(text);
  const pieces: string[] = [];
  let read = 0;
  for (let at = folded.text.indexOf(key); at >= 0; at = folded.text.indexOf(key, at + key.length)) {
    const start = folded.originalStart[at]!;
    if (start < read) continue;
    pieces.push(text.slice(read, start), to);
    read = folded.originalEnd[at + key.length - 1]!;
  }
  pieces.push(text.slice(read));
  return pieces.join("");
}

/** 服务忌语: none of `phrases` may be said by `speaker`, except where an exception says otherwise. */
export const forbiddenRuleSchema = lazy(() => z
  .strictObject({
    ...commonRuleFields,
    type: z.literal("forbidden"),
    phrases: phraseList,
    boundary: boundaryField,
    ...phraseMatchingFields,
    /** Contexts that contain a hit and make it acceptable, e.g. 如果您不知道 around 不知道. */
    unless: phraseList.optional(),
    /**
     * Phrases that excuse every hit in the turn they occur in, wherever they stand: a refusal
     * is acceptable in a turn that also apologises (抱歉) or offers an alternative (建议您…).
     */
    unlessTurn: phraseList.optional(),
    /** Whether hits inside quotation marks (quoted or reported speech) count; default no. */
    quoted: z.boolean().optional(),
    /** Only in this part of the call; absent = the whole call. */
    within: windowSchema.optional(),
    /**
     * What `huashu lint --fix` writes in a script instead of a matched phrase (may be empty), or
     * substitutions made inside the matched text (`{你: 您}` turns 你家 into 您家).
     */
    replacement: z.union([oneLine, z.record(oneLine.min(1, "替换的原文不能为空"), oneLine)]).optional(),
  })
  // A replacement that still says a forbidden phrase would make --fix undo nothing and never settle.
  .refine(
    (rule) => {
      if (rule.replacement === undefined) return true;
      const wordings = normalisedWordings(rule.phrases);
      return !wordings.some((wording) => {
        const fixed = normalisePhrase(replaceText(wording, rule.replacement!));
        return wordings.some((forbidden) => fixed.includes(forbidden));
      });
    },
    { message: "replacement 不能包含本规则禁用的短语", path: ["replacement"] },
  ));

/**
 * What a rule needs at every check, worked out once per rule: read from here, its fields are
 * where every check finds them, not in rule objects of as many shapes as rules.
 */
interface Prepared {
  speaker: ForbiddenRule["speaker"];
  within: ForbiddenRule["within"];
  /** `unlessTurn` as a phrase list of the rule set's index. */
  turnExceptions: PhraseList | undefined;
}

const prepared = new WeakMap<ForbiddenRule, Prepared>();

function prepare(rule: ForbiddenRule): Prepared {
  let known = prepared.get(rule);
  if (!known) {
    known = {
      speaker: rule.speaker,
      within: rule.within,
      turnExceptions: rule.unlessTurn ? { phrases: rule.unlessTurn, boundary: rule.boundary } : undefined,
    };
    prepared.set(rule, known);
  }
  return known;
}

/** Reports every occurrence of the rule's phrases in the turns of its speaker that no exception excuses. */
function checkForbidden(rule: ForbiddenRule, context: LintContext): readonly Violation[] {
  const { speaker, within, turnExceptions } = prepare(rule);
  const violations: Violation[] = [];
  for (const turn of context.candidateTurns(rule, windowTurns(context, speaker, within))) {
    const matches = context.matches(turn, rule);
    if (matches.length === 0) continue;
    if (turnExceptions && context.hasMatch(turn, turnExceptions)) continue;
    for (const match of unexcused(context, turn, rule, matches)) {
      if (!rule.quoted && context.isQuoted(turn, match)) continue;
      violations.push(context.violationAt(rule, turn, match, undefined, rule.replacement === undefined ? undefined : (hit) => replaceText(hit, rule.replacement!)));
    }
  }
  return violations;
}

export const forbiddenRuleType: RuleTypeDefinition<ForbiddenRule> = {
  check: checkForbidden,
  // A window (the first or last turns) is the call's, not a fragment's.
  scope: (rule) => (rule.within ? "whole-call" : "speech"),
  phraseLists: (rule) => [rule],
  // Only a turn of its speaker in which its phrases occur can break it (see checkForbidden).
  brokenOnlyBy: (rule) => ({ list: rule, speaker: rule.speaker }),
  exceptionLists: (rule) => {
    const { turnExceptions } = prepare(rule);
    return turnExceptions ? [turnExceptions] : [];
  },
  // A hit is final when its turn arrives, if the turn's place in the window is.
  decidability: (rule) => windowDecidability(rule.within),
};
