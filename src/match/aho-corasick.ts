/** One occurrence of a pattern in a scanned text: `[start, end)` in UTF-16 units. */
export interface PatternHit {
  pattern: number;
  start: number;
  end: number;
}

/**
 * An automaton's tables, as {@link AhoCorasick.tables} gives them: the constructor takes them
 * back instead of building them (the built-in packs' are stored at build time, see
 * rules/snapshot.ts). The root's table is not among them: it is filled from their root transitions.
 */
export interface AutomatonTables {
  readonly transitionStart: Int32Array;
  readonly transitionUnit: Uint16Array;
  readonly transitionTarget: Int32Array;
  readonly fail: Int32Array;
  readonly outputStart: Int32Array;
  readonly outputs: Int32Array;
}

/** UTF-16 code units: the root's transitions are a table indexed by unit. */
const UNITS = 0x10000;

/**
 * States with more transitions than this get a row of the dense table (or, past its size
 * limit, are searched by bisection), the others are searched one by one.
 */
const LINEAR_SEARCH_MAX = 8;

/**
 * The most cells the dense table may have (16 MB): the states with the most transitions get
 * rows first. The built-in packs need about 600,000.
 */
const DENSE_CELLS_MAX = 4_000_000;

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
  /**
   * By unit, its column in the dense table: 1 and up for the units some pattern holds, 0 for
   * the others — on those every state's failure chain ends at the root, which has no
   * transition on them either, so a scan goes straight back to the root.
   */
  private readonly unitColumn = new Int32Array(UNITS);
  private columns = 1;
  /**
   * Where the row of a state with many transitions starts in `dense`, or -1. A row holds the
   * state's target by column (0: none): one load instead of a bisection among the tens of
   * transitions of such a state (after 您, 我, 不…), which a scan of Chinese meets often.
   */
  private readonly denseRow: Int32Array;
  private readonly dense: Int32Array;

  /** `tables`, when given, must be those of an automaton built from the same `patterns`. */
  constructor(patterns: readonly string[], tables?: AutomatonTables) {
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    if (tables) {
      ({
        transitionStart: this.transitionStart,
        transitionUnit: this.transitionUnit,
        transitionTarget: this.transitionTarget,
        fail: this.fail,
        outputStart: this.outputStart,
        outputs: this.outputs,
      } = tables);
      for (let at = 0; at < this.transitionStart[1]!; at++)
        this.rootNext[this.transitionUnit[at]!] = this.transitionTarget[at]!;
      ({ denseRow: this.denseRow, dense: this.dense } = this.denseRows());
      return;
    }
    // In code-unit order the trie is built depth first with each state's children made in unit
    // order: laid out by parent they come out sorted, with no map per state (rule sets have
    // tens of thousands of states, and a start-up pays for each).
    const order = [...patterns.keys()]
      .filter((index) => patterns[index]!.length > 0)
      .sort((a, b) => (patterns[a]! < patterns[b]! ? -1 : patterns[a]! > patterns[b]! ? 1 : a - b));
    const capacity = 1 + order.reduce((sum, index) => sum + patterns[index]!.length, 0);
    const parent = new Int32Array(capacity);
    const unitOf = new Uint16Array(capacity);
    const depth = new Int32Array(capacity);
    // Equal patterns are neighbours in `order`: those ending at a state are `order[ownFirst…ownFirst + ownCount)`, by index.
    const ownFirst = new Int32Array(capacity);
    const ownCount = new Int32Array(capacity);
    const path = [0];
    let states = 1;
    let previous = "";
    for (const [position, index] of order.entries()) {
      const pattern = patterns[index]!;
      let common = 0;
      while (common < pattern.length && pattern.charCodeAt(common) === previous.charCodeAt(common)) common++;
      for (let at = common; at < pattern.length; at++) {
        parent[states] = path[at]!;
        unitOf[states] = pattern.charCodeAt(at);
        depth[states] = at + 1;
        path[at + 1] = states++;
      }
      const end = path[pattern.length]!;
      if (ownCount[end]!++ === 0) ownFirst[end] = position;
      previous = pattern;
    }

    this.transitionStart = new Int32Array(states + 1);
    for (let state = 1; state < states; state++) this.transitionStart[parent[state]! + 1]!++;
    for (let state = 0; state < states; state++) this.transitionStart[state + 1]! += this.transitionStart[state]!;
    this.transitionUnit = new Uint16Array(states - 1);
    this.transitionTarget = new Int32Array(states - 1);
    const filled = this.transitionStart.slice(0, states);
    for (let state = 1; state < states; state++) {
      const at = filled[parent[state]!]!++;
      this.transitionUnit[at] = unitOf[state]!;
      this.transitionTarget[at] = state;
      if (parent[state] === 0) this.rootNext[unitOf[state]!] = state;
    }

    ({ denseRow: this.denseRow, dense: this.dense } = this.denseRows());

    // Breadth first (states by depth): a failure link leads to a shallower state, linked already.
    // A loop, not Math.max(...depths): spread arguments overflow the stack past ~125,000 states.
    let deepest = 0;
    for (let state = 1; state < states; state++) if (depth[state]! > deepest) deepest = depth[state]!;
    /** Where the next state of each depth goes in `byDepth`: at first, how many states are shallower. */
    const slot = new Int32Array(deepest + 2);
    for (let state = 1; state < states; state++) slot[depth[state]! + 1]!++;
    for (let level = 1; level <= deepest; level++) slot[level + 1]! += slot[level]!;
    const byDepth = new Int32Array(states - 1);
    for (let state = 1; state < states; state++) byDepth[slot[depth[state]!]!++] = state;
    this.fail = new Int32Array(states);
    for (const state of byDepth) {
      if (parent[state] === 0) continue;
      const unit = unitOf[state]!;
      let fallback = this.fail[parent[state]!]!;
      let link = 0;
      while ((link = fallback === 0 ? this.rootNext[unit]! : this.step(fallback, unit)) === 0 && fallback !== 0)
        fallback = this.fail[fallback]!;
      this.fail[state] = link;
    }

    // Each state outputs its own patterns (by index), then those of the state its link leads to.
    const outputCount = new Int32Array(states);
    for (const state of byDepth) outputCount[state] = ownCount[state]! + outputCount[this.fail[state]!]!;
    this.outputStart = new Int32Array(states + 1);
    for (let state = 0; state < states; state++)
      this.outputStart[state + 1] = this.outputStart[state]! + outputCount[state]!;
    this.outputs = new Int32Array(this.outputStart[states]!);
    for (const state of byDepth) {
      let at = this.outputStart[state]!;
      for (let k = 0; k < ownCount[state]!; k++) this.outputs[at++] = order[ownFirst[state]! + k]!;
      const link = this.fail[state]!;
      this.outputs.copyWithin(at, this.outputStart[link]!, this.outputStart[link]! + outputCount[link]!);
    }
  }

  /** Numbers the units the patterns hold and lays out the dense rows (see {@link denseRow}). */
  private denseRows(): { denseRow: Int32Array; dense: Int32Array } {
    const { transitionStart, transitionUnit, transitionTarget, unitColumn } = this;
    for (const unit of transitionUnit) if (unitColumn[unit] === 0) unitColumn[unit] = this.columns++;
    const states = transitionStart.length - 1;
    const fanout = (state: number) => transitionStart[state + 1]! - transitionStart[state]!;
    const many: number[] = [];
    for (let state = 1; state < states; state++) if (fanout(state) > LINEAR_SEARCH_MAX) many.push(state);
    many.sort((a, b) => fanout(b) - fanout(a));
    const rows = Math.min(many.length, Math.floor(DENSE_CELLS_MAX / this.columns));
    const denseRow = new Int32Array(states).fill(-1);
    const dense = new Int32Array(rows * this.columns);
    for (let row = 0; row < rows; row++) {
      const state = many[row]!;
      denseRow[state] = row * this.columns;
      for (let at = transitionStart[state]!; at < transitionStart[state + 1]!; at++)
        dense[denseRow[state]! + unitColumn[transitionUnit[at]!]!] = transitionTarget[at]!;
    }
    return { denseRow, dense };
  }

  /** The tables this automaton was built into, for the constructor to take back. */
  get tables(): AutomatonTables {
    const { transitionStart, transitionUnit, transitionTarget, fail, outputStart, outputs } = this;
    return { transitionStart, transitionUnit, transitionTarget, fail, outputStart, outputs };
  }

  /** The state `unit` leads to from a state other than the root; 0 when there is no transition. */
  private step(state: number, unit: number): number {
    const row = this.denseRow[state]!;
    if (row >= 0) return this.dense[row + this.unitColumn[unit]!]!;
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
    const { rootNext, unitColumn, fail, outputStart, outputs, lengths } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unitColumn[unit] === 0) {
        state = 0;
        continue;
      }
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
