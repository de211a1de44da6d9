// Browser-side scoring: the model artifact (plain JSON, artifact.ts) and the scorer that turns a customer into a
// probability, each family's arithmetic from families/ (one table, by `family`).
// The build uses these same functions for its own predictions, so the page reproduces them bit for bit.
// Deliberately dependency-free (no libsvm-js, no ml-matrix, no fitting code): only `import type` from the schema.

import type { Customer } from "../schema.js";
import { transformCustomer, type ModelArtifact } from "./artifact.js";
import { codeOf } from "./families/index.js";

export * from "./artifact.js";

/** A reusable scorer: scaling of stored rows happens once. */
export function makeScorer(model: ModelArtifact): (customer: Customer) => number {
  const pre = model.preprocessor;
  const one = codeOf(model).score(model);
  return (c) => one(transformCustomer(pre, c));
}

/** P(«Снизилась») for one customer. For many customers prefer `makeScorer` (scales stored rows once). */
export function scoreCustomer(model: ModelArtifact, customer: Customer): number {
  return makeScorer(model)(customer);
}
