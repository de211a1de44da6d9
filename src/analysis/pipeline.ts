// The whole analysis as one pure function: decoded exports in, JSON-ready artifacts out.
// The CLI (`npm run analyze`), the Framework data loaders and the tests all call this.

import { cleanExports } from "./clean/clean.js";
import type { Ledger } from "./clean/ledger.js";
import type { DecodedText } from "./ingest/decode.js";
import type { ExportName } from "./ingest/exports.js";
import type { Customer } from "./schema.js";
import { computeEda, type EdaArtifact } from "./stats/eda.js";
import { computeCorrelation, type CorrelationArtifact } from "./stats/correlation.js";

export interface AnalysisInput {
  readonly texts: Readonly<Record<ExportName, DecodedText>>;
}

/** Artifact name → JSON-ready value. Names are the files `npm run analyze` writes (without .json). */
export interface Artifacts {
  ledger: Ledger;
  customers: Customer[];
  eda: EdaArtifact;
  correlation: CorrelationArtifact;
}

export type ArtifactName = keyof Artifacts;

export function runAnalysis(input: AnalysisInput): Artifacts {
  const { customers, ledger } = cleanExports(input.texts);
  return { ledger, customers, eda: computeEda(customers), correlation: computeCorrelation(customers) };
}
