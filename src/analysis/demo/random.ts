// Seeded random draws for the demo generator. Everything goes through one xoroshiro128+ stream so a
// (seed, options) pair always yields the same sequence; only log/sqrt/exp are used, which V8 computes
// with its own fdlibm port, so outputs do not depend on the platform's libm.
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

export class Random {
  private readonly rng: JumpableRandomGenerator;

  private constructor(rng: JumpableRandomGenerator) {
    this.rng = rng;
  }

  /** `seed` is an unsigned 32-bit integer. */
  static fromSeed(seed: number): Random {
    const rng = xoroshiro128plus(seed | 0);
    // xoroshiro128plus(seed) starts from a sparse state: neighbouring seeds give correlated first outputs.
    for (let i = 0; i < 64; i++) rng.next();
    return new Random(rng);
  }

  /** An independent stream 2^64 draws ahead, so one consumer's draws never shift another's. */
  fork(): Random {
    const child = this.rng.clone();
    child.jump();
    this.rng.jump();
    this.rng.jump();
    return new Random(child);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal (Marsaglia polar method; the second variate is dropped to keep no hidden state). */
  normal(mean = 0, sd = 1): number {
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return mean + sd * u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  /** Gamma(shape, 1), Marsaglia–Tsang. */
  gamma(shape: number): number {
    if (shape < 1) {
      // Boost to shape + 1 and scale back, the standard trick for shape < 1.
      const u = this.uniform();
      return this.gamma(shape + 1) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const t = 1 + c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Poisson by multiplication (Knuth); fine for the small means used here. */
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /** Index drawn with the given (not necessarily normalised) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.uniform() * total;
    for (let i = 0; i < weights.length - 1; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** A uniformly random k-subset of [0, n) (Floyd's algorithm: O(k) memory, no pass over n). */
  sample(k: number, n: number): Set<number> {
    const chosen = new Set<number>();
    for (let j = n - k; j < n; j++) {
      const t = this.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    return chosen;
  }
}
