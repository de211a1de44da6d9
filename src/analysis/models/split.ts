// Stratified hold-out split and stratified K-fold assignment.
// The CV folds are a pure function of the split artifact: sklearn's StratifiedKFold(n_splits, shuffle=False)
// applied to the training ids in the order listed in `split.train` (that order is itself seeded-random),
// so the Python parity script reproduces the folds with sklearn's own class and no shared RNG.
//
// Groups: rows that must stay together (copied customers, clean/duplicates.ts) are given the same group
// label; the split, the folds and the sample then move whole groups. Each group must hold one class (a copy
// shares every field with its original, the target included). Without groups, or when every group is a single
// row, every function here gives exactly its group-free result (the sklearn parity fixtures hold).

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
export function stratifiedSplit(y: ArrayLike<number>, testSize: number, seed: number, groups?: ArrayLike<number>): SplitIndices {
  const n = y.length;
  const nTest = Math.ceil(testSize * n);
  if (nTest <= 0 || nTest >= n) throw new Error("test size leaves an empty part");
  const { byClass, take } = classShares(y, nTest);
  const members = groupMembers(y, groups);
  const rng = makeRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [0, 1]) {
    const pos = unitsOf(byClass[c], members);
    shuffleInPlace(pos, rng);
    const [inTest, inTrain] = takeRows(pos, take[c], members);
    test.push(...expand(inTest, members));
    train.push(...expand(inTrain, members));
  }
  shuffleInPlace(train, rng); // the training order defines the CV folds (see stratifiedKFold)
  test.sort((a, b) => a - b);
  return { train, test };
}

/**
 * Members of each group with more than one row, by its first row (ascending), or undefined without such
 * groups. Throws when a group mixes the two classes: nothing here could keep it whole and stratify.
 */
function groupMembers(y: ArrayLike<number>, groups: ArrayLike<number> | undefined): Map<number, number[]> | undefined {
  if (!groups) return undefined;
  if (groups.length !== y.length) throw new Error("one group label per row expected");
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const list = byLabel.get(groups[i]);
    if (list) list.push(i);
    else byLabel.set(groups[i], [i]);
  }
  const members = new Map<number, number[]>();
  for (const list of byLabel.values()) {
    if (list.length < 2) continue;
    if (list.some((i) => y[i] !== y[list[0]])) throw new Error(`group of rows ${list.join(", ")} mixes both classes`);
    members.set(list[0], list);
  }
  return members.size ? members : undefined;
}

/** The units a class's positions form: each group by its first row, other rows by themselves (in the given order). */
function unitsOf(positions: readonly number[], members: Map<number, number[]> | undefined): number[] {
  if (!members) return [...positions];
  const inGroup = new Set<number>();
  for (const list of members.values()) for (let k = 1; k < list.length; k++) inGroup.add(list[k]);
  return positions.filter((i) => !inGroup.has(i));
}

/**
 * Splits shuffled units into the first ones that hold exactly `rows` rows and the rest, both in the given order:
 * a group that would overshoot is passed over for later, smaller units. Without groups: the first `rows` units.
 */
function takeRows(units: readonly number[], rows: number, members: Map<number, number[]> | undefined): [number[], number[]] {
  if (!members) return [units.slice(0, rows), units.slice(rows)];
  const taken: number[] = [];
  const rest: number[] = [];
  let covered = 0;
  for (const u of units) {
    const size = members.get(u)?.length ?? 1;
    if (covered + size <= rows) {
      taken.push(u);
      covered += size;
    } else {
      rest.push(u);
    }
  }
  return [taken, rest];
}

/** The rows of the given units, each group's rows together in ascending order. */
function expand(units: readonly number[], members: Map<number, number[]> | undefined): number[] {
  if (!members) return [...units];
  return units.flatMap((u) => members.get(u) ?? [u]);
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
export function stratifiedSample(y: ArrayLike<number>, size: number, seed: number, groups?: ArrayLike<number>): number[] {
  if (!Number.isInteger(size) || size <= 0 || size > y.length) throw new Error(`sample size ${size} out of range 1..${y.length}`);
  const { byClass, take } = classShares(y, size);
  const members = groupMembers(y, groups);
  const rng = makeRng(seed);
  const out: number[] = [];
  for (const c of [0, 1]) {
    const pos = unitsOf(byClass[c], members);
    shuffleInPlace(pos, rng);
    out.push(...expand(takeRows(pos, take[c], members)[0], members));
  }
  return out.sort((a, b) => a - b);
}

/**
 * sklearn StratifiedKFold(n_splits, shuffle=False)._make_test_folds: fold number of every row.
 * Classes are numbered by first appearance; class k's rows, in order, fill folds 0..K-1 in contiguous blocks
 * whose sizes come from dealing the sorted labels round-robin.
 * With groups, the same assignment is made over the units (each group stands in at its first row) and every row of
 * a group takes its unit's fold, so a group never straddles a validation fold and its training part.
 */
export function stratifiedKFold(y: ArrayLike<number>, nSplits: number, groups?: ArrayLike<number>): Int32Array {
  const members = groupMembers(y, groups);
  if (members) {
    const units = unitsOf(Array.from({ length: y.length }, (_, i) => i), members);
    const unitFolds = stratifiedKFold(units.map((u) => y[u]), nSplits);
    const folds = new Int32Array(y.length);
    units.forEach((u, k) => {
      for (const i of members.get(u) ?? [u]) folds[i] = unitFolds[k];
    });
    return folds;
  }
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
