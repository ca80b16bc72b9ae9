/** One occurrence of a pattern in a scanned text: `[start, end)` in UTF-16 units. */
export interface PatternHit {
  pattern: number;
  start: number;
  end: number;
}

/** UTF-16 code units: the root's transitions are a table indexed by unit. */
const UNITS = 0x10000;

/**
 * Aho–Corasick automaton over UTF-16 units: one pass over a text finds every occurrence,
 * overlapping ones included, of all patterns at once.
 */
export class AhoCorasick {
  /**
   * Transitions out of the root by unit (0: none). Most units of a text start no pattern and
   * most of a scan is spent at the root, so that step is one array load instead of a map lookup.
   */
  private readonly rootNext = new Int32Array(UNITS);
  /** Transitions out of the other states. */
  private readonly next: Array<Map<number, number>> = [new Map()];
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
    const ending: number[][] = [[]];
    patterns.forEach((pattern, index) => {
      if (pattern.length === 0) return;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const unit = pattern.charCodeAt(i);
        let target = this.next[state]!.get(unit);
        if (target === undefined) {
          target = this.next.length;
          this.next.push(new Map());
          ending.push([]);
          this.next[state]!.set(unit, target);
        }
        state = target;
      }
      ending[state]!.push(index);
    });
    for (const [unit, target] of this.next[0]!) this.rootNext[unit] = target;
    this.fail = new Int32Array(this.next.length);
    this.linkFailures(ending);
    this.outputStart = new Int32Array(ending.length + 1);
    ending.forEach((list, state) => (this.outputStart[state + 1] = this.outputStart[state]! + list.length));
    this.outputs = Int32Array.from(ending.flat());
  }

  private linkFailures(ending: number[][]): void {
    const queue: number[] = [...this.next[0]!.values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [unit, target] of this.next[state]!) {
        let fallback = this.fail[state]!;
        while (fallback !== 0 && !this.next[fallback]!.has(unit)) fallback = this.fail[fallback]!;
        const link = this.next[fallback]!.get(unit);
        this.fail[target] = link !== undefined && link !== target ? link : 0;
        ending[target]!.push(...ending[this.fail[target]!]!);
        queue.push(target);
      }
    }
  }

  /** Every occurrence of every pattern in `text`, ordered by end offset. */
  scan(text: string): PatternHit[] {
    const hits: PatternHit[] = [];
    const { rootNext, next, fail, outputStart, outputs, lengths } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      let target: number | undefined;
      while (state !== 0 && (target = next[state]!.get(unit)) === undefined) state = fail[state]!;
      state = state === 0 ? rootNext[unit]! : target!;
      for (let k = outputStart[state]!, end = outputStart[state + 1]!; k < end; k++) {
        const pattern = outputs[k]!;
        hits.push({ pattern, start: i + 1 - lengths[pattern]!, end: i + 1 });
      }
    }
    return hits;
  }
}
