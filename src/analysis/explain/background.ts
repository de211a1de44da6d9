// Background customers and seeded randomness for the explainers.
// Everything is a function of the *set* of background customers (sorted by id first) and the seed,
// never of the caller's row order or of the clock.

import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
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
  const rng = xoroshiro128plus(seed | 0);
  const idx = Int32Array.from(all, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = uniformInt(rng, i, idx.length - 1);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return Array.from(idx.subarray(0, size))
    .sort((a, b) => a - b)
    .map((i) => all[i]);
}

/**
 * Generator for one customer's permutations: a hash of (seed, customer id). Keying on the id (not on the
 * row's position in a batch) makes a batch explanation and `explainOne` agree, and keeps the what-if page
 * smooth: editing a customer reuses the same permutations, so changes in SHAP values come from the edit.
 */
export function customerRng(seed: number, id: number): RandomGenerator {
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
  return xoroshiro128plus(h);
}

/** Uniform random permutation of 0..m-1 into `out` (Fisher–Yates). */
export function randomPermutation(rng: RandomGenerator, out: Int32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = i;
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
}
