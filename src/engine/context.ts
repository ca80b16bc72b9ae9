import { TurnBoundaries, type Segmentation } from "../match/boundaries.js";
import type { HomophoneIndex } from "../match/homophones.js";
import type { PhraseIndex, TextHits } from "../match/phrase-index.js";
import { quotedRanges } from "../match/quotes.js";
import { acceptCandidate, type PhraseList, type Span } from "../match/phrase-match.js";
import { regexSpans, type RuleRegex } from "../match/regex.js";
import { characterTag, taggedTokens } from "../match/segmenter.js";
import { saidWithoutPunctuation } from "../match/soft-boundaries.js";
import {
  isTokenPattern,
  clauseLattice,
  matchInClause,
  mayMatch,
  type ClauseLattice,
  tokenPattern,
  type TokenPattern,
} from "../match/token-pattern.js";
import type { WithoutFillers } from "../normalise/fillers.js";
import { clauseAt, clauseEnd, normalise, type NormalisedText } from "../normalise/normalise.js";
import type { SourcePosition, Transcript, Turn } from "../transcript/model.js";
import { lastIndexAtMost, lineStartsOf } from "../util/sorted.js";
import { sortSmall } from "../util/array.js";
import type { PhraseMatchers, RuleInfo, SpeakerFilter } from "./types.js";
import { excerpt, EXCERPT_LENGTH, type Notice, type Violation } from "./violation.js";

/**
 * Thrown by {@link LintContext.timeOf} when a turn has no times: the rule being checked
 * cannot be judged on this transcript, which the engine reports as a notice.
 */
export class MissingTimesError extends Error {
  override name = "MissingTimesError";
}

/** An occurrence of a phrase list in a turn: one stretch of normalised text, made of one or more touching hits. */
export interface PhraseMatch extends Span {
  /** The phrase as written in the rule (a family, or plain) whose wording matched first. */
  phrase: string;
  /** The hits that make up the stretch, in order. */
  parts: readonly Span[];
}

/** Start and end of a turn in ms. */
export interface TurnTimes {
  start: number;
  end: number;
}

/** What one automaton found in a view of a turn; computed on first request. */
interface Scan {
  /** The scan's hits by owner id (see {@link PhraseIndex.byOwner}). */
  hits?: TextHits;
  /** The text as the automaton's syllable ids, for homophones. */
  syllables?: string;
  syllableHits?: TextHits;
}

/**
 * A turn's text as phrases are looked for in it: normalised, or also without its fillers.
 * Its scan by the rule set's automaton, the scan by the automaton of occasional lists (only in
 * turns asked about them: where a rule matched, the customer's), word boundaries and syllables are
 * computed on first request.
 */
interface TurnView extends Scan {
  readonly normalised: NormalisedText;
  /** For a view without fillers, the offsets of its units in the turn's normalised text. */
  readonly baseOffset?: Readonly<Uint32Array>;
  boundaries?: TurnBoundaries;
  occasionalScan?: Scan;
  customerScan?: Scan;
  /** By clause, the clause as token patterns read it: read once for all the patterns matched there. */
  lattices?: Array<ClauseLattice | undefined>;
}

/** An automaton of phrase lists and its homophone twin: the rule set's, that of its occasional lists or that of the customer's. */
interface Scanner {
  readonly phrases: PhraseIndex<PhraseList>;
  homophones(): HomophoneIndex;
  /** Where a view keeps what this automaton found. */
  scanOf(view: TurnView): Scan;
}

/** How a phrase list is matched with a rule set's matchers, worked out once per list and rule set. */
export interface ListPlan {
  /** The automaton that holds the list: 0, the rule set's; 1, that of its occasional lists; 2, that of the customer's. */
  readonly scanner: 0 | 1 | 2;
  /** The list's owner id in that automaton. */
  readonly owner: number;
  readonly homophones: boolean;
  /** Whether the list matches through fillers in a script, and in a transcript. */
  readonly fillersInScripts: boolean;
  readonly fillersInTranscripts: boolean;
}

/**
 * By rule set: each list's plan, or null for a list in neither automaton. Every rule asks for
 * its lists on every transcript: one lookup here instead of several, each reading fields of
 * rule objects of many shapes.
 */
