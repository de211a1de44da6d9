// Which customers each explanation covers. The chosen model is explained for every customer; the other
// families' best models, kept for comparison on the page, are explained for every customer when their
// explainer is exact and cheap (linear, tree), and for a stated, seeded sample when it is a sampled
// permutation explainer (knn, svc), whose cost grows with customers × background × model size.

import type { Customer } from "../schema.js";
import type { ModelArtifact } from "../models/scoring.js";
import { buildShapArtifact, type ShapArtifact } from "./artifact.js";

/** Customers explained per family for the comparison when the explainer is sampled (knn, svc). */
export const COMPARISON_SAMPLE_SIZE = 300;

const isExact = (m: ModelArtifact) => m.estimator.kind === "linear" || m.estimator.kind === "tree";

/** Every k-th customer by id: a deterministic, evenly spread sample. */
export function evenSample<T extends { id: number }>(rows: readonly T[], size: number): T[] {
  if (rows.length <= size) return [...rows];
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const step = sorted.length / size;
  return Array.from({ length: size }, (_, i) => sorted[Math.floor(i * step)]);
}

export function explainChosen(model: ModelArtifact, customers: readonly Customer[], training: readonly Customer[]): ShapArtifact {
  return buildShapArtifact(model, customers, training);
}

export interface FamilyComparison {
  /** The customers explained, and why only they. */
  sample: { size: number; of: number; rule: string } | null;
  artifact: ShapArtifact;
}

export function explainFamilies(models: readonly ModelArtifact[], customers: readonly Customer[], training: readonly Customer[]): FamilyComparison[] {
  return models.map((m) => {
    const exact = isExact(m);
    const explained = exact ? customers : evenSample(customers, COMPARISON_SAMPLE_SIZE);
    return {
      sample: exact || explained.length === customers.length ? null : { size: explained.length, of: customers.length, rule: "каждый k-й покупатель по номеру" },
      artifact: buildShapArtifact(m, explained, training),
    };
  });
}
