/** One occurrence of a pattern in a scanned text: `[start, end)` in UTF-16 units. */
export interface PatternHit {
  pattern: number;
  start: number;
  end: number;
}

/**
 * An automaton's tables, as {@link AhoCorasick.tables} gives them: the constructor takes them
 * back instead of building them (the built-in packs' are stored at build time, see
 * rules/snapshot.ts).
 */
export interface AutomatonTables {
  /** The unit of each column of the transition table, from column 1 on (column 0: units no pattern holds). */
  readonly columnUnits: Uint16Array;
  /** Four numbers by state (see {@link STATE_FIELDS}): where its row starts among the cells, its failure link, and its outputs. */
  readonly states: Int32Array;
  /** Pairs (owner state, target state), -1 for a free cell. */
  readonly cells: Int32Array;
  /** Pattern ids, each state's outputs one after the other. */
  readonly outputs: Int32Array;
  /** By pattern id, its length in UTF-16 units: where a hit ending at a state starts. */
  readonly lengths: Int32Array;
}

/**
 * How many numbers each state has in {@link AutomatonTables.states}, and which is which: a step
 * reads the state's base, on a miss its failure link, then the outputs of the state it reaches,
 * so they lie side by side, in one cache line, not in three tables.
 */
const STATE_FIELDS = 4;
const BASE = 0;
const FAIL = 1;
const OUTPUT_START = 2;
const OUTPUT_COUNT = 3;

/**
 * Whether no step of a scan with these tables (read back from a file) reads outside them: every base at least 0 and its
 * row within the cells, every failure link a state, every state's outputs within the list, every output a pattern
 * with a length.
 */
export function tablesFit({ states, columnUnits, cells, outputs, lengths }: AutomatonTables): boolean {
  const count = states.length / STATE_FIELDS;
  if (count < 1 || !Number.isInteger(count)) return false;
  if (lengths.some((length) => length < 0) || outputs.some((pattern) => pattern < 0 || pattern >= lengths.length))
    return false;
  const lastBase = cells.length / 2 - columnUnits.length - 1;
  let widest = -1;
  for (let at = 0; at < states.length; at += STATE_FIELDS) {
    const base = states[at + BASE]!;
    const fail = states[at + FAIL]!;
    const outputStart = states[at + OUTPUT_START]!;
    const outputCount = states[at + OUTPUT_COUNT]!;
    if (base < 0 || base > lastBase || fail < 0 || fail >= count || outputStart < 0 || outputCount < 0) return false;
    if (outputStart + outputCount > outputs.length) return false;
    if (base > widest) widest = base;
  }
  // The cells end with the widest row: a longer file is not one this build wrote.
  return widest === lastBase;
}

/** UTF-16 code units. */
const UNITS = 0x10000;

/** A search for a base that tried more cells than this finds the table crowded up to where it ended. */
const CROWDED_TRIES = 16;

/**
 * Aho–Corasick automaton over UTF-16 units: one pass over a text finds every occurrence,
 * overlapping ones included, of all patterns at once.
 *
 * The transitions are a double array: the units the patterns hold are numbered as columns, and
 * the transition of state s on column c is the cell `base[s] + c` when that cell's owner is s.
 * The rows of all states overlap in one table about as long as the trie has states, so a step is
 * two loads from a table of a few megabytes (the rule set's has about 190,000 states); a dense row
 * per state would not fit a cache, a search among a state's transitions costs a branch per unit.
 */
export class AhoCorasick {
  /**
   * By unit, its column: 1 and up for the units some pattern holds, 0 for the others — on those
   * every state's failure chain ends at the root, which has no transition on them either, so a
   * scan goes straight back to the root.
   */
  private readonly unitColumn = new Int32Array(UNITS);
  private readonly columnUnits: Uint16Array;
  /**
   * The root's transitions by column. Most of a scan is spent at the root or one step from it,
   * so that step is one load instead of two.
   */
  private readonly rootNext: Int32Array;
  /** {@link STATE_FIELDS} numbers by state: base, failure link, where its outputs start and how many. */
  private readonly states: Int32Array;
  /** `cells[2i]`: the state that owns cell i (-1: none); `cells[2i + 1]`: where its transition leads. */
  private readonly cells: Int32Array;
  /** Patterns ending at each state, failure links included, as one flat list (see {@link states}). */
  private readonly outputs: Int32Array;
  private readonly lengths: Int32Array;