const plansByMatchers = new WeakMap<PhraseMatchers, Map<PhraseList, ListPlan | null>>();

function plansOf(matchers: PhraseMatchers): Map<PhraseList, ListPlan | null> {
  let plans = plansByMatchers.get(matchers);
  if (!plans) plansByMatchers.set(matchers, (plans = new Map()));
  return plans;
}

/**
 * How a list is matched with a rule set's matchers; null for a list in neither automaton. A rule
 * set's checks look it up once (see {@link LintContext.occursPlanned}) instead of on every call.
 */
export function listPlan(matchers: PhraseMatchers, list: PhraseList): ListPlan | null {
  return planOf(matchers, plansOf(matchers), list);
}

function planOf(matchers: PhraseMatchers, plans: Map<PhraseList, ListPlan | null>, list: PhraseList): ListPlan | null {
  let plan = plans.get(list);
  if (plan === undefined) {
    const main = matchers.phrases.ownerId(list);
    const occasional = main === undefined ? matchers.occasionalPhrases.ownerId(list) : undefined;
    const customer =
      main === undefined && occasional === undefined ? matchers.customerPhrases.ownerId(list) : undefined;
    const owner = main ?? occasional ?? customer;
    plan =
      owner === undefined
        ? null
        : {
            scanner: main !== undefined ? 0 : occasional !== undefined ? 1 : 2,
            owner,
            homophones: matchers.homophonesFor(list),
            fillersInScripts: matchers.fillersFor(list, true),
            fillersInTranscripts: matchers.fillersFor(list, false),
          };
    plans.set(list, plan);
  }
  return plan;
}

/** By rule set: its three {@link Scanner}s, made once, not for every call. */
const scannersByMatchers = new WeakMap<PhraseMatchers, readonly [Scanner, Scanner, Scanner]>();

function scannersOf(matchers: PhraseMatchers): readonly [Scanner, Scanner, Scanner] {
  let scanners = scannersByMatchers.get(matchers);
  if (!scanners) {
    scanners = [
      { phrases: matchers.phrases, homophones: () => matchers.homophones, scanOf: (view) => view },
      {
        phrases: matchers.occasionalPhrases,
        homophones: () => matchers.occasionalHomophones,
        scanOf: (view) => (view.occasionalScan ??= {}),
      },
      {
        phrases: matchers.customerPhrases,
        homophones: () => matchers.customerHomophones,
        scanOf: (view) => (view.customerScan ??= {}),
      },
    ];
    scannersByMatchers.set(matchers, scanners);
  }
  return scanners;
}

/** Which of a list's phrases a match is looked for among: plain phrases, token patterns, or both. */
type MatchKinds = "all" | "phrases" | "patterns";

/** A speaker's turns (what {@link LintContext.turnsOf} gives) and, by owner id, those of them with hits. */
interface SpeakerTurns {
  readonly turns: readonly number[];
  plain?: number[][];
  /** Also counting hits once fillers are dropped. */
  withFillers?: number[][];
}

/** What rule checks ask of a transcript. Everything is computed once, on first request. */
export class LintContext {
  // By turn index: arrays, since every rule asks for every turn of its speaker; made as long as
  // the call, since an empty one grows to seventeen elements at its first element.
  private readonly views: Array<TurnView | undefined>;
  /** Views without fillers; `null` for a turn that has none. */
  private readonly viewsWithoutFillers: Array<TurnView | null | undefined>;
  private readonly lineStartsByTurn: Array<number[] | undefined>;
  private readonly quotedByTurn: Array<Array<[number, number]> | undefined>;
  /** By turn: whether it was said without punctuation (see {@link saidWithoutPunctuation}). */
  private readonly withoutPunctuation: Array<boolean | undefined>;
  // By speaker: fields, not a map, since rules ask for them on every check.
  private agentTurns: SpeakerTurns | undefined;
  private customerTurns: SpeakerTurns | undefined;
  private anyTurns: SpeakerTurns | undefined;
  private readonly plans: Map<PhraseList, ListPlan | null>;
  /** Whether phrases match through fillers by default here: see {@link ListPlan}. */
  private readonly inScript: boolean;
  /** Rules that could not be judged on this transcript, and why. */
  readonly notices: Notice[] = [];

