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
import { hybridModel } from "./hybrid.js";
import type { Players } from "./players.js";
import { coalitionWeights } from "./shapley-weights.js";
import type { Explainer } from "./types.js";

/** Above this many players exact enumeration is refused (2^M coalitions per background row). */
export const MAX_EXACT_PLAYERS = 20;

export interface SamplingSettings {
  algorithm: "permutation" | "exact";
  /** Even, ≥ 2 (permutation only). */
  permutations: number;
  seed: number;
}

export function samplingExplainer(model: ModelArtifact, players: Players, background: readonly Customer[], settings: SamplingSettings): Explainer {
  const { algorithm, permutations, seed } = settings;
  const M = players.names.length;
  const nb = background.length;
  if (nb === 0) throw new Error("the background is empty");
  if (algorithm === "permutation" && !(Number.isInteger(permutations) && permutations >= 2 && permutations % 2 === 0)) {
    throw new Error(`permutations must be an even integer ≥ 2 (antithetic pairs), got ${permutations}`);
  }
  if (algorithm === "exact" && M > MAX_EXACT_PLAYERS) throw new Error(`exact enumeration of ${M} players is refused (2^${M} coalitions)`);
  const pre = model.preprocessor;
  const d = players.width;
  const Z = new Float64Array(nb * d);
  background.forEach((z, b) => Z.set(transformCustomer(pre, z), b * d));
  const game = hybridModel(model, players, Z, nb);
  const fz = game.backgroundOutputs;
  let base = 0;
  for (let b = 0; b < nb; b++) base += fz[b];
  base /= nb;

  const explainPermutation = (customer: Customer, fx: number) => {
    const rng = customerRng(seed, customer.id);
    const perm = new Int32Array(M);
    const pair = new Float64Array(M);
    const sum = new Float64Array(M);
    const sumSq = new Float64Array(M);
    const walk = (b: number, reverse: boolean) => {
      game.begin(b);
      let prev = fz[b];
      for (let t = 0; t < M; t++) {
        const p = perm[reverse ? M - 1 - t : t];
        const v = t === M - 1 ? fx : game.add(p);
        pair[p] += v - prev;
        prev = v;
      }
    };
    for (let b = 0; b < nb; b++) {
      for (let r = 0; r < permutations / 2; r++) {
        randomPermutation(rng, perm);
        pair.fill(0);
        walk(b, false);
        walk(b, true);
        for (let p = 0; p < M; p++) {
          const m = pair[p] / 2;
          sum[p] += m;
          sumSq[p] += m * m;
        }
      }
    }
    const nPairs = (nb * permutations) / 2;
    const values = Array.from(sum, (s) => s / nPairs);
    const standard_errors = values.map((mean, p) =>
      nPairs > 1 ? Math.sqrt(Math.max(sumSq[p] / nPairs - mean * mean, 0) / (nPairs - 1)) : NaN,
    );
    return { values, standard_errors };
  };

  const weights = coalitionWeights(M);
  const full = (1 << M) - 1;
  const explainExact = (fx: number) => {
    const V = new Float64Array(1 << M);
    for (let b = 0; b < nb; b++) {
      V[0] += fz[b];
      V[full] += fx;
      for (let mask = 1; mask < full; mask++) {
        game.begin(b);
        let v = NaN;
        for (let p = 0; p < M; p++) if (mask & (1 << p)) v = game.add(p);
        V[mask] += v;
      }
    }
    for (let s = 0; s <= full; s++) V[s] /= nb;
    const size = new Int32Array(1 << M);
    for (let s = 1; s <= full; s++) size[s] = size[s >> 1] + (s & 1);
    const values = new Array<number>(M).fill(0);
    for (let p = 0; p < M; p++) {
      const bit = 1 << p;
      let phi = 0;
      for (let s = 0; s <= full; s++) if (!(s & bit)) phi += weights[size[s]] * (V[s | bit] - V[s]);
      values[p] = phi;
    }
    return { values, standard_errors: null };
  };

  return {
    family: model.family,
    algorithm,
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
