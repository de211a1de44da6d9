// What the SHAP values say as a whole, for the page's narrative and charts: global importance,
// the direction of each feature's effect, and for each top feature the feature it interacts with most.

import type { ShapArtifact } from "./artifact.js";
import { averageRanks, pearson } from "../stats/spearman.js";

export interface FeatureSummary {
  feature: string;
  mean_abs: number;
  /** Share of the total mean |SHAP|: how much of the model's movement this feature accounts for. */
  share: number;
  /**
   * Spearman-like direction for numeric features: correlation between the feature's value and its
   * SHAP value (+1: higher values push towards «Снизилась»). null for categorical features.
   */
  direction: number | null;
  /** For categorical features: mean SHAP per level, most risk-raising first. */
  levels: { level: string; mean_shap: number; count: number }[] | null;
  /** The feature whose values best explain the spread of this feature's SHAP values (shap's approximate_interactions idea). */
  interacts_with: string | null;
}

export interface ShapSummary {
  model: string;
  output: string;
  features: FeatureSummary[];
}

const INTERACTION_BINS = 10;

/**
 * Over every explained customer, or — when the artifact explains a sample plus a segment (shap.sample) — over the
 * representative even sample only, so that the summary describes the whole customer base.
 */
export function summarizeShap(full: ShapArtifact): ShapSummary {
  const shap = representative(full);
  const n = shap.ids.length;
  const m = shap.features.length;
  const column = (j: number) => shap.values.map((row) => row[j]);
  const valuesOf = (j: number) => shap.feature_values.map((row) => row[j]);
  const meanAbs = shap.features.map((_, j) => column(j).reduce((s, v) => s + Math.abs(v), 0) / Math.max(1, n));
  const total = meanAbs.reduce((s, v) => s + v, 0) || 1;
  const numeric = shap.features.map((_, j) => valuesOf(j).every((v) => typeof v === "number"));

  const features = shap.features.map((feature, j): FeatureSummary => {
    const phi = column(j);
    const values = valuesOf(j);
    let direction: number | null = null;
    let levels: FeatureSummary["levels"] = null;
    if (numeric[j]) direction = pearson(averageRanks(values as number[]), averageRanks(phi));
    else {
      const byLevel = new Map<string, number[]>();
      values.forEach((v, i) => byLevel.set(String(v), [...(byLevel.get(String(v)) ?? []), phi[i]]));
      levels = [...byLevel]
        .map(([level, list]) => ({ level, mean_shap: list.reduce((s, v) => s + v, 0) / list.length, count: list.length }))
        .sort((a, b) => b.mean_shap - a.mean_shap || (a.level < b.level ? -1 : 1));
    }
    return { feature, mean_abs: meanAbs[j], share: meanAbs[j] / total, direction, levels, interacts_with: strongestInteraction(j) };
  });

  /**
   * Within bins of this feature's values, how strongly does another numeric feature's value track the
   * SHAP value? The partner with the largest summed |correlation| colours the dependence plot.
   */
  function strongestInteraction(j: number): string | null {
    if (!numeric[j]) return null;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (shap.feature_values[a][j] as number) - (shap.feature_values[b][j] as number));
    const binSize = Math.max(2, Math.ceil(n / INTERACTION_BINS));
    let best: string | null = null;
    let bestScore = 0;
    for (let k = 0; k < m; k++) {
      if (k === j || !numeric[k]) continue;
      let score = 0;
      for (let start = 0; start < n; start += binSize) {
        const bin = order.slice(start, start + binSize);
        if (bin.length < 3) continue;
        const r = pearson(bin.map((i) => shap.feature_values[i][k] as number), bin.map((i) => shap.values[i][j]));
        if (Number.isFinite(r)) score += Math.abs(r);
      }
      if (score > bestScore) {
        bestScore = score;
        best = shap.features[k];
      }
    }
    return best;
  }

  features.sort((a, b) => b.mean_abs - a.mean_abs || (a.feature < b.feature ? -1 : 1));
  return { model: shap.model, output: shap.output, features };
}

function representative(shap: ShapArtifact): ShapArtifact {
  const ids = shap.sample?.representative_ids;
  if (!ids) return shap;
  const keep = new Set(ids);
  const rows = shap.ids.flatMap((id, i) => (keep.has(id) ? [i] : []));
  return { ...shap, ids: rows.map((i) => shap.ids[i]), values: rows.map((i) => shap.values[i]), feature_values: rows.map((i) => shap.feature_values[i]) };
}