  /**
   * The automaton every turn a rule looks at is scanned with, that of occasional lists, scanned
   * only in the turns asked about them, and that of the customer's lists.
   */
  private readonly scanners: readonly [Scanner, Scanner, Scanner];

  constructor(
    readonly transcript: Transcript,
    private readonly matchers: PhraseMatchers,
    private readonly segmentation: Segmentation,
  ) {
    const turns = transcript.turns.length;
    this.views = new Array<TurnView | undefined>(turns);
    this.viewsWithoutFillers = new Array<TurnView | null | undefined>(turns);
    this.lineStartsByTurn = new Array<number[] | undefined>(turns);
    this.quotedByTurn = new Array<Array<[number, number]> | undefined>(turns);
    this.withoutPunctuation = new Array<boolean | undefined>(turns);
    this.scanners = scannersOf(matchers);
    this.plans = plansOf(matchers);
    this.inScript = transcript.kind === "script";
    // The eager baseline segments every turn, whether or not any rule needs it.
    if (segmentation === "eager") transcript.turns.forEach((_, turn) => this.boundaries(this.view(turn)));
  }

  /** Indices of the turns a rule for `speaker` looks at. */
  turnsOf(speaker: SpeakerFilter): readonly number[] {
    return this.speakerTurns(speaker).turns;
  }

  private speakerTurns(speaker: SpeakerFilter): SpeakerTurns {
    const known = speaker === "agent" ? this.agentTurns : speaker === "customer" ? this.customerTurns : this.anyTurns;
    if (known) return known;
    // A loop, not a callback: a closure here would be made on every call, known or not.
    const turns: number[] = [];
    const all = this.transcript.turns;
    for (let index = 0; index < all.length; index++)
      if (speaker === "any" || all[index]!.speaker === speaker) turns.push(index);
    const made: SpeakerTurns = { turns };
    if (speaker === "agent") this.agentTurns = made;
    else if (speaker === "customer") this.customerTurns = made;
    else this.anyTurns = made;
    return made;
  }

  /** The {@link SpeakerTurns} whose turns are `turns` (the very array), if any. */
  private speakerTurnsOf(turns: readonly number[]): SpeakerTurns | undefined {
    const { agentTurns, customerTurns, anyTurns } = this;
    if (agentTurns?.turns === turns) return agentTurns;
    if (customerTurns?.turns === turns) return customerTurns;
    return anyTurns?.turns === turns ? anyTurns : undefined;
  }

  normalised(turn: number): NormalisedText {
    return this.view(turn).normalised;
  }

  private view(turn: number): TurnView {
    return (this.views[turn] ??= { normalised: normalise(this.transcript.turns[turn]!.text) });
  }

  /**
   * The turn's normalised text without its fillers, where the list's phrases look through them
   * (see {@link matches}): what its `unless` contexts are looked for in too. Null where they do
   * not, or the turn has no fillers.
   */
  withoutFillers(turn: number, list: PhraseList): WithoutFillers | null {
    const plan = this.plan(list);
    if (!plan || !this.fillersFor(plan)) return null;
    // A view without fillers holds the text `fillers.drop` made (see viewWithoutFillers).
    return (this.viewWithoutFillers(turn)?.normalised as WithoutFillers | undefined) ?? null;
  }

  private viewWithoutFillers(turn: number): TurnView | null {
    let known = this.viewsWithoutFillers[turn];
    if (known === undefined) {
      const dropped = this.matchers.fillers.drop(this.normalised(turn));
      known = this.viewsWithoutFillers[turn] = dropped ? { normalised: dropped, baseOffset: dropped.baseOffset } : null;
    }
    return known;
  }

  private hits(view: TurnView, scanner = this.scanners[0]): TextHits {
    const scan = scanner.scanOf(view);
    scan.hits ??= scanner.phrases.byOwner(scanner.phrases.scan(view.normalised.text));
    return scan.hits;
  }

