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
  /**
   * Four numbers by node (see {@link NODE_FIELDS}): the state that owns it (-1: a free node), where
   * its own row starts, its failure link, and where its outputs are (0: none). Node 0 is the root.
   */
  readonly nodes: Int32Array;
  /** Each state's outputs, one list after the other: how many, then the pattern ids. Word 0 is unused. */
  readonly outputs: Int32Array;
  /** By pattern id, its length in UTF-16 units: where a hit ending at a state starts. */
  readonly lengths: Int32Array;
}

/**
 * How many numbers each node has in {@link AutomatonTables.nodes}, and which is which. A state
 * is the node its transition leads to, so a step reads the node `base + column` for its owner,
 * then, when the step is taken, the new state's outputs and its base, which lie in that same node:
 * one cache line per unit scanned, where a table of states and one of transitions took two or
 * three (the packs' automaton is megabytes, and the rest of a lint pushes it out of the cache
 * between turns).
 */
const NODE_FIELDS = 4;
const CHECK = 0;
const BASE = 1;
const FAIL = 2;
const OUTPUTS = 3;

/**
 * Whether no step of a scan with these tables (read back from a file) reads outside them: every
 * owner a node or -1, every row within the nodes, every failure link a node, every node's outputs
 * within the list and each of them a pattern with a length.
 */
export function tablesFit({ nodes, columnUnits, outputs, lengths }: AutomatonTables): boolean {
  const count = nodes.length / NODE_FIELDS;
  if (count < 1 || !Number.isInteger(count) || outputs.length < 1) return false;
  if (lengths.some((length) => length < 0)) return false;
  const columns = columnUnits.length;
  let widest = -1;
  for (let at = 0; at < nodes.length; at += NODE_FIELDS) {
    const check = nodes[at + CHECK]!;
    const base = nodes[at + BASE]!;
    const fail = nodes[at + FAIL]!;
    const output = nodes[at + OUTPUTS]!;
    if (check < -1 || check >= count || base < 0 || base + columns >= count || fail < 0 || fail >= count) return false;
    if (output < 0 || output >= outputs.length) return false;
    if (output > 0) {
      const listed = outputs[output]!;
      if (listed < 1 || output + listed >= outputs.length) return false;
      for (let k = output + 1; k <= output + listed; k++)
        if (outputs[k]! < 0 || outputs[k]! >= lengths.length) return false;
    }
    if (base > widest) widest = base;
  }
  // The nodes end with the widest row: a longer file is not one this build wrote.
  return widest + columns === count - 1;
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
 * the transition of state s on column c is the node `base[s] + c` when that node's owner is s;
 * the node is then the next state. The rows of all states overlap in one table about as long as
 * the trie has states, so a step is one load from a table of a few megabytes (the rule set's has
 * about 250,000 nodes); a dense row per state would not fit a cache, a search among a state's
 * transitions costs a branch per unit.
 */
export class AhoCorasick {
  /**
   * By unit, its column: 1 and up for the units some pattern holds, 0 for the others — on those
   * every state's failure chain ends at the root, which has no transition on them either, so a
   * scan goes straight back to the root. 16 bits, half the cache lines, unless every unit is a column.
   */
  private readonly unitColumn: Uint16Array | Int32Array;
  private readonly columnUnits: Uint16Array;
  /**
   * The root's transitions by column. Most of a scan is spent at the root or one step from it,
   * so that step is one load instead of two.
   */
  private readonly rootNext: Int32Array;
  /** {@link NODE_FIELDS} numbers by node: owner, base, failure link, outputs. */
  private readonly nodes: Int32Array;
  /** Patterns ending at each state, failure links included, as count-prefixed lists (see {@link nodes}). */
  private readonly outputs: Int32Array;
  private readonly lengths: Int32Array;

  /** Built from its patterns (by pattern id), or taken back from the {@link tables} of one built. */
  constructor(source: readonly string[] | AutomatonTables) {
    if (!isPatternList(source)) {
      ({ columnUnits: this.columnUnits, nodes: this.nodes, outputs: this.outputs, lengths: this.lengths } = source);
      this.unitColumn = unitColumns(this.columnUnits);
      this.rootNext = this.rootRow();
      return;
    }
    const patterns = source;
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    const trie = breadthFirstTrie(patterns);
    const { count, parent, unitOf } = trie;
    // Columns by how many states a unit leads to, most first: the units most patterns hold get
    // the lowest columns, so that the cells a scan reads most lie near the start of their rows.
    const statesByUnit = new Int32Array(UNITS);
    for (let state = 1; state < count; state++) statesByUnit[unitOf[state]!]!++;
    const units: number[] = [];
    for (let unit = 0; unit < UNITS; unit++) if (statesByUnit[unit]! > 0) units.push(unit);
    units.sort((a, b) => statesByUnit[b]! - statesByUnit[a]! || a - b);
    this.columnUnits = Uint16Array.from(units);
    this.unitColumn = unitColumns(this.columnUnits);
    const layout = doubleArray(count, parent, unitOf, this.unitColumn, units.length);
    const fail = failureLinks(trie, layout, this.unitColumn);
    const { outputs, outputAt } = outputLists(trie, fail);
    this.outputs = outputs;
    this.nodes = nodesOf(layout, fail, outputAt);
    this.rootNext = this.rootRow();
  }

  /** The tables this automaton was built into, for the constructor to take back. */
  get tables(): AutomatonTables {
    const { columnUnits, nodes, outputs, lengths } = this;
    return { columnUnits, nodes, outputs, lengths };
  }

  private rootRow(): Int32Array {
    const { nodes } = this;
    const row = new Int32Array(this.columnUnits.length + 1);
    for (let column = 1; column < row.length; column++) {
      const node = nodes[BASE]! + column;
      row[column] = nodes[node * NODE_FIELDS + CHECK] === 0 ? node : 0;
    }
    return row;
  }

  /** Every occurrence of every pattern in `text`, ordered by end offset. */
  scan(text: string): PatternHit[] {
    const hits: PatternHit[] = [];
    const { unitColumn, rootNext, nodes, outputs, lengths } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const column = unitColumn[text.charCodeAt(i)]!;
      if (column === 0) {
        state = 0;
        continue;
      }
      let next = 0;
      while (state !== 0) {
        const node = nodes[state * NODE_FIELDS + BASE]! + column;
        if (nodes[node * NODE_FIELDS + CHECK] === state) {
          next = node;
          break;
        }
        state = nodes[state * NODE_FIELDS + FAIL]!;
      }
      state = next !== 0 ? next : rootNext[column]!;
      const output = nodes[state * NODE_FIELDS + OUTPUTS]!;
      if (output === 0) continue;
      for (let k = output + 1, end = k + outputs[output]!; k < end; k++) {
        const pattern = outputs[k]!;
        hits.push({ pattern, start: i + 1 - lengths[pattern]!, end: i + 1 });
      }
    }
    return hits;
  }
}

