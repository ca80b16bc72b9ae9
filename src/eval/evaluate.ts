import type { Diagnostic } from "../errors.js";
import { pushAll } from "../util/array.js";
import type { Notice, Violation } from "../engine/violation.js";
import { SEVERITY_RANK, type Severity } from "../rules/common.js";
import { quote } from "../report/text.js";
import type { Rule } from "../rules/registry.js";
import type { Transcript } from "../transcript/model.js";
import { ADDRESS_CATEGORY, KNOWN_CATEGORIES } from "../labels/categories.js";
import type { CallVerdict, LabelVerdict } from "../labels/review-labels.js";
import type { CallLabel, Label } from "./labels.js";
import { mergeLabels, type Disagreement, type MergedLabel } from "./merge.js";

/**
 * Whether a rule's violations are verdicts on the single turn they point at: it reports at
 * words matched in that turn. True for `forbidden`, `mustNot` conditions and `order` rules, and
 * `response` rules that forbid a reply (`expect: absent`); false for rules that report a
 * missing phrase or a measure over a window of turns (`required`, `must` conditions, missing
 * replies, timing rules), which say nothing about the words of any one turn.
 */
export function judgesTurns(rule: Rule): boolean {
  switch (rule.type) {
    case "forbidden":
    case "order":
      return true;
    case "condition":
      return rule.mustNot !== undefined;
    case "response":
      return rule.expect === "absent";
    default:
      return false;
  }
}

/** A transcript as linted for evaluation. */
export interface LintedTranscript {
  /** The id labels refer to it by. */
  id: string;
  /** The file it was read from, for diagnostics. */
  file: string;
  transcript: Transcript;
  /** Every violation the engine reported on it. */
  violations: readonly Violation[];
  /** The rules that could not judge it (e.g. a silence rule on a call without times). */
  notices?: readonly Notice[];
}

/** Which violations count as flagging their turn. */
export interface EvaluateOptions {
  /** The rules the transcripts were linted with, in rule-set order. */
  rules: readonly Rule[];
  /** Violations below this severity do not flag a turn; `info` (every severity) by default. */
  minSeverity?: Severity;
  /** Rules left out on purpose (`--ignore-rule`, `--only-rule`); their violations do not count. */
  isIgnored?: (ruleId: string) => boolean;
}

/** Recall, or precision: `null` when there is nothing to divide by. */
export type Ratio = number | null;

/** How the rules did on the labelled turns of one category (or of all of them). */
export interface CategoryScore {
  category: string;
  /** `violation` turns. */
  violations: number;
  /** `violation` turns flagged by at least one counted rule. */
  caught: number;
  /** caught / violations. */
  recall: Ratio;
  /** `borderline` turns: flagging them or not is not wrong. */
  borderline: number;
  borderlineFlagged: number;
}

/** The totals: every category, plus what only has a meaning over all of them. */
export interface OverallScore extends CategoryScore {
  /** `clean` turns. */
  clean: number;
  /** `clean` turns flagged. */
  falsePositives: number;
  /** caught / (caught + falsePositives). */
  precision: Ratio;
}

/** How often one rule flagged turns of each label. */
export interface RuleScore {
  ruleId: string;
  /**
   * Distinct turns flagged, by label; a turn whose review rejected the rule's hit counts in
   * `rejected` instead, and one whose reviewers marked the hit differently in `borderline`.
   */
  violation: number;
  /** Of the `violation` turns, those whose review confirmed the rule's hit. */
  confirmed: number;
  /** Turns whose review rejected the rule's hit (listed in {@link EvalReport.overturnedHits}). */
  rejected: number;
  borderline: number;
  clean: number;
  /** Customer turns flagged (customer turns are not labelled; they should not be flagged). */
  customer: number;
  /** Other turns flagged that have no label. */
  unlabelled: number;
  /** violation / (violation + clean + rejected). */
  precision: Ratio;
}

/** A hit a reviewer rejected (误报) that its rule still makes: what the rule's author has to fix. */
export interface OverturnedHit {
  /** The name of the {@link EvalSource} the label belongs to. */
  source: string;
  ruleId: string;
  /** The transcript's id and the turn. */
  id: string;
  turn: number;
  /** The words the rule matched in the turn, one per violation. */
  matched: string[];
  /** The turn's text. */
  text: string;
  /** The turn's label (`clean`, or a violation of another kind). */
  label: Label["label"];
  /** Who reviewed the turn, and why. */
  reviewer?: string;
  note?: string;
}