  private syllableHits(view: TurnView, scanner = this.scanners[0]): TextHits {
    const scan = scanner.scanOf(view);
    scan.syllables ??= scanner.homophones().syllables(view.normalised);
    scan.syllableHits ??= scanner.phrases.byOwner(scanner.homophones().scan(scan.syllables));
    return scan.syllableHits;
  }

  /** How a phrase list is matched; null for a list in neither automaton. */
  private plan(list: PhraseList): ListPlan | null {
    return planOf(this.matchers, this.plans, list);
  }

  private fillersFor(plan: ListPlan): boolean {
    return this.inScript ? plan.fillersInScripts : plan.fillersInTranscripts;
  }

  private boundaries(view: TurnView): TurnBoundaries {
    view.boundaries ??= new TurnBoundaries(view.normalised, this.segmentation);
    return view.boundaries;
  }

  private lineStarts(turn: number): readonly number[] {
    return (this.lineStartsByTurn[turn] ??= lineStartsOf(this.transcript.turns[turn]!.text));
  }

  /**
   * The turns among `turns` in which the list's phrases occur at all, word boundaries aside:
   * only these can have {@link matches}. Rules look at these instead of every turn of their
   * speaker, since a turn holds hits of few of a rule set's phrase lists.
   */
  candidateTurns(list: PhraseList, turns: readonly number[]): readonly number[] {
    return this.plannedCandidates(this.plan(list), turns);
  }

  /** {@link candidateTurns} of the list whose plan is given. */
  private plannedCandidates(plan: ListPlan | null, turns: readonly number[]): readonly number[] {
    if (!plan) return NONE;
    const fillers = this.fillersFor(plan);
    const index = plan.homophones || plan.scanner !== 0 ? undefined : this.speakerTurnsOf(turns);
    if (!index) return this.candidatesAmong(turns, plan, fillers);
    // A speaker's whole turns, asked for by every rule: each turn's owners are listed once.
    const byOwner = fillers
      ? (index.withFillers ??= this.turnsByOwner(turns, true))
      : (index.plain ??= this.turnsByOwner(turns, false));
    return byOwner[plan.owner] ?? NONE;
  }

  /**
   * {@link candidateTurns} turn by turn. Apart, so that the common call above makes no closure:
   * one that a function holds is made on every call, whichever way the call goes.
   */
  private candidatesAmong(
    turns: readonly number[],
    { owner, homophones, scanner: scannerIndex }: ListPlan,
    fillers: boolean,
  ): readonly number[] {
    const scanner = this.scanners[scannerIndex];
    // Made only once a turn is found: rules ask this of every call, and most find none.
    let candidates: number[] | undefined;
    for (const turn of turns) {
      let found = this.hasHits(this.view(turn), scanner, owner, homophones);
      if (!found && fillers) {
        const withoutFillers = this.viewWithoutFillers(turn);
        found = withoutFillers !== null && this.hasHits(withoutFillers, scanner, owner, homophones);
      }
      if (!found) continue;
      if (candidates) candidates.push(turn);
      else candidates = [turn]; // a literal holds one element; an empty array grows to seventeen at its first push
    }
    return candidates ?? NONE;
  }

  /** Whether a view has hits of the owner, in its text or, for a list matched so, as homophones. */
  private hasHits(view: TurnView, scanner: Scanner, owner: number, homophones: boolean): boolean {
    return this.hits(view, scanner).has(owner) || (homophones && this.syllableHits(view, scanner).has(owner));
  }

  /** Whether the list's phrases occur at all, word boundaries aside, in the speaker's turns: see {@link candidateTurns}. */
  occursIn(list: PhraseList, speaker: SpeakerFilter): boolean {
    return this.occursPlanned(this.plan(list), speaker);
  }

  /**
   * Whether the list's phrases may occur in the speaker's turns, known without scanning more
   * text: {@link occursIn} where the turns' scan by the rule set's automaton tells it; `true`
   * for a list in the automaton of occasional lists or matched as homophones, whose turns would
   * have to be scanned for it first.
   */
  mayOccurIn(list: PhraseList, speaker: SpeakerFilter): boolean {
    const plan = this.plan(list);
    if (plan && (plan.scanner !== 0 || plan.homophones)) return true;
    return this.occursPlanned(plan, speaker);
  }

