// Seeded randomness: every random choice in the modelling core draws from one of these (never an unseeded source).

import { uniformInt } from "pure-rand/distribution/uniformInt";
import { mersenne } from "pure-rand/generator/mersenne";

export interface Rng {
  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
}

/** MT19937: properly seeded from small integers (pure-rand's xoroshiro128+ gives first outputs almost linear in the seed). */
export function makeRng(seed: number): Rng {
  const g = mersenne(seed);
  return { int: (lo, hi) => uniformInt(g, lo, hi) };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(a: T[] | Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
