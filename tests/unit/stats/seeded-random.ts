// Seeded random draws for the stats tests, so every synthetic sample is reproducible.

import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

export interface SeededRandom {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Pairs from a standard bivariate normal with correlation rho. */
  correlatedNormals(count: number, rho: number): { x: number[]; y: number[] };
}

export function seededRandom(seed: number): SeededRandom {
  const generator = xoroshiro128plus(seed);
  const uniform = () => uniformFloat64(generator);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return {
    uniform,
    normal,
    correlatedNormals(count, rho) {
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < count; i++) {
        const a = normal();
        const b = normal();
        x.push(a);
        y.push(rho * a + Math.sqrt(1 - rho * rho) * b);
      }
      return { x, y };
    },
  };
}
