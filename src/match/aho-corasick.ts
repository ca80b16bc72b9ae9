/** One occurrence of a pattern in a scanned text: `[start, end)` in UTF-16 units. */
export interface PatternHit {
  pattern: number;
  start: number;
  end: number;
}

/** UTF-16 code units: the root's transitions are a table indexed by unit. */
const UNITS = 0x10000;

/** States with more transitions than this are searched by bisection, the others one by one. */
const LINEAR_SEARCH_MAX = 8;

/**
 * Aho–Corasick automaton over UTF-16 units: one pass over a text finds every occurrence,
 * overlapping ones included, of all patterns at once.
 */
export class AhoCorasick {
  /**
   * Transitions out of the root by unit (0: none). Most units of a text start no pattern and
   * most of a scan is spent at the root, so that step is one array load.
   */
  private readonly rootNext = new Int32Array(UNITS);
  /**
   * Transitions out of the other states, as flat arrays sorted by unit within each state: those
   * of state s are at `transitionStart[s]` up to `transitionStart[s + 1]`. Most states of a
   * phrase trie have one or two, so a lookup is a short search in contiguous memory.
   */
  private readonly transitionStart: Int32Array;
  private readonly transitionUnit: Uint16Array;
  private readonly transitionTarget: Int32Array;
  private readonly fail: Int32Array;
  /**
   * Patterns ending at each state, failure links included, as one flat list: those of state s
   * are `outputs[outputStart[s]]` up to `outputs[outputStart[s + 1]]`.
   */
  private readonly outputStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly lengths: Int32Array;

  constructor(patterns: readonly string[]) {
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    const next: Array<Map<number, number>> = [new Map()];
    const ending: number[][] = [[]];
    patterns.forEach((pattern, index) => {
      if (pattern.length === 0) return;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i);
        let target = next[state]!.get(unit);
        if (target === undefined) {
          target = next.length;
          next.push(new Map());
          ending.push([]);
          next[state]!.set(unit, target);
        }
        state = target;
      }
      ending[state]!.push(index);
    });
    for (const [unit, target] of next[0]!) this.rootNext[unit] = target;
    this.fail = linkFailures(next, ending);
    this.transitionStart = new Int32Array(next.length + 1);
    next.forEach((map, state) => (this.transitionStart[state + 1] = this.transitionStart[state]! + map.size));
    this.transitionUnit = new Uint16Array(this.transitionStart[next.length]!);
    this.transitionTarget = new Int32Array(this.transitionStart[next.length]!);
    next.forEach((map, state) => {
      let at = this.transitionStart[state]!;
      for (const [unit, target] of [...map].sort((a, b) => a[0] - b[0])) {
        this.transitionUnit[at] = unit;
        this.transitionTarget[at++] = target;
      }
    });
    this.outputStart = new Int32Array(ending.length + 1);
    ending.forEach((list, state) => (this.outputStart[state + 1] = this.outputStart[state]! + list.length));
    this.outputs = Int32Array.from(ending.flat());
  }

  /** The state `unit` leads to from a state other than the root; 0 when there is no transition. */
  private step(state: number, unit: number): number {
    const units = this.transitionUnit;
    let low = this.transitionStart[state]!;
    let high = this.transitionStart[state + 1]!;
    while (high - low > LINEAR_SEARCH_MAX) {
      const middle = (low + high) >>> 1;
      if (units[middle]! < unit) low = middle + 1;
      else high = middle + 1;
    }
    for (; low < high; low++) if (units[low] === unit) return this.transitionTarget[low]!;
    return 0;
  }

  /** Every occurrence of every pattern in `text`, ordered by end offset. */
  scan(text: string): PatternHit[] {
    const hits: PatternHit[] = [];
    const { rootNext, fail, outputStart, outputs, lengths } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      let target = 0;
      while (state !== 0 && (target = this.step(state, unit)) === 0) state = fail[state]!;
      state = state === 0 ? rootNext[unit]! : target;
      for (let k = outputStart[state]!, end = outputStart[state + 1]!; k < end; k++) {
        const pattern = outputs[k]!;
        hits.push({ pattern, start: i + 1 - lengths[pattern]!, end: i + 1 });
      }
    }
    return hits;
  }
}

/**
 * Failure links, breadth first; each state's `ending` list gains the patterns of the state its
 * link leads to.
 */
function linkFailures(next: ReadonlyArray<ReadonlyMap<number, number>>, ending: number[][]): Int32Array {
  const fail = new Int32Array(next.length);
  const queue: number[] = [...next[0]!.values()];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (const [unit, target] of next[state]!) {
      let fallback = fail[state]!;
      while (fallback !== 0 && !next[fallback]!.has(unit)) fallback = fail[fallback]!;
      const link = next[fallback]!.get(unit);
      fail[target] = link !== undefined && link !== target ? link : 0;
      ending[target]!.push(...ending[fail[target]!]!);
      queue.push(target);
    }
  }
  return fail;
}
