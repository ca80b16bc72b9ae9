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

/**
 * The most characters all the wordings of one phrase may add up to (a plain phrase: its own
 * length); the built-in packs' largest family has under 18,000. Past it the matcher's automaton
 * would take seconds to minutes and gigabytes to build, so it is a load error.
 */
export const MAX_PHRASE_EXPANDED_LENGTH = 100_000;

/** The deepest groups may nest (`{a{b{c}}}` is 3); deeper is a load error, not a stack overflow. */
export const MAX_PHRASE_DEPTH = 10;

/**
 * The full-width forms a Chinese input method types for `{`, `|`, `}` and `?`: the same syntax, so
 * ｛喂｜不知道｝ is a family of two phrases, not the literal text 喂不知道.
 */
const FULL_WIDTH_SYNTAX = /[｛｜｝？]/g;

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
  return /[{}|｛｜｝]/.test(phrase);
}

/** The phrase as messages quote it: a long one is cut short, so an error stays one readable line. */
function quoted(phrase: string): string {
  const characters = [...phrase];
  return `“${characters.length > 40 ? `${characters.slice(0, 30).join("")}…(共 ${characters.length} 字)` : phrase}”`;
}

/** Parses a phrase (full-width syntax already made ASCII) into a sequence of literal text and groups. */
function parse(phrase: string, asWritten: string): Node[] {
  let at = 0;
  const sequence = (depth: number): Node[] => {
    const nodes: Node[] = [];
    let literal = "";
    while (at < phrase.length) {
      const char = phrase[at]!;
      if (char === "{") {
        if (depth === MAX_PHRASE_DEPTH) {
          throw new PhraseFamilyError(`短语 ${quoted(asWritten)} 的 {…} 嵌套超过 ${MAX_PHRASE_DEPTH} 层`);
        }
        if (literal) nodes.push(literal);
        literal = "";
        at++;
        const alternatives: Node[][] = [sequence(depth + 1)];
        while (phrase[at] === "|") {
          at++;
          alternatives.push(sequence(depth + 1));
        }
        if (phrase[at] !== "}") throw new PhraseFamilyError(`短语 ${quoted(asWritten)} 中的 “{” 没有对应的 “}”`);
        at++;
        if (alternatives.some((alternative) => alternative.length === 0)) {
          throw new PhraseFamilyError(`短语 ${quoted(asWritten)} 中有空的选项;可选部分请写成 {…}?`);
        }
        const optional = phrase[at] === "?";
        if (optional) at++;
        nodes.push({ alternatives, optional });
      } else if (char === "|" || char === "}") {
        if (depth === 0) throw new PhraseFamilyError(`短语 ${quoted(asWritten)} 中的 “${char}” 不在 {…} 之内`);
        break;
      } else {
        literal += char;
        at++;
      }
    }
    if (literal) nodes.push(literal);
    return nodes;
  };
  return sequence(0);
}

/**
 * How many wordings a sequence expands to and how many characters they add up to, counted
 * before expanding (so a huge family costs nothing); Infinity once past either bound.
 */
function sizeOf(nodes: readonly Node[]): { count: number; length: number } {
  let count = 1;
  let length = 0;
  for (const node of nodes) {
    if (typeof node === "string") {
      length += count * node.length;
    } else {
      let choices = node.optional ? 1 : 0;
      let choicesLength = 0;
      for (const alternative of node.alternatives) {
        const size = sizeOf(alternative);
        choices += size.count;
        choicesLength += size.length;
      }
      // Every prefix is followed by every choice, and every choice by every prefix.
      length = length * choices + count * choicesLength;
      count *= choices;
    }
    if (count > MAX_PHRASE_EXPANSIONS || length > MAX_PHRASE_EXPANDED_LENGTH)
      return { count: Infinity, length: Infinity };
  }
  return { count, length };
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
 * only wording). Full-width ｛｜｝？ are the same syntax as {|}?. Throws {@link PhraseFamilyError}
 * for unbalanced braces, empty alternatives, a stray `|`, groups nested deeper than
 * {@link MAX_PHRASE_DEPTH}, more than {@link MAX_PHRASE_EXPANSIONS} wordings, or wordings
 * longer than {@link MAX_PHRASE_EXPANDED_LENGTH} characters in all.
 */
export function expandPhrase(phrase: string): string[] {
  if (!isPhraseFamily(phrase)) {
    if (phrase.length > MAX_PHRASE_EXPANDED_LENGTH) throw new PhraseFamilyError(tooLong(phrase));
    return [phrase];
  }
  const nodes = parse(
    phrase.replace(FULL_WIDTH_SYNTAX, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)),
    phrase,
  );
  const { count } = sizeOf(nodes);
  if (count === Infinity) throw new PhraseFamilyError(tooLong(phrase));
  return [...new Set(expandSequence(nodes))];
}

function tooLong(phrase: string): string {
  return `短语 ${quoted(phrase)} 展开后超过 ${MAX_PHRASE_EXPANSIONS} 种写法或共 ${MAX_PHRASE_EXPANDED_LENGTH} 字,请拆成几条短语`;
}
