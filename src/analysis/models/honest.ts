// Which model never saw a customer (cross-fitting), for everything shown per customer: fold model k for the training
// customers of CV fold k, the chosen model for test customers and customers outside a model sample. Each comes with
// the calibrator fitted without that customer's label. Dependency-free: the browser's what-if uses the same lookup.

import { calibrate, type CalibrationMethod, type Calibrator } from "./calibration.js";
import { makeScorer, type ModelArtifact } from "./scoring.js";

/** The fold models, the training customers' folds and the calibrators (ModellingResult.honest, artifact honest_models). */
export interface HonestModels {
  folds: ModelArtifact[];
  /** Training customers' CV fold (index into folds), by id ascending; customers not listed use the chosen model. */
  fold_of: { ids: number[]; fold: number[] };
  calibration: { method: CalibrationMethod; final: Calibrator; folds: Calibrator[] };
}

/** One customer's honest model: index 0 is the chosen model, k + 1 fold model k. */
export interface HonestModel {
  index: number;
  model: ModelArtifact;
  calibrator: Calibrator;
}

/** [chosen model, fold model 0, fold model 1, …]: the index space of `honestIndexOf`. */
export function honestModelList(chosen: ModelArtifact, honest: HonestModels): ModelArtifact[] {
  return [chosen, ...honest.folds];
}

/** id → index into honestModelList (0 for customers no fold model is responsible for). */
export function honestIndexOf(honest: HonestModels): (id: number) => number {
  const fold = new Map(honest.fold_of.ids.map((id, i) => [id, honest.fold_of.fold[i]]));
  return (id) => {
    const k = fold.get(id);
    return k === undefined ? 0 : k + 1;
  };
}

export function honestModelOf(chosen: ModelArtifact, honest: HonestModels, id: number): HonestModel {
  const index = honestIndexOf(honest)(id);
  return index === 0
    ? { index, model: chosen, calibrator: honest.calibration.final }
    : { index, model: honest.folds[index - 1], calibrator: honest.calibration.folds[index - 1] };
}

/** Raw score and calibrated probability of a customer (or an edited copy of one) under their honest model. */
export function honestScorer(h: HonestModel): (customer: Parameters<ReturnType<typeof makeScorer>>[0]) => { score: number; p: number } {
  const score = makeScorer(h.model);
  return (c) => {
    const s = score(c);
    return { score: s, p: calibrate(h.calibrator, s) };
  };
}
