/**
 * The categories of the labels format (those of the labelling guide of the project's test
 * data), in the order reports list them; labels may add categories of their own.
 */
export const KNOWN_CATEGORIES: readonly string[] = Object.freeze([
  "address",
  "shirk",
  "impatient",
  "refusal",
  "dont-know",
  "rude",
  "other",
]);

/** The category of a `violation` or `borderline` turn without one, and of a rule no tag places. */
export const DEFAULT_CATEGORY = "other";

/** The category left out of the "without address" recall: 你/喂 are caught easily and would hide the rest. */
export const ADDRESS_CATEGORY = "address";

/**
 * The rule tags (as the built-in packs write them) that say which category a rule's hits are
 * in. A rule whose first such tag is listed here is placed by it; tags that say where a phrase
 * is forbidden rather than why (服务忌语, 避免用语, 严禁) are not.
 */
const TAG_CATEGORIES: ReadonlyMap<string, string> = new Map([
  ["称呼", "address"],
  ["推诿", "shirk"],
  ["推诿语", "shirk"],
  ["拒绝", "refusal"],
  ["不确定答复", "dont-know"],
  ["不耐烦", "impatient"],
  ["烦躁语", "impatient"],
  ["斗气语", "impatient"],
  ["催促", "impatient"],
  ["挑衅", "impatient"],
  ["顶撞", "impatient"],
  ["反问", "impatient"],
  ["争辩", "impatient"],
  ["打断", "impatient"],
  ["嘲讽", "impatient"],
  ["指责", "impatient"],
  ["指责语", "impatient"],
  ["责怪客户", "impatient"],
  ["确认理解", "impatient"],
  ["无法听清", "impatient"],
  ["无声电话", "impatient"],
  ["结束语", "impatient"],
  ["问候", "impatient"],
  ["辱骂", "rude"],
  ["蔑视语", "rude"],
  ["红线", "rude"],
]);

/** What {@link ruleCategory} needs of a rule: its id and tags (a `Rule`, or a report's view of one). */
export interface RuleTags {
  id: string;
  tags?: readonly string[];
}

/**
 * The category a confirmed hit of `rule` puts its turn in: the first of the rule's tags that is
 * a category of the labels format (`tags: [服务忌语, dont-know]`), else the first that is one
 * of the built-in packs' Chinese tags for it (称呼 → address, 推诿 → shirk, 拒绝 → refusal…), else
 * the last part of its id when that is a category (`taboo.dont-know`), else
 * {@link DEFAULT_CATEGORY}. Pure.
 */
export function ruleCategory(rule: RuleTags): string {
  const tags = rule.tags ?? [];
  const named = tags.find((tag) => KNOWN_CATEGORIES.includes(tag));
  if (named !== undefined) return named;
  for (const tag of tags) {
    const category = TAG_CATEGORIES.get(tag);
    if (category !== undefined) return category;
  }
  const last = rule.id.slice(rule.id.lastIndexOf(".") + 1);
  return KNOWN_CATEGORIES.includes(last) ? last : DEFAULT_CATEGORY;
}
