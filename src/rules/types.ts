/**
 * The rule types a library user sees, as plain interfaces. The zod schemas in the rule type
 * modules validate rule files; schema-types.ts checks at compile time that each schema yields
 * exactly these types, so that the published `.d.ts` needs nothing from zod.
 */
import type { RuleType, Severity, SpeakerFilter } from "../engine/types.js";
import type { Transcript } from "../transcript/model.js";
export type { RuleType, Severity, SpeakerFilter };

/** `token`: phrases match on jieba word boundaries; `none`: plain substrings. */
export type Boundary = "token" | "none";

/**
 * A rule example: a plain script (role prefixes allowed), or a transcript for rules that need
 * turn times.
 */
export type RuleExample = string | Transcript;

/**
 * A bad example that states what must be found, like an `invalid` case of ESLint's RuleTester:
 * the example itself (`script`, or `transcript` for rules that need turn times) and at least
 * one of `text`, `count`, `output`.
 */
export interface AssertedExample {
  /** The example as a plain script (role prefixes allowed). */
  script?: string;
  /** The example as a transcript, times in ms. */
  transcript?: Transcript;
  /** The matched text of each violation, in order: one string for a single violation, a list for several. */
  text?: string | string[];
  /** How many violations the rule reports. */
  count?: number;
  /** The script after `huashu lint --fix` applied the violations' fixes (script examples only). */
  output?: string;
}

/** Fields every rule type has (a `call-duration` rule has no `speaker`). */
export interface RuleFields {
  /** Unique, stable id, e.g. `taboo.dont-know`. */
  id: string;
  /** Whose turns the rule looks at (default `agent`). */
  speaker: SpeakerFilter;
  /** Default `error`. */
  severity: Severity;
  /** What was wrong, shown to QA staff. */
  message: string;
  /** The standard wording (规范用语) to use instead. */
  suggestion?: string;
  /** Where the rule comes from (standard document and section). */
  source?: string;
  tags?: string[];
  link?: string;
  /** Points each violation takes off the score; absent = the rule set's default for the severity. */
  deduct?: number;
  /** What one deduction is for: `turn` (absent) — once per turn the rule is broken in; `violation` — once per violation. */
  deductEach?: "turn" | "violation";
  /** 一票否决: any violation fails the call, whatever its score. */
  autoFail?: boolean;
  /**
   * Scripts the rule must flag (`bad`) and must not flag (`good`), checked whenever the file
   * loads; a failing example refuses the file. A bad example may state what must be found
   * ({@link AssertedExample}).
   */
  examples?: { bad?: Array<RuleExample | AssertedExample>; good?: RuleExample[] };
}

/**
 * Which part of the call a rule or condition looks at; absent = the whole call. Turn windows
 * count the turns of the speaker concerned; seconds and percentages are of the whole call.
 */
export type Window =
  | { first: number }
  | { last: number }
  | { firstSeconds: number }
  | { lastSeconds: number }
  | { percent: [number, number] };

/**
 * A condition of a rule: exactly one of `phrases`, `regex` (said by a speaker in a window, a
 * number of times), `all` / `any` / `not` of conditions, or `near` (two phrase or regex
 * conditions within `chars` characters of each other in one turn), or `atLeast` N of the conditions
 * of `of` matched in one turn.
 */
export interface Condition {
  phrases?: string[];
  /** `token` (default) or `none`, as for rules. */
  boundary?: Boundary;
  /** Contexts that contain a match of `phrases` within its clause and take it back (我不是要投诉 around 投诉). */
  unless?: string[];
  /** A JavaScript regular expression (Unicode mode), run over the normalised turn text. */
  regex?: string;
  /** Whose turns; defaults to the rule's `speaker`. */
  speaker?: SpeakerFilter;
  within?: Window;
  /** Occurrences needed: at least `min` (default 1, or 0 when `max` is given), at most `max`. */
  min?: number;
  max?: number;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  near?: [Condition, Condition];
  /** For `near`: the most normalised characters allowed between the two matches. */
  chars?: number;
  /** How many of the conditions of `of` must match in one turn (weak cues that together say what none says alone). */
  atLeast?: number;
  /** For `atLeast`: the conditions counted, each matched turn by turn (phrases, regex, or `any` / `near` / `atLeast` of such). */
  of?: Condition[];
  /** For `atLeast`: phrases (plain substrings) that, said anywhere in a turn, keep the turn from counting. */
  unlessTurn?: string[];
}

