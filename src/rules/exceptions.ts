/**
 * `unless` contexts: phrases around a match that take it back (如果您不知道 around 不知道, 我不是要投诉
 * around 投诉), for a forbidden rule's phrases and a condition's alike.
 */
import type { LintContext } from "../engine/context.js";
import { normalisedWordings } from "../match/phrase-index.js";
import type { PhraseList, Span } from "../match/phrase-match.js";
import { isTokenPattern, tokenPattern, type TokenPattern } from "../match/token-pattern.js";
import type { WithoutFillers } from "../normalise/fillers.js";
import { clauseAt, clauseEnd, type NormalisedText } from "../normalise/normalise.js";
import { firstIndexWhere } from "../util/sorted.js";

/** A phrase list that may have `unless` contexts: a forbidden rule, or a condition with phrases. */
interface ExceptedList extends PhraseList {
  readonly unless?: readonly string[] | undefined;
}

/** The `unless` contexts of a list, worked out once per list. */
interface Exceptions {
  /** Every wording of its phrases, normalised. */
  wordings: readonly string[];
  /** Its token patterns. */
  patterns: readonly TokenPattern[];
  /** By a match's text, the wordings that hold it and where (at most {@link KNOWN_TEXTS} texts, as a pattern's matches vary). */
  holding: Map<string, Holding>;
}

/**
 * The wordings that hold one match text, with the offset of each place, filed by the unit that
 * follows the text there ("" where the wording ends with it): a match is tried against those
 * whose next unit is the one after it in the turn, and those that end with it — a few, where
 * a family of contexts around a common word (不好意思…没听清, …打断一下) has hundreds.
 */
type Holding = Map<string, Array<readonly [wording: string, offset: number]>>;

/** How many match texts a list remembers the wordings holding them for. */
const KNOWN_TEXTS = 1024;

const prepared = new WeakMap<PhraseList, Exceptions>();

/** The `unless` phrases of a phrase list, none when it has no such key. */
export function unlessPhrases(list: PhraseList): readonly string[] {
  return (list as ExceptedList).unless ?? [];
}

function exceptionsOf(list: PhraseList): Exceptions {
  let known = prepared.get(list);
  if (!known) {
    const unless = unlessPhrases(list);
    known = {
      wordings: normalisedWordings(unless.filter((entry) => !isTokenPattern(entry))),
      patterns: unless.filter(isTokenPattern).map(tokenPattern),
      holding: new Map(),
    };
    prepared.set(list, known);
  }
  return known;
}

/**
 * The matches of `list` in a turn that none of its `unless` contexts covers (within its clause, see
 * {@link excusedByContext}).
 * Only the clauses of matches are looked at, so a list whose phrases are rare costs nothing
 * more for its contexts; a token pattern among them segments those clauses.
 */
export function unexcused<M extends Span>(context: LintContext, turn: number, list: PhraseList, matches: readonly M[]): readonly M[] {
  if (matches.length === 0 || unlessPhrases(list).length === 0) return matches;
  const exceptions = exceptionsOf(list);
  const normalised = context.normalised(turn);
  // In speech without punctuation a pause cuts no sentence: 我不是 要投诉 is one.
  const acrossPauses = context.unpunctuated(turn);
  let withoutFillers: WithoutFillers | null | undefined;
  return matches.filter((match) => {
    if (excusedByContext(normalised, match, exceptions, acrossPauses)) return false;
    // 我不是嗯要投诉: where the phrases look through fillers, so do their contexts.
    withoutFillers ??= exceptions.wordings.length > 0 ? context.withoutFillers(turn, list) : null;
    if (withoutFillers && excusedByContext(withoutFillers, spanWithoutFillers(withoutFillers, match), exceptions, acrossPauses)) return false;
    return !exceptions.patterns.some((pattern) => excusedByPattern(context, turn, match, pattern));
  });
}

/** A span of a turn's normalised text as the span of the same units in its text without fillers. */
function spanWithoutFillers({ baseOffset }: WithoutFillers, span: Span): Span {
  return {
    start: firstIndexWhere(baseOffset, (at) => at >= span.start),
    end: firstIndexWhere(baseOffset, (at) => at >= span.end),
  };
}

/**
 * Whether an `unless` context covers the span of the normalised text within its clause, or
 * anywhere in a turn said without punctuation: 不知道您… excuses a polite question, but not
 * 我不知道,您… across a comma. Only the wordings that
 * hold the span's text are tried, each where it would hold it, not along the rest of the turn: a
 * turn's many matches that no context is about (a complaint's 说好 beside the contexts of 投诉)
 * cost a lookup each.
 */
function excusedByContext(normalised: NormalisedText, span: Span, exceptions: Exceptions, acrossPauses: boolean): boolean {
  if (exceptions.wordings.length === 0) return false;
  const { text } = normalised;
  const hit = text.slice(span.start, span.end);
  const clause = clauseAt(normalised, span.start);
  const clauseStart = acrossPauses ? 0 : normalised.clauseStarts[clause]!;
  const clauseStop = acrossPauses ? text.length : clauseEnd(normalised, clause);
  const holding = wordingsHolding(exceptions, hit);
  const covers = (places: ReadonlyArray<readonly [string, number]> | undefined) =>
    places?.some(([wording, offset]) => {
      const at = span.start - offset;
      return at >= clauseStart && at + wording.length <= clauseStop && text.startsWith(wording, at);
    }) ?? false;
  return covers(holding.get(text.charAt(span.end))) || covers(holding.get(""));
}

/** The wordings that hold `hit`, with each place they hold it: only these can cover a match of that text. */
function wordingsHolding(exceptions: Exceptions, hit: string): Holding {
  const known = exceptions.holding.get(hit);
  if (known) return known;
  const places: Holding = new Map();
  for (const wording of exceptions.wordings)
    for (let offset = wording.indexOf(hit); offset >= 0; offset = wording.indexOf(hit, offset + 1)) {
      const next = wording.charAt(offset + hit.length);
      let list = places.get(next);
      if (!list) places.set(next, (list = []));
      list.push([wording, offset]);
    }
  if (exceptions.holding.size < KNOWN_TEXTS) exceptions.holding.set(hit, places);
  return places;
}

/** Whether a match of an `unless` token pattern in the same clause covers the span. */
function excusedByPattern(context: LintContext, turn: number, span: Span, pattern: TokenPattern): boolean {
  return context
    .tokenPatternMatchesAt(turn, pattern, span.start)
    .some((around) => around.start <= span.start && span.end <= around.end);
}
