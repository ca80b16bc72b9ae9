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
