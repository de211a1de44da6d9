// Reads a folder of exports, runs the analysis and writes the artifacts: the one path shared by
// `npm run analyze` and the data loaders' cache. The model search, SHAP and offers run on two threads here
// (the runner-node modules), with results identical to the single-threaded core.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { finishModelDependentStages, measureCampaignStage, planModelDependentStages, runDescriptiveStages, type Artifacts } from "../analysis/pipeline.js";
import type { CustomerTable } from "../analysis/segments/customer-table.js";
import { runModellingParallel } from "../analysis/models/runner-node.js";
import { explainReportParallel, rankOffersParallel } from "../analysis/explain/runner-node.js";
import { readExports, type DataSource, type ReadExports } from "./read-exports.js";
import { writeJsonFile } from "./write-json.js";
import { customerTableToIpc } from "./arrow.js";

/** The build machines have two cores; the results do not depend on the thread count. */
const THREADS = 2;

export type FolderArtifacts = Artifacts & { source: DataSource };
export interface FolderAnalysis {
  artifacts: FolderArtifacts;
  table: CustomerTable;
}

export async function analyzeExports({ texts, source, campaign }: ReadExports): Promise<FolderAnalysis> {
  const descriptive = runDescriptiveStages({ texts });
  const { customers } = descriptive;
  const modelling = await runModellingParallel(customers);
  const plan = planModelDependentStages(customers, modelling);
  const report = await explainReportParallel(plan.report, THREADS);
  const offers = await rankOffersParallel(customers, plan.scores, modelling.model, plan.context, THREADS);
  const { artifacts, table } = finishModelDependentStages(customers, modelling, plan, { report, offers });
  const measured = measureCampaignStage(campaign, descriptive, modelling, plan, artifacts.offers);
  return { artifacts: { source, ...descriptive, ...artifacts, campaign: measured }, table };
}

export async function analyzeFolder(dataDir: string): Promise<FolderAnalysis> {
  return analyzeExports(readExports(dataDir));
}

/** One JSON file per artifact plus the browser's Arrow table, byte-stable for the same input. */
export function writeArtifacts(outDir: string, { artifacts, table }: FolderAnalysis): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, value] of Object.entries(artifacts)) writeJsonFile(join(outDir, `${name}.json`), value);
  writeFileSync(join(outDir, "customers.arrow"), customerTableToIpc(table));
}
