// Linear SHAP, interventional (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions",
// Linear SHAP; shap.LinearExplainer with feature_perturbation="interventional").
// In log-odds the model is g(x) = w·x + b on the scaled, encoded row, so with background distribution D the
// interventional value function v(S) = E_z~D g(x_S, z_S̄) is itself linear and its Shapley values are exact:
//   φ_j = Σ_{encoded columns c of original feature j} w_c (x_c − mean_D(x_c)),   base = w·mean_D + b.

import type { Customer } from "../schema.js";
import { linearDecision, transformCustomer, type ModelArtifact } from "../models/scoring.js";
import type { Players } from "./players.js";
import type { Explainer } from "./types.js";

export function linearExplainer(model: ModelArtifact, players: Players, background: readonly Customer[]): Explainer {
  if (model.family !== "logistic_regression") throw new Error(`the linear explainer needs a logistic_regression model, got ${model.family}`);
  const est = model.estimator;
  const coef = Float64Array.from(est.coef);
  if (coef.length !== players.width) throw new Error(`${coef.length} coefficients for ${players.width} encoded columns`);
  if (background.length === 0) throw new Error("the background is empty");
  const pre = model.preprocessor;
  const mean = new Float64Array(players.width);
  for (const z of background) {
    const row = transformCustomer(pre, z);
    for (let c = 0; c < row.length; c++) mean[c] += row[c];
  }
  for (let c = 0; c < mean.length; c++) mean[c] /= background.length;
  const base = linearDecision(coef, est.intercept, mean);
  return {
    family: model.family,
    algorithm: "linear",
    background: "all",
    output: "log-odds",
    features: players.names,
    base_value: base,
    background_size: background.length,
    permutations: null,
    seed: null,
    explain(customer) {
      const x = transformCustomer(pre, customer);
      const values = players.columns.map((cols) => {
        let s = 0;
        for (const c of cols) s += coef[c] * (x[c] - mean[c]);
        return s;
      });
      return { values, base_value: base, output_value: linearDecision(coef, est.intercept, x), standard_errors: null };
    },
  };
}