  /** {@link occursIn} of the list whose plan ({@link listPlan}) is given. */
  occursPlanned(plan: ListPlan | null, speaker: SpeakerFilter): boolean {
    return this.plannedCandidates(plan, this.turnsOf(speaker)).length > 0;
  }

  /** By owner id, the turns among `turns` (in order) whose scan has hits of the owner, also once fillers are dropped with `fillers`. */
  private turnsByOwner(turns: readonly number[], fillers: boolean): number[][] {
    const byOwner: number[][] = [];
    for (const turn of turns) {
      for (const owner of this.hits(this.view(turn)).owners) {
        const list = byOwner[owner];
        if (list) list.push(turn);
        else byOwner[owner] = [turn]; // see candidatesAmong
      }
      const withoutFillers = fillers ? this.viewWithoutFillers(turn) : null;
      if (!withoutFillers) continue;
      for (const owner of this.hits(withoutFillers).owners) {
        const list = (byOwner[owner] ??= []);
        if (list[list.length - 1] !== turn) list.push(turn);
      }
    }
    return byOwner;
  }

  /**
   * Occurrences of the list's phrases in a turn, in order and without overlaps (of two
   * overlapping ones the earlier, or at one start the longer, wins), as spans of the turn's
   * normalised text. Occurrences that touch (喂喂喂, 你,你) are one stretch of text and so one
   * match. Only candidates found by the scan are segmented. Where the list allows, phrases also
   * match with fillers in between (a match then spans them) and as homophones (the match then
   * has a `detail`).
   */
  matches(turn: number, list: PhraseList): PhraseMatch[] {
    const plan = this.plan(list);
    if (!plan) return [];
    const found: PhraseMatch[] = [];
    this.collectInTurn(turn, plan, list, found, "all");
    return found.length > 1 ? joinTouching(withoutOverlaps(found)) : found;
  }

  /**
   * Whether the list matches in a turn at all: what {@link matches} would find, but plain phrases
   * are tried before token patterns, which need the clause tagged, and only if none matched.
   */
  hasMatch(turn: number, list: PhraseList): boolean {
    const plan = this.plan(list);
    if (!plan) return false;
    const found: PhraseMatch[] = [];
    this.collectInTurn(turn, plan, list, found, "phrases");
    if (found.length === 0) this.collectInTurn(turn, plan, list, found, "patterns");
    return found.length > 0;
  }

  /** Adds the list's matches in a turn to `found`: in its text, and without its fillers where the list allows. */
  private collectInTurn(turn: number, plan: ListPlan, list: PhraseList, found: PhraseMatch[], kinds: MatchKinds): void {
    this.collectMatches(turn, this.view(turn), plan, list, found, kinds);
    const withoutFillers = this.fillersFor(plan) ? this.viewWithoutFillers(turn) : null;
    if (withoutFillers) this.collectMatches(turn, withoutFillers, plan, list, found, kinds);
  }

  /**
   * Adds the list's matches in one view of a turn to `found`, as spans of the turn's normalised
   * text: of its plain phrases, its token patterns or both (`kinds`).
   */
  private collectMatches(
    turn: number,
    view: TurnView,
    { scanner: scannerIndex, owner, homophones }: ListPlan,
    list: PhraseList,
    found: PhraseMatch[],
    kinds: MatchKinds,
  ): void {
    const scanner = this.scanners[scannerIndex];
    const exact = this.hits(view, scanner).of(owner);
    const heard = homophones ? this.syllableHits(view, scanner).of(owner) : undefined;
    if (!exact && !heard) return;
    const mode = list.boundary ?? "token";
    const text = view.normalised.text;
    for (const { phrase, hits } of exact ?? []) {
      const isPattern = isTokenPattern(phrase);
      if (kinds !== "all" && isPattern !== (kinds === "patterns")) continue;
      if (isPattern) {
        // The hits are the pattern's anchor: the pattern is matched once in each clause that holds
        // one. They are one wording's, in order, so a clause's come together.
        let previous = -1;
        for (const hit of hits) {
          const clause = clauseAt(view.normalised, hit.start);
          if (clause === previous) continue;
          previous = clause;
          for (const span of tokenPatternSpans(view, tokenPattern(phrase), clause, this.unpunctuated(turn), true))
            addMatch(found, inTurnText(view, span), phrase);
        }
        continue;
      }
      for (const hit of hits) {
        const span = acceptCandidate(hit, mode, text, this.boundaries(view));
        if (span) addMatch(found, inTurnText(view, span), phrase);
      }
    }
    for (const { pattern, phrase, hits } of kinds === "patterns" ? [] : (heard ?? [])) {
      // Token patterns match what was written, not what sounds like it.
      if (isTokenPattern(phrase)) continue;
      for (const hit of hits) {
        // Said as written: the exact scan has it already.
        const patterns = scanner.phrases.patterns;
        if (text.startsWith(patterns[pattern]!, hit.start)) continue;
        const span = acceptCandidate(hit, mode, scanner.scanOf(view).syllables!, this.boundaries(view));
        if (!span) continue;
        const match = inTurnText(view, span);
        match.detail = `听写为“${this.originalText(turn, match)}”(同音:${patterns[pattern]})`;
        addMatch(found, match, phrase);
      }
    }
  }

