/**
 * Appends `items` to `target`. `target.push(...items)` passes every item as an argument, which
 * overflows the stack past ~125,000 of them (a report of 130,000 calls did): the lint forbids it.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/** The smallest and largest of `values`, or undefined when there are none: a loop, for the reason {@link pushAll} gives. */
export function extent(values: Iterable<number>): { min: number; max: number } | undefined {
  let range: { min: number; max: number } | undefined;
  for (const value of values) {
    if (!range) range = { min: value, max: value };
    else if (value < range.min) range.min = value;
    else if (value > range.max) range.max = value;
  }
  return range;
}

/**
 * Sorts in place, by insertion when short, as most lists a lint sorts per call are:
 * `Array.prototype.sort` allocates some 2 kB on every call, however short the list.
 */
export function sortSmall<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  if (list.length > 32) return list.sort(compare);
  for (let next = 1; next < list.length; next++) {
    const item = list[next]!;
    let at = next;
    for (; at > 0 && compare(list[at - 1]!, item) > 0; at--) list[at] = list[at - 1]!;
    list[at] = item;
  }
  return list;
}
