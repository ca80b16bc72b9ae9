/**
 * Small `Uint32Array`s carved out of shared blocks. Making a typed array costs far more than
 * filling it (its memory lives outside the JavaScript heap: some 700 ns each here), and a lint
 * makes a few for every turn it reports on. A block is small, so the arrays still alive keep
 * little memory alive with them.
 */
const BLOCK_LENGTH = 4096;

let block = new Uint32Array(BLOCK_LENGTH);
let used = 0;

/** A zero-filled array of `length` units; a new one, never handed out before. */
export function newUint32Array(length: number): Uint32Array {
  if (length > BLOCK_LENGTH / 4) return new Uint32Array(length);
  if (used + length > BLOCK_LENGTH) {
    block = new Uint32Array(BLOCK_LENGTH);
    used = 0;
  }
  const array = block.subarray(used, used + length);
  used += length;
  return array;
}
