/**
 * Phrase families: one rule phrase that stands for many wordings.
 *
 * `{a|b|c}` is a choice of alternatives, `{…}?` an optional part, and groups nest:
 * `{我|我们|这边|小妹}?{也}?不{是很|太}?{清楚|了解|懂}` says 不懂, 我也不清楚, 这边不是很了解 …
 * Braces and bars are punctuation, which matching ignores anyway, so no phrase ever needs them
 * literally; a `?` that follows no group is plain punctuation. A family is expanded into plain phrases when the rule set is built;
 * every expansion is matched like any phrase (on word boundaries, through the one automaton).
 */

/** The most wordings one phrase may expand to; a larger family is a load error. */
export const MAX_PHRASE_EXPANSIONS = 2000;

/** A phrase that is not a valid family, with a message in Chinese for QA staff. */
export class PhraseFamilyError extends Error {
  override name = "PhraseFamilyError";
}

type Node = string | Group;
interface Group {
  alternatives: Node[][];
  optional: boolean;
}

/**
 * Whether a phrase uses family syntax (else it is one plain wording). A `?` alone is not
 * syntax: plain phrases such as 请问有什么可以帮助您? keep their question mark.
 */
export function isPhraseFamily(phrase: string): boolean {
  return /[{}|]/.test(phrase);
}

/** Parses a phrase into a sequence of literal text and groups. */
function parse(phrase: string): Node[] {
  let at = 0;
  const sequence = (inGroup: boolean): Node[] => {
    const nodes: Node[] = [];
    let literal = "";
    while (at < phrase.length) {
      const char = phrase[at]!;
      if (char === "{") {
        if (literal) nodes.push(literal);
        literal = "";
        at++;
        const alternatives: Node[][] = [sequence(true)];
        while (phrase[at] === "|") {
          at++;
          alternatives.push(sequence(true));
        }
        if (phrase[at] !== "}") throw new PhraseFamilyError(`短语 “${phrase}” 中的 “{” 没有对应的 “}”`);
        at++;
        if (alternatives.some((alternative) => alternative.length === 0)) {
          throw new PhraseFamilyError(`短语 “${phrase}” 中有空的选项;可选部分请写成 {…}?`);
        }
        const optional = phrase[at] === "?";
        if (optional) at++;
        nodes.push({ alternatives, optional });
      } else if (char === "|" || char === "}") {
        if (!inGroup) throw new PhraseFamilyError(`短语 “${phrase}” 中的 “${char}” 不在 {…} 之内`);
        break;
      } else {
        literal += char;
        at++;
      }
    }
    if (literal) nodes.push(literal);
    return nodes;
  };
  return sequence(false);
}

/** How many wordings a sequence expands to (counted before expanding, so a huge family costs nothing). */
function countOf(nodes: readonly Node[]): number {
  let total = 1;
  for (const node of nodes) {
    if (typeof node === "string") continue;
    const choices =
      node.alternatives.reduce((sum, alternative) => sum + countOf(alternative), 0) + (node.optional ? 1 : 0);
    total *= choices;
    if (total > MAX_PHRASE_EXPANSIONS) return Infinity;
  }
  return total;
}

function expandSequence(nodes: readonly Node[]): string[] {
  let wordings = [""];
  for (const node of nodes) {
    const parts =
      typeof node === "string"
        ? [node]
        : [...node.alternatives.flatMap(expandSequence), ...(node.optional ? [""] : [])];
    wordings = wordings.flatMap((prefix) => parts.map((part) => prefix + part));
  }
  return wordings;
}

/**
 * Every wording a phrase stands for, in order, without duplicates (a plain phrase is its own
 * only wording). Throws {@link PhraseFamilyError} for unbalanced braces, empty alternatives, a
 * stray `|`, or more than {@link MAX_PHRASE_EXPANSIONS} wordings.
 */
export function expandPhrase(phrase: string): string[] {
  if (!isPhraseFamily(phrase)) return [phrase];
  const nodes = parse(phrase);
  if (countOf(nodes) > MAX_PHRASE_EXPANSIONS) {
    throw new PhraseFamilyError(`短语 “${phrase}” 展开后超过 ${MAX_PHRASE_EXPANSIONS} 种写法,请拆成几条短语`);
  }
  return [...new Set(expandSequence(nodes))];
}