/** What the reviews marked, over every source. */
export interface ReviewCounts {
  /** Turns whose labels mark hits (`hits`). */
  turns: number;
  /** Hits confirmed and rejected, one per turn and rule (those the reviewers marked differently left out). */
  confirmed: number;
  rejected: number;
}

/** One labelled turn in a list of misses or false positives. */
export interface TurnEntry extends Omit<Label, "source" | "marks"> {
  /** The name of the {@link EvalSource} the label belongs to. */
  source: string;
  /** The counted violations on the turn: which rule matched which words. */
  hits: Array<{ ruleId: string; text: string }>;
}

/** Why a rule's violations were not counted. */
export type ExclusionReason = "type" | "ignored";

/** A call labelled for a whole-call rule, in a list of false verdicts or of calls not judged. */
export interface CallEntry {
  /** The name of the {@link EvalSource} the label belongs to. */
  source: string;
  id: string;
  ruleId: string;
  label: CallVerdict;
  note?: string;
  /** What the rule reported, for a false "missing": its first violation's detail, or the turns it searched. */
  reported?: string;
}

/** How whole-call rules did on the calls labelled for them (one rule's, or all together). */
export interface CallVerdictScore {
  /** Calls labelled `done` and `missing`. */
  done: number;
  missing: number;
  /** Calls where the rule's verdict (reported: missing; not reported: done) is the label. */
  right: number;
  /** Labelled `done`, reported by the rule. */
  falseMissing: number;
  /** Labelled `missing`, not reported by the rule. */
  falseDone: number;
  /** Calls the rule could not judge (it gave a notice instead, e.g. a silence rule without turn times). */
  notJudged: number;
  /** right / (done + missing − notJudged). */
  accuracy: Ratio;
}

/** One whole-call rule's {@link CallVerdictScore}. */
export interface CallRuleScore extends CallVerdictScore {
  ruleId: string;
}

/** The call-level scores of one source, or of every source together. */
export interface CallScores {
  /** Each whole-call rule that has call labels, in rule-set order. */
  callRules: CallRuleScore[];
  /** All of them together. */
  callVerdicts: CallVerdictScore;
}

/**
 * One set of labels and the transcripts they refer to, e.g. a labels file and its corpus. A
 * label's `id` is looked up among its own source's transcripts only, so two sources may use
 * the same ids.
 */
export interface EvalSource {
  /** How reports name it; by default its labels files, joined with ` + `. */
  name?: string;
  labels: readonly Label[];
  /** Verdicts on whole calls for rules that judge calls; none by default. */
  callLabels?: readonly CallLabel[];
  linted: readonly LintedTranscript[];
}

/** The turn-level scores of one source, or of every source together. */
export interface TurnScores {
  /** Transcripts read; labelled turns scored (labels that did not match a transcript are left out). */
  transcripts: number;
  labelled: { violation: number; borderline: number; clean: number; total: number };
  /** Per category: the known ones first (even when empty), then those the labels add. */
  categories: CategoryScore[];
  overall: OverallScore;
  /** Over every category but `address`. */
  withoutAddress: CategoryScore;
  /** Customer turns flagged (none should be). */
  customerTurnsFlagged: number;
  /** Other turns flagged that have no label (0 when every agent turn is labelled). */
  unlabelledTurnsFlagged: number;
}

/** The scores of one {@link EvalSource}. */
export interface SourceScore extends TurnScores, CallScores {
  name: string;
  /** The files its labels and transcripts were read from, in order. */
  files: { labels: string[]; transcripts: string[] };
}

/**
 * The outcome of {@link evaluate}: plain data, what `huashu eval` prints and `--format json`
 * writes. The scores at the top are those of every source together.
 */
export interface EvalReport extends TurnScores, CallScores {
  settings: {
    minSeverity: Severity;
    /** Rules whose violations count, in rule-set order. */
    countedRules: string[];
    /** Rules whose violations do not count, and why. */
    excludedRules: Array<{ ruleId: string; reason: ExclusionReason }>;
  };
  /** Each source's own scores, in the order given. */
  sources: SourceScore[];
  /** Every counted rule, most turns flagged first, over every source. */
  rules: RuleScore[];
  /** `violation` turns no counted rule flagged, in source and label order. */
  misses: TurnEntry[];
  /** `clean` turns flagged, in source and label order. */
  falsePositives: TurnEntry[];
  /** Calls labelled `done` that their rule reported, in source and label order. */
  falseMissingCalls: CallEntry[];
  /** Calls labelled `missing` that their rule did not report, in source and label order. */
  falseDoneCalls: CallEntry[];
  /** Labelled calls their rule could not judge, in source and label order. */
  notJudgedCalls: CallEntry[];
  /** What the reviews marked. */
  reviews: ReviewCounts;
  /** Rejected hits the rules still make, by rule id, then in source and label order. */
  overturnedHits: OverturnedHit[];
  /** Turns, hits and calls labelled differently by different reviewers, in source and label order. */
  disagreements: Disagreement[];
}

