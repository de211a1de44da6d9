// Stratified hold-out split and stratified K-fold assignment.
// The CV folds are a pure function of the split artifact: sklearn's StratifiedKFold(n_splits, shuffle=False)
// applied to the training ids in the order listed in `split.train` (that order is itself seeded-random),
// so the Python parity script reproduces the folds with sklearn's own class and no shared RNG.

import { makeRng, shuffleInPlace } from "./rng.js";

/** Fixed once, never tuned: the seed of the train/test split (and of the training order that defines the folds). */
export const SPLIT_SEED = 42;
export const TEST_SIZE = 0.25;
export const N_FOLDS = 5;

export interface SplitIndices {
  /** Positions into the input arrays, training part in CV order. */
  train: number[];
  /** Positions of the test part, ascending. */
  test: number[];
}

/**
 * Stratified split of positions 0..n-1 (y ∈ {0,1}). Test size is ceil(testSize·n) like sklearn; per-class test
 * counts are the floor of the proportional share plus the largest remainders (class 0 first on equal remainders).
 * Input order is the caller's: callers pass rows sorted by id so the result does not depend on file order.
 */
export function stratifiedSplit(y: ArrayLike<number>, testSize: number, seed: number): SplitIndices {
  const n = y.length;
  const nTest = Math.ceil(testSize * n);
  if (nTest <= 0 || nTest >= n) throw new Error("test size leaves an empty part");
  const { byClass, take } = classShares(y, nTest);
  const rng = makeRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [0, 1]) {
    const pos = [...byClass[c]];
    shuffleInPlace(pos, rng);
    test.push(...pos.slice(0, take[c]));
    train.push(...pos.slice(take[c]));
  }
  shuffleInPlace(train, rng); // the training order defines the CV folds (see stratifiedKFold)
  test.sort((a, b) => a - b);
  return { train, test };
}

/**
 * Positions of each class (0, 1) and how many of each a stratified draw of `m` rows takes: the floor of the
 * proportional share plus the largest remainders (class 0 first on equal remainders).
 */
function classShares(y: ArrayLike<number>, m: number): { byClass: number[][]; take: number[] } {
  const n = y.length;
  const byClass: number[][] = [[], []];
  for (let i = 0; i < n; i++) byClass[y[i] === 1 ? 1 : 0].push(i);
  const share = byClass.map((c) => (c.length * m) / n);
  const take = share.map(Math.floor);
  let left = m - take[0] - take[1];
  const order = [0, 1].sort((a, b) => share[b] - take[b] - (share[a] - take[a]) || a - b);
  for (const c of order) if (left > 0) (take[c]++, left--);
  return { byClass, take };
}

/**
 * Stratified random sample of `size` positions out of 0..n-1 (y ∈ {0,1}), ascending: per-class counts as in
 * stratifiedSplit, rows drawn by a seeded shuffle of each class. Like the split, it depends only on the labels in the
 * caller's order (callers pass rows sorted by id) and the seed.
 */
export function stratifiedSample(y: ArrayLike<number>, size: number, seed: number): number[] {
  if (!Number.isInteger(size) || size <= 0 || size > y.length) throw new Error(`sample size ${size} out of range 1..${y.length}`);
  const { byClass, take } = classShares(y, size);
  const rng = makeRng(seed);
  const out: number[] = [];
  for (const c of [0, 1]) {
    const pos = [...byClass[c]];
    shuffleInPlace(pos, rng);
    out.push(...pos.slice(0, take[c]));
  }
  return out.sort((a, b) => a - b);
}

/**
 * sklearn StratifiedKFold(n_splits, shuffle=False)._make_test_folds: fold number of every row.
 * Classes are numbered by first appearance; class k's rows, in order, fill folds 0..K-1 in contiguous blocks
 * whose sizes come from dealing the sorted labels round-robin.
 */
export function stratifiedKFold(y: ArrayLike<number>, nSplits: number): Int32Array {
  const n = y.length;
  const codeOf = new Map<number, number>();
  const enc = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!codeOf.has(y[i])) codeOf.set(y[i], codeOf.size);
    enc[i] = codeOf.get(y[i])!;
  }
  const nClasses = codeOf.size;
  const counts = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) counts[enc[i]]++;
  if (Math.min(...counts) < nSplits) throw new Error(`every class needs at least ${nSplits} rows for ${nSplits}-fold CV`);
  const sorted = Array.from(enc).sort((a, b) => a - b);
  const allocation: number[][] = [];
  for (let f = 0; f < nSplits; f++) {
    const row = new Array<number>(nClasses).fill(0);
    for (let i = f; i < n; i += nSplits) row[sorted[i]]++;
    allocation.push(row);
  }
  const folds = new Int32Array(n);
  for (let k = 0; k < nClasses; k++) {
    const foldsForClass: number[] = [];
    for (let f = 0; f < nSplits; f++) for (let r = 0; r < allocation[f][k]; r++) foldsForClass.push(f);
    let t = 0;
    for (let i = 0; i < n; i++) if (enc[i] === k) folds[i] = foldsForClass[t++];
  }
  return folds;
}