/** By unit, its column (see {@link AhoCorasick}); 16 bits unless a column would not fit. */
function unitColumns(columnUnits: Uint16Array): Uint16Array | Int32Array {
  const unitColumn = columnUnits.length < 0xffff ? new Uint16Array(UNITS) : new Int32Array(UNITS);
  columnUnits.forEach((unit, index) => (unitColumn[unit] = index + 1));
  return unitColumn;
}

/**
 * Each trie state's failure link, by breadth-first state number: a link leads to a shallower
 * state, linked already.
 */
function failureLinks(
  { count, parent, unitOf }: Trie,
  { base, owner, target }: DoubleArray,
  unitColumn: Uint16Array | Int32Array,
): Int32Array {
  const fail = new Int32Array(count);
  const step = (state: number, column: number) => {
    const cell = base[state]! + column;
    return owner[cell] === state ? target[cell]! : 0;
  };
  for (let state = 1; state < count; state++) {
    if (parent[state] === 0) continue;
    const column = unitColumn[unitOf[state]!]!;
    let fallback = fail[parent[state]!]!;
    let link = step(fallback, column);
    while (link === 0 && fallback !== 0) {
      fallback = fail[fallback]!;
      link = step(fallback, column);
    }
    fail[state] = link;
  }
  return fail;
}

/**
 * Each state's outputs, its own patterns (by index) then those of the state its link leads to,
 * as count-prefixed lists in one table; `outputAt[state]` is where its list is, 0 for none.
 */
function outputLists(
  { count, ownFirst, ownCount, order }: Trie,
  fail: Int32Array,
): { outputs: Int32Array; outputAt: Int32Array } {
  const listed = new Int32Array(count);
  let total = 1;
  for (let state = 1; state < count; state++) {
    listed[state] = ownCount[state]! + listed[fail[state]!]!;
    if (listed[state]! > 0) total += 1 + listed[state]!;
  }
  const outputs = new Int32Array(total);
  const outputAt = new Int32Array(count);
  let next = 1;
  for (let state = 1; state < count; state++) {
    if (listed[state] === 0) continue;
    outputAt[state] = next;
    outputs[next++] = listed[state]!;
    for (let k = 0; k < ownCount[state]!; k++) outputs[next++] = order[ownFirst[state]! + k]!;
    const inherited = outputAt[fail[state]!]!;
    if (inherited > 0) {
      outputs.copyWithin(next, inherited + 1, inherited + 1 + outputs[inherited]!);
      next += outputs[inherited]!;
    }
  }
  return { outputs, outputAt };
}

/**
 * The double array as {@link AutomatonTables.nodes}: node 0 is the root, node `cell + 1` the state
 * the cell leads to, with its owner, base (moved by one, as the node numbers are), failure link
 * and outputs.
 */
function nodesOf({ base, owner, target, length }: DoubleArray, fail: Int32Array, outputAt: Int32Array): Int32Array {
  const nodeOf = new Int32Array(base.length);
  for (let cell = 0; cell < length; cell++) if (owner[cell]! >= 0) nodeOf[target[cell]!] = cell + 1;
  const nodes = new Int32Array((length + 1) * NODE_FIELDS);
  const place = (node: number, state: number, check: number) => {
    const at = node * NODE_FIELDS;
    nodes[at + CHECK] = check;
    nodes[at + BASE] = base[state]! + 1;
    nodes[at + FAIL] = nodeOf[fail[state]!]!;
    nodes[at + OUTPUTS] = outputAt[state]!;
  };
  place(0, 0, -1);
  for (let cell = 0; cell < length; cell++) {
    if (owner[cell]! >= 0) place(cell + 1, target[cell]!, nodeOf[owner[cell]!]!);
    else nodes[(cell + 1) * NODE_FIELDS + CHECK] = -1;
  }
  return nodes;
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

/** The trie's transitions: cell `base[s] + column` leads from `owner[cell]` (-1: free) to `target[cell]`; cells from `length` on are free. */
interface DoubleArray {
  readonly base: Int32Array;
  readonly owner: Int32Array;
  readonly target: Int32Array;
  readonly length: number;
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
  unitColumn: Uint16Array | Int32Array,
  columns: number,
): DoubleArray {
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
  return { base, owner, target, length: lastBase + columns + 1 };
}

/** 0, 1, 2, …: a loop, since `Int32Array.from` with a map function calls it once per element. */
function ascending(length: number): Int32Array {
  const values = new Int32Array(length);
  for (let index = 0; index < length; index++) values[index] = index;
  return values;
}