/** 服务忌语: none of `phrases` may be said by `speaker`, except inside an `unless` context. */
export interface ForbiddenRule extends RuleFields {
  type: "forbidden";
  phrases: string[];
  /** Default `token`. */
  boundary: Boundary;
  /**
   * `true`: the phrases also match through fillers (嗯, 那个…) in scripts; `false`: never through
   * fillers; absent: in transcripts, and in scripts when the config says so.
   */
  fillers?: boolean;
  /** `true`: the phrases also match what sounds the same (头诉 for 投诉); absent: as the config says. */
  homophones?: boolean;
  /** Contexts that contain a hit (in its clause) and make it acceptable, e.g. 如果您不知道 around 不知道. */
  unless?: string[];
  /** Phrases that excuse every hit in the turn they occur in, wherever they stand (an apology, an alternative). */
  unlessTurn?: string[];
  /** Whether hits inside quotation marks (quoted or reported speech) count; absent = no. */
  quoted?: boolean;
  /** Only in this part of the call; absent = the whole call. */
  within?: Window;
  /**
   * What `huashu lint --fix` writes in a script instead of a matched phrase (may be empty), or
   * substitutions made inside the matched text (`{你: 您}` turns 你家 into 您家).
   */
  replacement?: string | Record<string, string>;
}

/** 规范用语 that must be said: one of `phrases` by `speaker` within the window. */
export interface RequiredRule extends RuleFields {
  type: "required";
  phrases: string[];
  /** Default `token`. */
  boundary: Boundary;
  /**
   * `true`: the phrases also match through fillers (嗯, 那个…) in scripts; `false`: never through
   * fillers; absent: in transcripts, and in scripts when the config says so.
   */
  fillers?: boolean;
  /** `true`: the phrases also match what sounds the same (头诉 for 投诉); absent: as the config says. */
  homophones?: boolean;
  within?: Window;
  /** Contexts that contain a match within its clause and take it back. */
  unless?: string[];
  /** Phrases by which the other party, in its turn right after a match, takes the match back. */
  unlessAnswered?: string[];
  /** Phrases that are all the speaker says after answering the other party's one short follow-up: then `unlessAnswered` does not take the match back. */
  afterFollowUp?: string[];
  /** Phrases by which the other party declines (没有了): an answer that takes the match back and begins with one of these leaves it standing after one short follow-up, however the speaker closes. */
  declinedFirst?: string[];
  /** Phrases by which the other party, in its turn right after a `first` window, brings the speaker's next turn into it. */
  whenAsked?: string[];
  /** Phrases that carry no business: when the other party's turn right after a `first` window says nothing else, the speaker's next turn is in the window. */
  untilBusiness?: string[];
  /** Phrases that count in the speaker's answer to the other party's first business, after a `first` window: 您还有别的问题吗 after a first answer offers help. */
  inFirstAnswer?: string[];
}

/** A free combination of conditions that the call must (`must`) or must not (`mustNot`) satisfy: exactly one of them. */
export interface ConditionRule extends RuleFields {
  type: "condition";
  must?: Condition;
  mustNot?: Condition;
}

/** `first` must come before `then`, e.g. the greeting before the closing. */
export interface OrderRule extends RuleFields {
  type: "order";
  first: Condition;
  then: Condition;
}

/**
 * When `trigger` occurs, `reply` by the rule's `speaker` must (`expect: present`, default) or
 * must not (`expect: absent`) follow within `replyWithin`: the next N turns of the speaker, or N seconds.
 */
export interface ResponseRule extends RuleFields {
  type: "response";
  trigger: Condition;
  reply: Condition;
  replyWithin: { turns: number } | { seconds: number };
  expect: "present" | "absent";
  /**
   * In a timed call, a trigger counts only when a silence of at least `seconds` follows it before
   * the speaker's next turn: the wait it announced (请您稍等 and the agent going on at once is no
   * hold). Without times every trigger counts.
   */
  silenceAfter?: { seconds: number };
  /** `true`: once a trigger has had its reply, later triggers need none (a complaint said again after the apology). */
  replyOnce?: boolean;
}

/**
 * 静音: no gap between turns may last longer than `maxSeconds`, unless the last turn of
 * `speaker` before it gave a hold notice (one of `hold.phrases`, e.g. 请您稍等).
 */
