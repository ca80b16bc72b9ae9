/**
 * Index of the last element of an ascending, non-empty list that is at most `value` (0 when
 * none is): which clause or line a position falls in, given where each one starts.
 */
export function lastIndexAtMost(ascending: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = ascending.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (ascending[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The first index from `low` on where `holds` is true, in a list where it holds from some index
 * on (its length when it never does): where a reply window's deadline passes, or which unit of a
 * text without fillers a position of the text with them falls on.
 */
export function firstIndexWhere(list: ArrayLike<number>, holds: (value: number) => boolean, low = 0): number {
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (holds(list[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Offsets where the lines of a text start (0 first): the list {@link lastIndexAtMost} finds a position's line in. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}