  /** Matches of a token pattern in the clause of a turn's normalised text that holds `offset`. */
  tokenPatternMatchesAt(turn: number, pattern: TokenPattern, offset: number): Span[] {
    const view = this.view(turn);
    return tokenPatternSpans(view, pattern, clauseAt(view.normalised, offset), this.unpunctuated(turn));
  }

  /**
   * Whether a turn was said without punctuation (speech-to-text): its spaces and `_` are pauses, not
   * a writer's cuts, and token patterns' clauses also end at soft boundaries there.
   */
  unpunctuated(turn: number): boolean {
    return (this.withoutPunctuation[turn] ??= saidWithoutPunctuation(this.transcript.turns[turn]!.text));
  }

  /** Whether a span of a turn's normalised text lies inside quotation marks (quoted or reported speech). */
  isQuoted(turn: number, span: Span): boolean {
    const ranges = (this.quotedByTurn[turn] ??= quotedRanges(this.transcript.turns[turn]!.text));
    if (ranges.length === 0) return false;
    const { from, to } = this.originalRange(turn, span);
    return ranges.some(([start, end]) => start <= from && to <= end);
  }

  /** Matches of a rule's regular expression in the normalised text of a turn, without overlaps. */
  regexMatches(turn: number, pattern: RuleRegex): Span[] {
    return withoutOverlaps(regexSpans(pattern, this.normalised(turn).text));
  }

  private timed: boolean | undefined;

  /** Whether every turn has times (transcripts have them on all turns or on none). */
  hasTimes(): boolean {
    this.timed ??= this.transcript.turns.every((turn) => turn.start !== undefined && turn.end !== undefined);
    return this.timed;
  }

  /** Times of a turn; throws {@link MissingTimesError} when the turn has none. */
  timeOf(turn: number): TurnTimes {
    const { start, end } = this.transcript.turns[turn]!;
    if (start === undefined || end === undefined) throw new MissingTimesError();
    return { start, end };
  }

  /** When the call ends, in ms from its start: the latest turn end. Needs times on every turn. */
  callEnd(): number {
    return this.transcript.turns.reduce((latest, _, turn) => Math.max(latest, this.timeOf(turn).end), 0);
  }

  /** Records that a rule could not be judged (once per rule and message). */
  notice(rule: RuleInfo, message: string): void {
    // A loop, not `some`: every timed rule asks this on every untimed call, and a closure is made per call.
    for (const notice of this.notices) if (notice.ruleId === rule.id && notice.message === message) return;
    this.notices.push({ ruleId: rule.id, message });
  }