export interface SilenceRule extends RuleFields {
  type: "silence";
  maxSeconds: number;
  /** `boundary` defaults to `token`. */
  hold?: { phrases: string[]; boundary: Boundary };
}

/**
 * 抢话: a turn of `speaker` must not start before the other party's previous turn has ended,
 * by more than `toleranceSeconds` (default 0.5: ASR times are not exact).
 */
export interface InterruptionRule extends RuleFields {
  type: "interruption";
  toleranceSeconds: number;
}

/**
 * 语速: characters per minute of `speaker` between `min` and `max` (at least one), over the
 * whole call (`per: call`, default) or each turn (`per: turn`).
 */
export interface SpeechRateRule extends RuleFields {
  type: "speech-rate";
  min?: number;
  max?: number;
  per: "call" | "turn";
}

/** 首次应答: `speaker` must start speaking within `maxSeconds` of the start of the call (time 0). */
export interface FirstResponseRule extends RuleFields {
  type: "first-response";
  maxSeconds: number;
}

/** 通话时长: from the start of the call (time 0) to the latest turn end, between the bounds (at least one). */
export interface CallDurationRule extends Omit<RuleFields, "speaker"> {
  type: "call-duration";
  minSeconds?: number;
  maxSeconds?: number;
}

/** A validated rule, defaults applied, discriminated by `type`. */
export type Rule =
  | ForbiddenRule
  | RequiredRule
  | ConditionRule
  | OrderRule
  | ResponseRule
  | SilenceRule
  | InterruptionRule
  | SpeechRateRule
  | FirstResponseRule
  | CallDurationRule;

/** Rule fields that have defaults, and so may be left out of a rule file. */
type DefaultedField = "speaker" | "severity" | "boundary" | "expect" | "toleranceSeconds" | "per";

/**
 * A phrase list as written in a rule file: phrases, and lists of phrases spliced in place, so
 * that a list written once can be named by a YAML alias in others (`unlessTurn: [*helped-on, 您稍等]`).
 * One level deep; empty lists and empty nested lists are refused.
 */
export type PhraseListInput = Array<string | string[]>;

/** The fields of rules and conditions that hold phrase lists. */
type PhraseListField = "phrases" | "unless" | "unlessTurn" | "unlessAnswered" | "afterFollowUp" | "declinedFirst" | "whenAsked" | "untilBusiness" | "inFirstAnswer";

/** The fields of rules that hold a condition. */
type ConditionField = "must" | "mustNot" | "first" | "then" | "trigger" | "reply";

/** A field of type `V` under key `K` as written in a rule file. */
type WrittenField<K, V> = K extends PhraseListField
  ? PhraseListInput
  : K extends ConditionField
    ? ConditionInput
    : K extends "hold"
      ? AsWritten<NonNullable<V>> | undefined
      : V;

/** A {@link Condition} as written in a rule file: its phrase lists as {@link PhraseListInput}, at any depth. */
export type ConditionInput = {
  [K in keyof Condition]: K extends PhraseListField
    ? PhraseListInput
    : K extends "all" | "any" | "of"
      ? ConditionInput[]
      : K extends "not"
        ? ConditionInput
        : K extends "near"
          ? [ConditionInput, ConditionInput]
          : Condition[K];
};

/** `R` as written: its defaulted fields optional, its phrase lists as {@link PhraseListInput}, also inside conditions and a silence rule's `hold`. */
type AsWritten<R> = {
  [K in keyof R as K extends DefaultedField ? never : K]: WrittenField<K, R[K]>;
} & { [K in keyof R as K extends DefaultedField ? K : never]?: WrittenField<K, R[K]> };

/** A rule as written in a rule file, before defaults are applied. */
export type RuleInput = Rule extends infer R ? (R extends unknown ? AsWritten<R> : never) : never;

/** The optional `scoring` section of a rule file. */
export interface ScoringInput {
  /** The score of a call without violations (default 100). */
  base?: number;
  /** The least score that passes (default 60). */
  pass?: number;
  /** Points per violation of a rule without `deduct`, by severity. */
  defaults?: { error?: number; warning?: number; info?: number };
}

/** A whole rule file as written (before defaults are applied). */
export interface RuleFileInput {
  rules: RuleInput[];
  scoring?: ScoringInput;
}