/** {@link evaluate}'s report, and the labels it could not use. */
export interface Evaluation {
  report: EvalReport;
  /**
   * Labels naming no transcript or turn, or whose text is not the turn's; call labels naming
   * no rule, or a rule that judges turns; duplicated transcript ids.
   */
  problems: Diagnostic[];
}

function ratio(part: number, whole: number): Ratio {
  return whole === 0 ? null : part / whole;
}

function emptyScore(category: string): CategoryScore {
  return { category, violations: 0, caught: 0, recall: null, borderline: 0, borderlineFlagged: 0 };
}

function addTo(score: CategoryScore, label: LabelVerdict, flagged: boolean): void {
  if (label === "violation") {
    score.violations++;
    if (flagged) score.caught++;
  } else if (label === "borderline") {
    score.borderline++;
    if (flagged) score.borderlineFlagged++;
  }
}

function withRecall<S extends CategoryScore>(score: S): S {
  return { ...score, recall: ratio(score.caught, score.violations) };
}

function byCategoryOrder(a: string, b: string): number {
  const rank = (category: string) => {
    const known = KNOWN_CATEGORIES.indexOf(category);
    return known < 0 ? KNOWN_CATEGORIES.length : known;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function emptyCallScore(): Omit<CallVerdictScore, "accuracy"> {
  return { done: 0, missing: 0, right: 0, falseMissing: 0, falseDone: 0, notJudged: 0 };
}

function withAccuracy(score: Omit<CallVerdictScore, "accuracy">): CallVerdictScore {
  return { ...score, accuracy: ratio(score.right, score.done + score.missing - score.notJudged) };
}

/** Turn and call counts as they add up, for one source or for all. */
class Tally {
  transcripts = 0;
  customerTurnsFlagged = 0;
  unlabelledTurnsFlagged = 0;
  private readonly categories = new Map(KNOWN_CATEGORIES.map((category) => [category, emptyScore(category)]));
  private readonly overall = { ...emptyScore("all"), clean: 0, falsePositives: 0 };
  private readonly withoutAddress = emptyScore(`without-${ADDRESS_CATEGORY}`);
  private readonly callRules = new Map<string, Omit<CallVerdictScore, "accuracy">>();
  private readonly callVerdicts = emptyCallScore();

  addLabel(label: Label, flagged: boolean): void {
    addTo(this.overall, label.label, flagged);
    if (label.label === "clean") {
      this.overall.clean++;
      if (flagged) this.overall.falsePositives++;
      return;
    }
    const category = label.category!;
    if (!this.categories.has(category)) this.categories.set(category, emptyScore(category));
    addTo(this.categories.get(category)!, label.label, flagged);
    if (category !== ADDRESS_CATEGORY) addTo(this.withoutAddress, label.label, flagged);
  }

  addCall(ruleId: string, label: CallVerdict, verdict: CallVerdict | "not-judged"): void {
    let score = this.callRules.get(ruleId);
    if (!score) this.callRules.set(ruleId, (score = emptyCallScore()));
    for (const each of [score, this.callVerdicts]) {
      each[label]++;
      if (verdict === "not-judged") each.notJudged++;
      else if (verdict === label) each.right++;
      else if (verdict === "missing") each.falseMissing++;
      else each.falseDone++;
    }
  }

  /** The call scores, rules in the order of `ruleOrder`. */
  callScores(ruleOrder: readonly string[]): CallScores {
    return {
      callRules: ruleOrder
        .filter((ruleId) => this.callRules.has(ruleId))
        .map((ruleId) => ({ ruleId, ...withAccuracy(this.callRules.get(ruleId)!) })),
      callVerdicts: withAccuracy(this.callVerdicts),
    };
  }

  scores(): TurnScores {
    const { overall } = this;
    return {
      transcripts: this.transcripts,
      labelled: {
        violation: overall.violations,
        borderline: overall.borderline,
        clean: overall.clean,
        total: overall.violations + overall.borderline + overall.clean,
      },
      categories: [...this.categories.values()].sort((a, b) => byCategoryOrder(a.category, b.category)).map(withRecall),
      overall: { ...withRecall(overall), precision: ratio(overall.caught, overall.caught + overall.falsePositives) },
      withoutAddress: withRecall(this.withoutAddress),
      customerTurnsFlagged: this.customerTurnsFlagged,
      unlabelledTurnsFlagged: this.unlabelledTurnsFlagged,
    };
  }
}

/** The distinct values in order of first appearance. */
function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The turns a source's counted violations flag, by transcript id then turn. */
function flaggedTurns(
  byId: ReadonlyMap<string, LintedTranscript>,
  counts: (violation: Violation) => boolean,
): Map<string, Map<number, Violation[]>> {
  const hitsOf = new Map<string, Map<number, Violation[]>>();
  for (const item of byId.values()) {
    const turns = new Map<number, Violation[]>();
    for (const violation of item.violations) {
      if (!counts(violation) || violation.turn < 0) continue;
      const list = turns.get(violation.turn);
      if (list) list.push(violation);
      else turns.set(violation.turn, [violation]);
    }
    hitsOf.set(item.id, turns);
  }
  return hitsOf;
}

/** A source's transcripts by id; a repeated id is a problem, and the first transcript is kept. */
function transcriptsById(linted: readonly LintedTranscript[], problems: Diagnostic[]): Map<string, LintedTranscript> {
  const byId = new Map<string, LintedTranscript>();
  for (const item of linted) {
    const earlier = byId.get(item.id);
    if (earlier)
      problems.push({ file: item.file, message: `对话 id “${item.id}” 重复(已见于 ${earlier.file}),只用第一个` });
    else byId.set(item.id, item);
  }
  return byId;
}

/** The labels that name a turn of a transcript with the same text; the others are problems. */
function usableLabels(
  labels: readonly Label[],
  byId: ReadonlyMap<string, LintedTranscript>,
  problems: Diagnostic[],
): Label[] {
  return labels.filter((label) => {
    const item = byId.get(label.id);
    const at = { file: label.source.file, line: label.source.line };
    if (!item) {
      problems.push({ ...at, message: `通话记录中没有 id 为 “${label.id}” 的对话` });
      return false;
    }
    const turn = item.transcript.turns[label.turn];
    if (!turn) {
      problems.push({
        ...at,
        message: `对话 “${label.id}” 只有 ${item.transcript.turns.length} 轮,没有第 ${label.turn} 轮(从 0 数起)`,
      });
      return false;
    }
    if (turn.text !== label.text) {
      problems.push({
        ...at,
        column: label.source.text.column,
        message: `text 与对话 “${label.id}” 第 ${label.turn} 轮不一致: 标注 ${quote(label.text)},通话记录 ${quote(turn.text)}`,
      });
      return false;
    }
    return true;
  });
}

/**
 * The call labels that name a transcript and a rule that judges whole calls; the others are
 * problems.
 */
function usableCallLabels(
  labels: readonly CallLabel[],
  byId: ReadonlyMap<string, LintedTranscript>,
  rulesById: ReadonlyMap<string, Rule>,
  problems: Diagnostic[],
): CallLabel[] {
  return labels.filter((label) => {
    const at = { file: label.source.file, line: label.source.line };
    const rule = rulesById.get(label.rule);
    if (!rule || judgesTurns(rule)) {
      problems.push({
        ...at,
        column: label.source.rule.column,
        message: rule
          ? `规则 “${label.rule}” 针对某一轮的词句,不是针对整段通话的规则: 请用轮次标注(turn、text)`
          : `没有 id 为 “${label.rule}” 的规则`,
      });
      return false;
    }
    if (!byId.has(label.id)) {
      problems.push({ ...at, message: `通话记录中没有 id 为 “${label.id}” 的对话` });
      return false;
    }
    return true;
  });
}

/** Reports the marks of labels that name no rule, or a rule that judges whole calls. */
function checkMarks(labels: readonly Label[], rulesById: ReadonlyMap<string, Rule>, problems: Diagnostic[]): void {
  for (const label of labels)
    for (const ruleId of label.marks?.keys() ?? []) {
      const rule = rulesById.get(ruleId);
      if (rule && judgesTurns(rule)) continue;
      problems.push({
        file: label.source.file,
        line: label.source.line,
        message: rule
          ? `hits 中的规则 “${ruleId}” 针对整段通话,不是针对某一轮的词句: 请用整段通话标注(rule、label)`
          : `hits 中的规则 “${ruleId}” 不存在`,
      });
    }
}

/** A rule's counts as they add up, before its precision. */
type RuleTally = Omit<RuleScore, "precision">;

/**
 * Counts a labelled turn for each rule that flagged it: by the review's mark on the rule's hit
 * (rejected; marked differently by different reviewers: borderline), else by the turn's label.
 * Returns the rules whose rejected hit the rule still makes.
 */
function addRuleHits(
  label: MergedLabel,
  hits: readonly Violation[],
  ruleScores: ReadonlyMap<string, RuleTally>,
): string[] {
  const overturned: string[] = [];
  for (const ruleId of new Set(hits.map((hit) => hit.ruleId))) {
    const score = ruleScores.get(ruleId)!;
    const mark = label.marks?.get(ruleId);
    if (label.disputedHits?.has(ruleId)) score.borderline++;
    else if (mark === "rejected") {
      score.rejected++;
      overturned.push(ruleId);
    } else {
      score[label.label]++;
      if (mark === "confirmed" && label.label === "violation") score.confirmed++;
    }
  }
  return overturned;
}

/**
 * Scores lint results against hand labels, source by source and over all of them. A turn is
 * flagged when a counted rule (one that {@link judgesTurns}, not ignored) reports a violation
 * of at least `minSeverity` in it. A call labelled for a whole-call rule is judged `missing`
 * when that rule reports a violation of at least `minSeverity` on it, `done` when it does
 * not, and not judged when the rule gave a notice instead. A source's labels by several
 * reviewers are merged first ({@link mergeLabels}: disagreements listed, and scored as
 * borderline); per rule, a hit a review rejected counts as a false positive of its rule,
 * wherever it is, and is listed in `overturnedHits` while the rule still makes it. Pure:
 * labels that name no transcript or turn of their source, or whose `text` differs from the
 * turn's, marks of hits naming no rule or a whole-call rule, a reviewer's second label of a
 * turn, and call labels naming no rule or a rule that judges turns, are returned as problems
 * and left out of the scores.
 */
export function evaluateSources(sources: readonly EvalSource[], options: EvaluateOptions): Evaluation {
  const problems: Diagnostic[] = [];
  const minSeverity = options.minSeverity ?? "info";
  const excludedRules: EvalReport["settings"]["excludedRules"] = [];
  const counted = new Set<string>();
  for (const rule of options.rules) {
    if (options.isIgnored?.(rule.id)) excludedRules.push({ ruleId: rule.id, reason: "ignored" });
    else if (!judgesTurns(rule)) excludedRules.push({ ruleId: rule.id, reason: "type" });
    else counted.add(rule.id);
  }
  const severe = (violation: Violation) => SEVERITY_RANK[violation.severity] >= SEVERITY_RANK[minSeverity];
  const counts = (violation: Violation) => counted.has(violation.ruleId) && severe(violation);
  const callRuleIds = options.rules.filter((rule) => !judgesTurns(rule)).map((rule) => rule.id);
  const rulesById = new Map(options.rules.map((rule) => [rule.id, rule]));

  const total = new Tally();
  const ruleScores = new Map(
    [...counted].map((ruleId) => [
      ruleId,
      { ruleId, violation: 0, confirmed: 0, rejected: 0, borderline: 0, clean: 0, customer: 0, unlabelled: 0 },
    ]),
  );
  const misses: TurnEntry[] = [];
  const falsePositives: TurnEntry[] = [];
  const callLists = { missing: [] as CallEntry[], done: [] as CallEntry[], "not-judged": [] as CallEntry[] };
  const sourceScores: SourceScore[] = [];
  const reviews: ReviewCounts = { turns: 0, confirmed: 0, rejected: 0 };
  const overturnedHits: OverturnedHit[] = [];
  const disagreements: Disagreement[] = [];

  for (const source of sources) {
    const callLabels = source.callLabels ?? [];
    const labelFiles = distinct([...source.labels, ...callLabels].map((label) => label.source.file));
    const name = source.name ?? labelFiles.join(" + ");
    const tally = new Tally();
    const tallies = [tally, total];
    const byId = transcriptsById(source.linted, problems);
    const hitsOf = flaggedTurns(byId, counts);
    for (const each of tallies) each.transcripts += byId.size;

    const usable = usableLabels(source.labels, byId, problems);
    checkMarks(usable, rulesById, problems);
    const merged = mergeLabels(usable, usableCallLabels(callLabels, byId, rulesById, problems));
    pushAll(problems, merged.problems);
    pushAll(
      disagreements,
      merged.disagreements.map((disagreement) => ({ source: name, ...disagreement })),
    );

    const labelled = new Map<string, Set<number>>();
    for (const label of merged.labels) {
      let turns = labelled.get(label.id);
      if (!turns) labelled.set(label.id, (turns = new Set()));
      turns.add(label.turn);
      if (label.marks || label.disputedHits) reviews.turns++;
      if (label.marks) {
        for (const mark of label.marks.values()) reviews[mark]++;
      }
      const hits = hitsOf.get(label.id)?.get(label.turn) ?? [];
      const flagged = hits.length > 0;
      for (const ruleId of addRuleHits(label, hits, ruleScores))
        overturnedHits.push({
          source: name,
          ruleId,
          id: label.id,
          turn: label.turn,
          matched: hits.filter((hit) => hit.ruleId === ruleId).map((hit) => hit.text),
          text: label.text,
          label: label.label,
          ...(label.reviewer !== undefined && { reviewer: label.reviewer }),
          ...(label.note !== undefined && { note: label.note }),
        });
      for (const each of tallies) each.addLabel(label, flagged);
      if ((label.label === "violation" && !flagged) || (label.label === "clean" && flagged)) {
        const { source: _position, marks: _marks, disputedHits: _disputed, ...entry } = label;
        (flagged ? falsePositives : misses).push({
          ...entry,
          source: name,
          hits: hits.map((hit) => ({ ruleId: hit.ruleId, text: hit.text })),
        });
      }
    }

    for (const [id, turns] of hitsOf) {
      const transcript = byId.get(id)!.transcript;
      for (const [turn, hits] of turns) {
        if (labelled.get(id)?.has(turn)) continue;
        const customer = transcript.turns[turn]?.speaker === "customer";
        for (const each of tallies) each[customer ? "customerTurnsFlagged" : "unlabelledTurnsFlagged"]++;
        for (const ruleId of new Set(hits.map((hit) => hit.ruleId)))
          ruleScores.get(ruleId)![customer ? "customer" : "unlabelled"]++;
      }
    }
    for (const label of merged.callLabels) {
      if (options.isIgnored?.(label.rule)) continue;
      const item = byId.get(label.id)!;
      const reported = item.violations.find((violation) => violation.ruleId === label.rule && severe(violation));
      const verdict = reported
        ? "missing"
        : item.notices?.some((notice) => notice.ruleId === label.rule)
          ? "not-judged"
          : "done";
      for (const each of tallies) each.addCall(label.rule, label.label, verdict);
      if (verdict !== label.label)
        callLists[verdict].push({
          source: name,
          id: label.id,
          ruleId: label.rule,
          label: label.label,
          ...(label.note !== undefined && { note: label.note }),
          ...(reported && { reported: reported.detail ?? reported.text }),
        });
    }

    sourceScores.push({
      name,
      files: { labels: labelFiles, transcripts: distinct(source.linted.map((item) => item.file)) },
      ...tally.scores(),
      ...tally.callScores(callRuleIds),
    });
  }

  const turnsFlagged = (score: RuleTally) =>
    score.violation + score.rejected + score.borderline + score.clean + score.customer + score.unlabelled;
  const rules = [...ruleScores.values()]
    .sort((a, b) => turnsFlagged(b) - turnsFlagged(a) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))
    .map((score) => ({ ...score, precision: ratio(score.violation, score.violation + score.clean + score.rejected) }));

  const report: EvalReport = {
    settings: { minSeverity, countedRules: [...counted], excludedRules },
    ...total.scores(),
    ...total.callScores(callRuleIds),
    sources: sourceScores,
    rules,
    misses,
    falsePositives,
    falseMissingCalls: callLists.missing,
    falseDoneCalls: callLists.done,
    notJudgedCalls: callLists["not-judged"],
    reviews,
    overturnedHits: overturnedHits.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)),
    disagreements,
  };
  return { report, problems };
}

/** {@link evaluateSources} with one source: `labels` and the transcripts they refer to. */
export function evaluate(
  labels: readonly Label[],
  linted: readonly LintedTranscript[],
  options: EvaluateOptions,
): Evaluation {
  return evaluateSources([{ labels, linted }], options);
}
