import type { LintContext } from "../engine/context.js";
import type { Violation } from "../engine/violation.js";
import type { PhraseList } from "../match/phrase-match.js";
import type { Decidability, SpeakerFilter } from "./common.js";

/**
 * What a rule can judge: `speech`, anything said, so every script and transcript (a forbidden
 * phrase is wrong wherever it stands); `whole-call`, a call from its first turn to its last
 * (what must be said, in which order, what must answer what, timing), so transcripts and
 * scripts marked as whole calls only, never a script fragment.
 */
export type RuleScope = "speech" | "whole-call";

/** A list a rule is broken only by, said by a speaker: see {@link RuleTypeDefinition.brokenOnlyBy}. */
export interface BrokenOnlyBy {
  readonly list: PhraseList;
  readonly speaker: SpeakerFilter;
}

/** What each rule type's module provides besides its schema; registry.ts dispatches to it. */
export interface RuleTypeDefinition<R> {
  /** The violations of a rule on a transcript; throws `MissingTimesError` when it needs times the transcript lacks. */
  check(rule: R, context: LintContext): readonly Violation[];
  /** Every phrase list of the rule, each to be matched through the rule set's one automaton. */
  phraseLists(rule: R): readonly PhraseList[];
  /**
   * For a rule that can be broken only where one of its phrase lists occurs in its speaker's
   * turns (a forbidden phrase), that list and speaker: on a call where the scan found none of
   * it, the rule is passed over without its check. Most rules of a rule set are such, and most
   * calls break none of them.
   */
  brokenOnlyBy?(rule: R): BrokenOnlyBy;
  /**
   * Phrase lists consulted only in a turn where the rule already matched (`unlessTurn`): kept
   * out of the automaton every turn is scanned with, in one that only those turns meet.
   */
  exceptionLists?(rule: R): readonly PhraseList[];
  /** Whether every rule of the type measures time (silence, speech rate…): on an untimed transcript it is not checked at all. */
  timed?: true;
  /** What the rule, with these settings, can judge: see {@link RuleScope}. */
  scope(rule: R): RuleScope;
  /** Whether the rule, with these settings, can be decided as turns arrive. */
  decidability(rule: R): Decidability;
}
