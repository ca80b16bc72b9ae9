import { lazy, z } from "../util/zod.js";
import { DEFAULT_FILLERS, type Fillers } from "../normalise/fillers.js";
import { deepFreeze } from "../util/freeze.js";

/**
 * How a rule set matches phrases beyond their exact (folded) wording. Set it in
 * `huashu.config.yaml` (`matching:`) or with {@link RuleSet.withMatching}; a rule's own
 * `fillers` / `homophones` fields win over it.
 */
export interface Matching {
  /** Hesitation words that do not break a phrase ({@link DEFAULT_FILLERS} by default). */
  fillers: Fillers;
  /** Also look through fillers in scripts (`false` by default: scripts are matched exactly). */
  fillersInScripts: boolean;
  /** Let every phrase match what sounds the same (toneless pinyin): `false` by default. */
  homophones: boolean;
}

export const DEFAULT_MATCHING: Readonly<Matching> = deepFreeze({ fillers: DEFAULT_FILLERS, fillersInScripts: false, homophones: false });

const words = lazy(() => z.array(z.string().min(1)));

/** The `matching:` section of `huashu.config.yaml`; absent keys keep {@link DEFAULT_MATCHING}. */
export const matchingSchema = lazy(() => z.strictObject({
  /** Replaces the default filler lists; `anywhere: []` and `alone: []` turn fillers off. */
  fillers: z.strictObject({ anywhere: words.default([...DEFAULT_FILLERS.anywhere]), alone: words.default([...DEFAULT_FILLERS.alone]) }).optional(),
  fillersInScripts: z.boolean().optional(),
  homophones: z.boolean().optional(),
}));

/** The settings a parsed `matching:` section makes, on top of the defaults. */
export function matchingFrom(section: z.infer<typeof matchingSchema> | undefined): Matching {
  return { ...DEFAULT_MATCHING, ...section };
}

/** Fields of every rule with phrases (`forbidden`, `required`). */
export const phraseMatchingFields = lazy(() => ({
  /**
   * `true`: the phrases also match through fillers in scripts; `false`: never through fillers;
   * absent: in transcripts, and in scripts when the config says so.
   */
  fillers: z.boolean().optional(),
  /** `true`: the phrases also match what sounds the same (头诉 for 投诉); absent: as the config says. */
  homophones: z.boolean().optional(),
}));
