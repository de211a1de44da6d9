// Model-agnostic SHAP on P(«Снизилась») over the original features, interventional value function
//   v(S) = (1/B) Σ_b f(x_S, z_b,S̄)   over a fixed background sample z_1..z_B.
//
// permutation: for every background row, `permutations` orderings of the players (antithetic pairs: a uniform
// random π and its reverse, Mitchell, Cooper, Frank & Holmes 2022, "Sampling Permutations for Shapley Value
// Estimation", JMLR 23(43); shap.PermutationExplainer walks each permutation forward and backward the same way).
// Each walk moves the hybrid from z_b to x one player at a time and credits each step's change to the player
// that moved (Castro, Gómez & Tejada 2009; Štrumbelj & Kononenko 2014). A walk's credits telescope to
// f(x) − f(z_b), and every background row gets the same number of walks, so base + Σφ = f(x) exactly (the walk
// endpoints use the scorer's own f(x) and f(z_b)). Unbiased for the Shapley values of v; the standard error is
// estimated from the spread of the antithetic-pair means.
//
// exact: all 2^M coalitions against every background row; for tests and tiny player sets.

import type { Customer } from "../schema.js";
import { transformCustomer, type ModelArtifact } from "../models/scoring.js";
import { customerRng, randomPermutation } from "./background.js";
import { hybridModel } from "./hybrid/index.js";
import type { Players } from "./players.js";
import { coalitionWeights } from "./shapley-weights.js";
import type { BackgroundKind, Explainer } from "./types.js";

/** Above this many players exact enumeration is refused (2^M coalitions per background row). */
export const MAX_EXACT_PLAYERS = 20;

export interface SamplingSettings {
  algorithm: "permutation" | "exact";
  /** How the background was made (reported, not used). */
  background: BackgroundKind;
  /** Even, ≥ 2 (permutation only). */
  permutations: number;
  seed: number;
}

/**
 * `weights` (optional, one per background row, positive): the background as a weighted summary of a larger set
 * (see background.ts); v(S) = Σ_b w_b f(x_S, z_b,S̄) / Σ_b w_b. Without weights every row counts the same.
 */
export function samplingExplainer(model: ModelArtifact, players: Players, background: readonly Customer[], settings: SamplingSettings, weights?: readonly number[]): Explainer {
  const { algorithm, permutations, seed } = settings;
  const M = players.names.length;
  const nb = background.length;
  if (nb === 0) throw new Error("the background is empty");
  if (algorithm === "permutation" && !(Number.isInteger(permutations) && permutations >= 2 && permutations % 2 === 0)) {
    throw new Error(`permutations must be an even integer ≥ 2 (antithetic pairs), got ${permutations}`);
  }
  if (algorithm === "exact" && M > MAX_EXACT_PLAYERS) throw new Error(`exact enumeration of ${M} players is refused (2^${M} coalitions)`);
  const w = normalizedWeights(weights, nb);
  const pre = model.preprocessor;
  const d = players.width;
  const Z = new Float64Array(nb * d);
  background.forEach((z, b) => Z.set(transformCustomer(pre, z), b * d));
  const game = hybridModel(model, players, Z, nb);
  const fz = game.backgroundOutputs;
  let base = 0;
  for (let b = 0; b < nb; b++) base += w[b] * fz[b];

  // Scratch, reused across calls (explain is synchronous).
  const perm = new Int32Array(M);
  const fwd = new Float64Array(M);
  const rev = new Float64Array(M);
  const pair = new Float64Array(M);
  const sum = new Float64Array(M);
  const sumSq = new Float64Array(M);
  const sumW2M = new Float64Array(M);
  const pairsPerRow = permutations / 2;

  const explainPermutation = (customer: Customer, fx: number) => {
    const rng = customerRng(seed, customer.id);
    sum.fill(0);
    sumSq.fill(0);
    sumW2M.fill(0);
    let w2 = 0;
    const credit = (b: number, steps: Float64Array, reverse: boolean) => {
      let prev = fz[b];
      for (let t = 0; t < M; t++) {
        const p = perm[reverse ? M - 1 - t : t];
        const v = t === M - 1 ? fx : steps[t];
        pair[p] += v - prev;
        prev = v;
      }
    };
    for (let b = 0; b < nb; b++) {
      // Every pair of row b carries weight ω = w_b / pairsPerRow; the estimate is Σ ω·(pair mean).
      const omega = w[b] / pairsPerRow;
      for (let r = 0; r < pairsPerRow; r++) {
        w2 += omega * omega;
        randomPermutation(rng, perm);
        game.walkPair(b, perm, fwd, rev);
        pair.fill(0);
        credit(b, fwd, false);
        credit(b, rev, true);
        for (let p = 0; p < M; p++) {
          const m = pair[p] / 2;
          sum[p] += omega * m;
          sumSq[p] += omega * omega * m * m;
          sumW2M[p] += omega * omega * m;
        }
      }
    }
    // Standard error of a weighted mean of N pair means treated as independent draws:
    // N/(N−1) · Σ ω²(m − mean)²; with equal weights the usual s²/N. For a stratified (summarised) background
    // this also counts the spread between strata, so it overstates the error.
    const nPairs = nb * pairsPerRow;
    const values = Array.from(sum);
    const standard_errors = values.map((mean, p) =>
      nPairs > 1 ? Math.sqrt((Math.max(sumSq[p] - 2 * mean * sumW2M[p] + mean * mean * w2, 0) * nPairs) / (nPairs - 1)) : NaN,
    );
    return { values, standard_errors };
  };

  const weightsOfSize = coalitionWeights(M);
  const full = (1 << M) - 1;
  const explainExact = (fx: number) => {
    const V = new Float64Array(1 << M);
    V[0] = base;
    V[full] = fx;
    for (let b = 0; b < nb; b++) {
      for (let mask = 1; mask < full; mask++) {
        game.begin(b);
        let v = NaN;
        for (let p = 0; p < M; p++) if (mask & (1 << p)) v = game.add(p);
        V[mask] += w[b] * v;
      }
    }
    const size = new Int32Array(1 << M);
    for (let s = 1; s <= full; s++) size[s] = size[s >> 1] + (s & 1);
    const values = new Array<number>(M).fill(0);
    for (let p = 0; p < M; p++) {
      const bit = 1 << p;
      let phi = 0;
      for (let s = 0; s <= full; s++) if (!(s & bit)) phi += weightsOfSize[size[s]] * (V[s | bit] - V[s]);
      values[p] = phi;
    }
    return { values, standard_errors: null };
  };

  return {
    family: model.family,
    algorithm,
    background: settings.background,
    output: "probability",
    features: players.names,
    base_value: base,
    background_size: nb,
    permutations: algorithm === "permutation" ? permutations : null,
    seed,
    explain(customer) {
      const fx = game.setTarget(transformCustomer(pre, customer));
      const r = algorithm === "permutation" ? explainPermutation(customer, fx) : explainExact(fx);
      return { values: r.values, base_value: base, output_value: fx, standard_errors: r.standard_errors };
    },
  };
}

/** Weights scaled to sum to 1 (uniform without weights). */
export function normalizedWeights(weights: readonly number[] | undefined, nb: number): Float64Array {
  if (!weights) return new Float64Array(nb).fill(1 / nb);
  if (weights.length !== nb) throw new Error(`${weights.length} weights for ${nb} background customers`);
  let total = 0;
  for (const v of weights) {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`background weights must be positive and finite, got ${v}`);
    total += v;
  }
  return Float64Array.from(weights, (v) => v / total);
}