  /**
   * A violation at a matched span of a turn; `detail` defaults to the span's. A phrase match
   * names the phrase that matched; with a `replace` function, the violation carries its fix:
   * every hit of the stretch replaced (the function gets the hit's original text), the text
   * between hits (punctuation, spaces) kept.
   */
  violationAt(
    rule: RuleInfo,
    turn: number,
    span: Span | PhraseMatch,
    detail = span.detail,
    replace?: (hit: string) => string,
  ): Violation {
    const source = this.transcript.turns[turn]!;
    const { from, to } = this.originalRange(turn, span);
    const lineStarts = this.lineStarts(turn);
    const violation = this.violation(rule, {
      turn,
      region: "match",
      text: source.text.slice(from, to),
      from: position(source, turn, lineStarts, from),
      to: position(source, turn, lineStarts, to),
      start: source.start,
      end: source.end,
      detail,
    });
    if ("phrase" in span) {
      violation.phrase = span.phrase;
      if (replace !== undefined) violation.fix = { text: this.replaceParts(turn, span, from, to, replace) };
    }
    return violation;
  }

  /** The original text from `from` to `to` with each hit of a match replaced. */
  private replaceParts(
    turn: number,
    match: PhraseMatch,
    from: number,
    to: number,
    replace: (hit: string) => string,
  ): string {
    const text = this.transcript.turns[turn]!.text;
    let fixed = "";
    let at = from;
    for (const part of match.parts) {
      const range = this.originalRange(turn, part);
      fixed += text.slice(at, range.from) + replace(text.slice(range.from, range.to));
      at = range.to;
    }
    return fixed + text.slice(at, to);
  }

  /** The original text of a span of a turn's normalised text. */
  originalText(turn: number, span: Span): string {
    const { from, to } = this.originalRange(turn, span);
    return this.transcript.turns[turn]!.text.slice(from, to);
  }

  private originalRange(turn: number, span: Span): { from: number; to: number } {
    const normalised = this.normalised(turn);
    return { from: normalised.originalStart[span.start]!, to: normalised.originalEnd[span.end - 1]! };
  }

  /**
   * A violation covering whole turns: by default the window a required phrase was looked for
   * in; `timing` for turns whose times the rule measured.
   */
  violationOver(
    rule: RuleInfo,
    turns: readonly number[],
    detail?: string,
    region: "window" | "timing" = "window",
  ): Violation {
    const first = turns[0]!;
    const last = turns[turns.length - 1]!;
    const lastTurn = this.transcript.turns[last]!;
    const firstTurn = this.transcript.turns[first]!;
    return this.violation(rule, {
      turn: first,
      region,
      text: this.excerptOf(turns),
      from: position(firstTurn, first, this.lineStarts(first), 0),
      to: position(lastTurn, last, this.lineStarts(last), lastTurn.text.length),
      start: firstTurn.start,
      end: lastTurn.end,
      detail,
    });
  }

  /** The {@link excerpt} of turns' text joined by line breaks, joining no more of it than that needs. */
  private excerptOf(turns: readonly number[]): string {
    let text = this.transcript.turns[turns[0]!]!.text;
    for (let index = 1; index < turns.length && text.length <= EXCERPT_LENGTH; index++)
      text += `\n${this.transcript.turns[turns[index]!]!.text}`;
    return excerpt(text);
  }

  private violation(rule: RuleInfo, { turn, region, text, from, to, start, end, detail }: ViolationPlace): Violation {
    // Optional fields are assigned, not spread: spreading in this hot path is several times slower.
    const violation: Violation = {
      ruleId: rule.id,
      type: rule.type,
      severity: rule.severity,
      message: rule.message,
      speaker: this.transcript.turns[turn]!.speaker,
      turn,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      text,
      region,
    };
    if (rule.suggestion !== undefined) violation.suggestion = rule.suggestion;
    if (detail !== undefined) violation.detail = detail;
    if (start !== undefined) violation.start = start;
    if (end !== undefined) violation.end = end;
    return violation;
  }
}

/** Where a violation is and what it quotes, as {@link LintContext} works it out. */
interface ViolationPlace {
  /** The turn it is reported in (the first of a window). */
  turn: number;
  region: Violation["region"];
  /** The original text it quotes. */
  text: string;
  from: SourcePosition;
  to: SourcePosition;
  /** Times in ms, when the transcript has them. */
  start: number | undefined;
  end: number | undefined;
  detail: string | undefined;
}

/**
 * Matches of a token pattern in one clause of a normalised text, as spans of that text. The
 * clause is tagged only when it holds every literal the pattern needs (bar its anchor, when the scan
 * found that there: `anchorFound`).
 */
