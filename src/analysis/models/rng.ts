// Seeded randomness: every random choice in the core draws from one of these (never an unseeded source), and every
// shuffle is one of the two Fisher–Yates forms below.

import { uniformInt } from "pure-rand/distribution/uniformInt";
import { mersenne } from "pure-rand/generator/mersenne";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

export interface Rng {
  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
}

/** Uniform integers drawn from a pure-rand generator (e.g. the explainers' per-customer xoroshiro128+ streams). */
export function rngFrom(generator: RandomGenerator): Rng {
  return { int: (lo, hi) => uniformInt(generator, lo, hi) };
}

/** MT19937: properly seeded from small integers (pure-rand's xoroshiro128+ gives first outputs almost linear in the seed). */
export function makeRng(seed: number): Rng {
  return rngFrom(mersenne(seed));
}

/** Fisher–Yates shuffle in place, from the last position down (position i swaps with a uniform j ≤ i). */
export function shuffleInPlace<T>(a: T[] | Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) swap(a, i, rng.int(0, i));
}

/**
 * The first `size` steps of Fisher–Yates from the first position up (position i swaps with a uniform j ≥ i):
 * a[0..size) is then a uniform sample without replacement, at the cost of `size` draws.
 */
export function shuffleFirst<T>(a: T[] | Int32Array, size: number, rng: Rng): void {
  for (let i = 0; i < size; i++) swap(a, i, rng.int(i, a.length - 1));
}

function swap<T>(a: T[] | Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