  /** Built from its patterns (by pattern id), or taken back from the {@link tables} of one built. */
  constructor(source: readonly string[] | AutomatonTables) {
    if (!isPatternList(source)) {
      ({
        columnUnits: this.columnUnits,
        states: this.states,
        cells: this.cells,
        outputs: this.outputs,
        lengths: this.lengths,
      } = source);
      this.columnUnits.forEach((unit, index) => (this.unitColumn[unit] = index + 1));
      this.rootNext = this.rootRow();
      return;
    }
    const patterns = source;
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    const trie = breadthFirstTrie(patterns);
    const { count, parent, unitOf, ownFirst, ownCount, order } = trie;
    // Columns by how many states a unit leads to, most first: the units most patterns hold get
    // the lowest columns, so that the cells a scan reads most lie near the start of their rows.
    const statesByUnit = new Int32Array(UNITS);
    for (let state = 1; state < count; state++) statesByUnit[unitOf[state]!]!++;
    const units: number[] = [];
    for (let unit = 0; unit < UNITS; unit++) if (statesByUnit[unit]! > 0) units.push(unit);
    units.sort((a, b) => statesByUnit[b]! - statesByUnit[a]! || a - b);
    units.forEach((unit, index) => (this.unitColumn[unit] = index + 1));
    this.columnUnits = Uint16Array.from(units);
    const { base, cells } = doubleArray(count, parent, unitOf, this.unitColumn, units.length);
    this.cells = cells;
    const states = (this.states = new Int32Array(count * STATE_FIELDS));
    for (let state = 0; state < count; state++) states[state * STATE_FIELDS + BASE] = base[state]!;
    this.rootNext = this.rootRow();

    // States are numbered breadth first: a failure link leads to a shallower state, linked already.
    for (let state = 1; state < count; state++) {
      if (parent[state] === 0) continue;
      const column = this.unitColumn[unitOf[state]!]!;
      let fallback = states[parent[state]! * STATE_FIELDS + FAIL]!;
      let link = this.step(fallback, column);
      while (link === 0 && fallback !== 0) {
        fallback = states[fallback * STATE_FIELDS + FAIL]!;
        link = this.step(fallback, column);
      }
      states[state * STATE_FIELDS + FAIL] = link;
    }

    // Each state outputs its own patterns (by index), then those of the state its link leads to.
    let total = 0;
    for (let state = 0; state < count; state++) {
      const at = state * STATE_FIELDS;
      states[at + OUTPUT_START] = total;
      states[at + OUTPUT_COUNT] =
        ownCount[state]! + (state === 0 ? 0 : states[states[at + FAIL]! * STATE_FIELDS + OUTPUT_COUNT]!);
      total += states[at + OUTPUT_COUNT]!;
    }
    this.outputs = new Int32Array(total);
    for (let state = 1; state < count; state++) {
      const at = state * STATE_FIELDS;
      let next = states[at + OUTPUT_START]!;
      for (let k = 0; k < ownCount[state]!; k++) this.outputs[next++] = order[ownFirst[state]! + k]!;
      const link = states[at + FAIL]! * STATE_FIELDS;
      const from = states[link + OUTPUT_START]!;
      this.outputs.copyWithin(next, from, from + states[link + OUTPUT_COUNT]!);
    }
  }

  /** The tables this automaton was built into, for the constructor to take back. */
  get tables(): AutomatonTables {
    const { columnUnits, states, cells, outputs, lengths } = this;
    return { columnUnits, states, cells, outputs, lengths };
  }

  private rootRow(): Int32Array {
    const row = new Int32Array(this.columnUnits.length + 1);
    for (let column = 1; column < row.length; column++) row[column] = this.step(0, column);
    return row;
  }

  /** The state a unit of column `column` leads to from `state`; 0 when there is no transition. */
  private step(state: number, column: number): number {
    const cell = (this.states[state * STATE_FIELDS + BASE]! + column) << 1;
    return this.cells[cell] === state ? this.cells[cell + 1]! : 0;
  }