function tokenPatternSpans(
  view: TurnView,
  pattern: TokenPattern,
  clause: number,
  unpunctuated: boolean,
  anchorFound = false,
): Span[] {
  const { normalised } = view;
  const start = normalised.clauseStarts[clause]!;
  const text = normalised.text.slice(start, clauseEnd(normalised, clause));
  if (!mayMatch(pattern, text, unpunctuated, anchorFound)) return [];
  const read = ((view.lattices ??= [])[clause] ??= clauseLattice(text, taggedTokens(text), characterTag, unpunctuated));
  return matchInClause(pattern, read).map((span) => ({ start: start + span.start, end: start + span.end }));
}

/** Adds a match of the phrase at the span to `found`: built field by field, since an object spread here cost a third of the matching time. */
function addMatch(found: PhraseMatch[], span: Span, phrase: string): void {
  const match: PhraseMatch = { start: span.start, end: span.end, phrase, parts: [span] };
  if (span.detail !== undefined) match.detail = span.detail;
  found.push(match);
}

/** A span of a view as a span of the turn's normalised text: one without fillers then covers them. */
function inTurnText(view: TurnView, span: Span): Span {
  const offsets = view.baseOffset;
  return offsets ? { start: offsets[span.start]!, end: offsets[span.end - 1]! + 1 } : span;
}

/**
 * Spans in order; of two overlapping ones the earlier (or, at one start, the longer; at one
 * range, the one said as written, without a detail) is kept.
 */
function withoutOverlaps<S extends Span>(spans: S[]): S[] {
  sortSmall(
    spans,
    (a, b) => a.start - b.start || b.end - a.end || Number(a.detail !== undefined) - Number(b.detail !== undefined),
  );
  const kept: S[] = [];
  for (const span of spans) {
    const last = kept[kept.length - 1];
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}

/** Matches in order without overlaps, those that touch joined into one (the first one's phrase names it). */
function joinTouching(matches: PhraseMatch[]): PhraseMatch[] {
  const joined: PhraseMatch[] = [];
  for (const match of matches) {
    const last = joined[joined.length - 1];
    if (last && last.end === match.start)
      joined[joined.length - 1] = { ...last, end: match.end, parts: [...last.parts, ...match.parts] };
    else joined.push(match);
  }
  return joined;
}

/** Source line and column of an offset in a turn's text, given the offsets where its lines start. */
function position(turn: Turn, index: number, lineStarts: readonly number[], offset: number): SourcePosition {
  const base = turnStart(turn, index);
  const line = lastIndexAtMost(lineStarts, offset);
  return line === 0
    ? { line: base.line, column: base.column + offset }
    : { line: base.line + line, column: offset - lineStarts[line]! + 1 };
}

/**
 * Where a turn starts in its source: the position that {@link position} counts from, and that
 * turns without a `source` are reported at.
 */
export function turnStart(turn: Turn, index: number): SourcePosition {
  return turn.source ?? { line: index + 1, column: 1 };
}

/**
 * The offset in a turn's text of a reported line and column, the inverse of how violations
 * are located (exact even where JSON escapes make columns differ from the file's); clamped to
 * the text, for a position in another turn.
 */
export function offsetInTurn(turn: Turn, index: number, at: SourcePosition): number {
  const base = turnStart(turn, index);
  const lineStarts = lineStartsOf(turn.text);
  const line = at.line - base.line;
  const offset =
    line <= 0
      ? line < 0
        ? 0
        : at.column - base.column
      : line < lineStarts.length
        ? lineStarts[line]! + at.column - 1
        : turn.text.length;
  return Math.min(Math.max(offset, 0), turn.text.length);
}

/** Where a turn's text ends in its source (just past its last character), as violations over whole turns end. */
export function turnEnd(turn: Turn, index: number): SourcePosition {
  return position(turn, index, lineStartsOf(turn.text), turn.text.length);
}

/**
 * No turns: what {@link LintContext.candidateTurns} mostly gives, shared. Not frozen: a frozen
 * array has a shape of its own, which would make every loop over candidates handle two.
 */
const NONE: readonly number[] = [];
