// Background customers and seeded randomness for the explainers.
// Everything is a function of the *set* of background customers (sorted by id first) and the seed,
// never of the caller's row order or of the clock.

import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { makeRng, rngFrom, shuffleFirst, shuffleInPlace, type Rng } from "../models/rng.js";
import type { Customer } from "../schema.js";

export function sortedById(customers: readonly Customer[]): Customer[] {
  return [...customers].sort((a, b) => a.id - b.id);
}

/**
 * `size` customers drawn uniformly without replacement (partial Fisher–Yates, seeded), returned in id order.
 * All of them when `size` ≥ the number of customers. This is shap's `shap.sample(X, size)` strategy: real
 * customers rather than k-means centroids, whose averaged one-hot and ordinal codes are not valid customers.
 */
export function sampleBackground(customers: readonly Customer[], size: number, seed: number): Customer[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`background size must be a positive integer, got ${size}`);
  const all = sortedById(customers);
  if (all.length === 0) throw new Error("the background is empty");
  if (size >= all.length) return all;
  const idx = Int32Array.from(all, (_, i) => i);
  shuffleFirst(idx, size, makeRng(seed));
  return Array.from(idx.subarray(0, size))
    .sort((a, b) => a - b)
    .map((i) => all[i]);
}

/**
 * Generator for one customer's permutations: a hash of (seed, customer id). Keying on the id (not on the
 * row's position in a batch) makes a batch explanation and `explainOne` agree, and keeps the what-if page
 * smooth: editing a customer reuses the same permutations, so changes in SHAP values come from the edit.
 */
export function customerRng(seed: number, id: number): Rng {
  // murmur3 fmix32 over the two 32-bit halves of the id, mixed with the seed.
  let h = (seed | 0) ^ 0x9e3779b9;
  const lo = id | 0;
  const hi = Math.floor(id / 4294967296) | 0;
  for (const k of [lo, hi]) {
    h = Math.imul(h ^ k, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  // The hash mixes seed and id well, so the fast xoroshiro128+ needs no warm-up here (makeRng's note).
  return rngFrom(xoroshiro128plus(h));
}

/** Uniform random permutation of 0..m-1 into `out` (Fisher–Yates). */
export function randomPermutation(rng: Rng, out: Int32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = i;
  shuffleInPlace(out, rng);
}

/** A background summarised by representatives: weights[i] = how many customers customers[i] stands for. */
export interface WeightedBackground {
  customers: Customer[];
  weights: number[];
}

/**
 * A weighted summary of `customers` in `size` representatives (shap's `shap.kmeans(X, k)` idea): k-means
 * (k-means++ seeding, seeded; Lloyd iterations) on the rows as the model sees them (`encode`: encoded and scaled),
 * then each cluster is represented by its member nearest to the centroid (a real customer, not an average of
 * one-hot codes), weighted by the cluster's size. Ties go to the lower id; the result is in id order and depends
 * only on the set of customers, `size` and `seed`. All customers, each with weight 1, when `size` ≥ their number.
 */
export function kmeansBackground(customers: readonly Customer[], encode: (c: Customer) => Float64Array, size: number, seed: number): WeightedBackground {
  if (!Number.isInteger(size) || size < 1) throw new Error(`background size must be a positive integer, got ${size}`);
  const all = sortedById(customers);
  const n = all.length;
  if (n === 0) throw new Error("the background is empty");
  if (size >= n) return { customers: all, weights: all.map(() => 1) };
  const first = encode(all[0]);
  const d = first.length;
  const X = new Float64Array(n * d);
  all.forEach((c, i) => X.set(i === 0 ? first : encode(c), i * d));
  const dist2 = (i: number, C: Float64Array, k: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = X[i * d + j] - C[k * d + j];
      s += t * t;
    }
    return s;
  };
  // k-means++ seeding.
  const rng = makeRng(seed);
  const C = new Float64Array(size * d);
  const nearestD = new Float64Array(n).fill(Infinity);
  const alive = new Uint8Array(size);
  let pick = rng.int(0, n - 1);
  for (let k = 0; k < size; k++) {
    C.set(X.subarray(pick * d, (pick + 1) * d), k * d);
    alive[k] = 1;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = dist2(i, C, k);
      if (v < nearestD[i]) nearestD[i] = v;
      total += nearestD[i];
    }
    if (k === size - 1) break;
    if (!(total > 0)) break; // fewer distinct rows than clusters: the rest stay empty and are dropped
    // Draw the next centre with probability ∝ squared distance (an integer draw keeps this exact and seeded).
    const target = (rng.int(0, 0x3fffffff) / 0x40000000) * total;
    let acc = 0;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      acc += nearestD[i];
      if (acc > target) {
        pick = i;
        break;
      }
    }
  }
  // Lloyd iterations until assignments settle.
  const assign = new Int32Array(n).fill(-1);
  const count = new Int32Array(size);
  for (let iter = 0; iter < 100; iter++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let k = 0; k < size; k++) {
        if (!alive[k]) continue;
        const v = dist2(i, C, k);
        if (v < bestD) {
          bestD = v;
          best = k;
        }
      }
      if (assign[i] !== best) moved++;
      assign[i] = best;
    }
    if (moved === 0) break;
    count.fill(0);
    C.fill(0);
    for (let i = 0; i < n; i++) {
      const k = assign[i];
      count[k]++;
      for (let j = 0; j < d; j++) C[k * d + j] += X[i * d + j];
    }
    for (let k = 0; k < size; k++) {
      alive[k] = count[k] > 0 ? 1 : 0;
      if (alive[k]) for (let j = 0; j < d; j++) C[k * d + j] /= count[k];
    }
  }
  // Representatives: the member nearest to each centroid (lowest id on ties: rows are in id order).
  const rep = new Int32Array(size).fill(-1);
  const repD = new Float64Array(size).fill(Infinity);
  count.fill(0);
  for (let i = 0; i < n; i++) {
    const k = assign[i];
    count[k]++;
    const v = dist2(i, C, k);
    if (v < repD[k]) {
      repD[k] = v;
      rep[k] = i;
    }
  }
  const chosen: { i: number; w: number }[] = [];
  for (let k = 0; k < size; k++) if (count[k] > 0) chosen.push({ i: rep[k], w: count[k] });
  chosen.sort((a, b) => a.i - b.i);
  return { customers: chosen.map((r) => all[r.i]), weights: chosen.map((r) => r.w) };
}