  /** Every occurrence of every pattern in `text`, ordered by end offset. */
  scan(text: string): PatternHit[] {
    const hits: PatternHit[] = [];
    const { unitColumn, rootNext, states, cells, outputs, lengths } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const column = unitColumn[text.charCodeAt(i)]!;
      if (column === 0) {
        state = 0;
        continue;
      }
      let next = 0;
      while (state !== 0) {
        const cell = (states[state * STATE_FIELDS + BASE]! + column) << 1;
        if (cells[cell] === state) {
          next = cells[cell + 1]!;
          break;
        }
        state = states[state * STATE_FIELDS + FAIL]!;
      }
      state = next !== 0 ? next : rootNext[column]!;
      const at = state * STATE_FIELDS;
      for (let k = states[at + OUTPUT_START]!, end = k + states[at + OUTPUT_COUNT]!; k < end; k++) {
        const pattern = outputs[k]!;
        hits.push({ pattern, start: i + 1 - lengths[pattern]!, end: i + 1 });
      }
    }
    return hits;
  }
}

function isPatternList(source: readonly string[] | AutomatonTables): source is readonly string[] {
  return Array.isArray(source);
}

/** A trie of patterns, its states numbered breadth first (see {@link breadthFirstTrie}). */
interface Trie {
  readonly count: number;
  readonly parent: Int32Array;
  readonly unitOf: Uint16Array;
  /** The patterns ending at state s are `order[ownFirst[s]…ownFirst[s] + ownCount[s])`, by index. */
  readonly ownFirst: Int32Array;
  readonly ownCount: Int32Array;
  /** Pattern indices in code-unit order of the patterns. */
  readonly order: readonly number[];
}

/**
 * The trie of the patterns, its states numbered breadth first (by depth; at one depth in the
 * patterns' code-unit order, so siblings are neighbours): the shallow states, where a scan takes
 * most of its steps, get the lowest numbers and share cache lines.
 */
function breadthFirstTrie(patterns: readonly string[]): Trie {
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
  // Equal patterns are neighbours in `order`.
  const ownFirst = new Int32Array(capacity);
  const ownCount = new Int32Array(capacity);
  const path = [0];
  let count = 1;
  let previous = "";
  for (const [position, index] of order.entries()) {
    const pattern = patterns[index]!;
    let common = 0;
    while (common < pattern.length && pattern.charCodeAt(common) === previous.charCodeAt(common)) common++;
    for (let at = common; at < pattern.length; at++) {
      parent[count] = path[at]!;
      unitOf[count] = pattern.charCodeAt(at);
      depth[count] = at + 1;
      path[at + 1] = count++;
    }
    const end = path[pattern.length]!;
    if (ownCount[end]!++ === 0) ownFirst[end] = position;
    previous = pattern;
  }

  // Counting sort by depth, stable: the depth-first numbers at one depth are in code-unit order.
  // A loop, not Math.max(...depths): spread arguments overflow the stack past ~125,000 states.
  let deepest = 0;
  for (let state = 1; state < count; state++) if (depth[state]! > deepest) deepest = depth[state]!;
  /** Where the next state of each depth goes: at first, how many states are shallower (the root first). */
  const slot = new Int32Array(deepest + 2);
  slot[1] = 1;
  for (let state = 1; state < count; state++) slot[depth[state]! + 1]!++;
  for (let level = 1; level <= deepest; level++) slot[level + 1]! += slot[level]!;
  const renumbered = new Int32Array(count);
  for (let state = 1; state < count; state++) renumbered[state] = slot[depth[state]!]!++;
  const trie = {
    count,
    parent: new Int32Array(count),
    unitOf: new Uint16Array(count),
    ownFirst: new Int32Array(count),
    ownCount: new Int32Array(count),
    order,
  };
  for (let state = 0; state < count; state++) {
    const to = renumbered[state]!;
    trie.parent[to] = renumbered[parent[state]!]!;
    trie.unitOf[to] = unitOf[state]!;
    trie.ownFirst[to] = ownFirst[state]!;
    trie.ownCount[to] = ownCount[state]!;
  }
  return trie;
}

/**
 * Lays the trie's transitions out as a double array (see {@link AhoCorasick}). States with the
 * most children are placed first, while the table is empty; each takes the first base at which
 * all its children's cells are free, found among the free cells only (`nextFree`, a union–find
 * of runs of used cells). Every base is at least 0 and the table holds `base + columns` for every
 * state, so a step never reads outside it.
 */
function doubleArray(
  states: number,
  parent: Int32Array,
  unitOf: Uint16Array,
  unitColumn: Int32Array,
  columns: number,
): { base: Int32Array; cells: Int32Array } {
  // Children by parent: counting sort, as in a CSR graph.
  const childStart = new Int32Array(states + 1);
  for (let state = 1; state < states; state++) childStart[parent[state]! + 1]!++;
  for (let state = 0; state < states; state++) childStart[state + 1]! += childStart[state]!;
  const children = new Int32Array(Math.max(states - 1, 0));
  const filled = childStart.slice(0, states);
  for (let state = 1; state < states; state++) children[filled[parent[state]!]!++] = state;
  const fanout = (state: number) => childStart[state + 1]! - childStart[state]!;
  const placing: number[] = [];
  for (let state = 0; state < states; state++) if (fanout(state) > 0) placing.push(state);
  placing.sort((a, b) => fanout(b) - fanout(a) || a - b);

  let size = states + columns + 1;
  let owner = new Int32Array(size).fill(-1);
  let target = new Int32Array(size);
  /** Union–find: `nextFree[i] === i` for a free cell, else a later cell to look from. */
  let nextFree = ascending(size + 1);
  const grow = (needed: number) => {
    if (needed <= size) return;
    const grown = Math.max(needed, size * 2);
    const owners = new Int32Array(grown).fill(-1);
    owners.set(owner);
    const targets = new Int32Array(grown);
    targets.set(target);
    const links = ascending(grown + 1);
    links.set(nextFree.subarray(0, size));
    [owner, target, nextFree, size] = [owners, targets, links, grown];
  };
  const firstFreeFrom = (cell: number): number => {
    let root = cell;
    while (root < size && nextFree[root] !== root) root = nextFree[root]!;
    for (let at = cell; at < size && nextFree[at] !== at;) {
      const next = nextFree[at]!;
      nextFree[at] = root;
      at = next;
    }
    return root;
  };
  const base = new Int32Array(states);
  const childColumns: number[] = [];
  let lastBase = 0;
  /**
   * Where the search for a state of several children starts: the holes before it are left to
   * states of one child, which fit any hole. Moved on when a search had to try many cells, so
   * that each cell is tried by few states and the layout takes linear time.
   */
  let crowdedUntil = 0;
  for (const state of placing) {
    childColumns.length = 0;
    let first = columns;
    for (let at = childStart[state]!; at < childStart[state + 1]!; at++) {
      const column = unitColumn[unitOf[children[at]!]!]!;
      childColumns.push(column);
      if (column < first) first = column;
    }
    let cell = firstFreeFrom(childColumns.length > 1 ? Math.max(first, crowdedUntil + first) : first);
    for (let tries = 1; ; tries++) {
      const candidate = cell - first;
      grow(candidate + columns + 1);
      if (childColumns.every((column) => owner[candidate + column] === -1)) {
        if (tries > CROWDED_TRIES) crowdedUntil = candidate;
        break;
      }
      cell = firstFreeFrom(cell + 1);
    }
    const stateBase = cell - first;
    base[state] = stateBase;
    if (stateBase > lastBase) lastBase = stateBase;
    for (let at = childStart[state]!; at < childStart[state + 1]!; at++) {
      const child = children[at]!;
      const taken = stateBase + unitColumn[unitOf[child]!]!;
      owner[taken] = state;
      target[taken] = child;
      nextFree[taken] = taken + 1;
    }
  }
  // Every try grew the table to its base + columns, so the last base's row is within it.
  const length = lastBase + columns + 1;
  const cells = new Int32Array(2 * length);
  for (let cell = 0; cell < length; cell++) {
    cells[2 * cell] = owner[cell]!;
    cells[2 * cell + 1] = target[cell]!;
  }
  return { base, cells };
}

/** 0, 1, 2, …: a loop, since `Int32Array.from` with a map function calls it once per element. */
function ascending(length: number): Int32Array {
  const values = new Int32Array(length);
  for (let index = 0; index < length; index++) values[index] = index;
  return values;
}
