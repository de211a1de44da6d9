// One dataset's build-time stages, timed separately: `tsx bench/stages.ts --data DIR --runs N --out FILE`.
// bench/run.ts runs it as its own process per dataset, so the peak RSS it reports belongs to that dataset
// alone. Light stages run N times (median and range), heavy ones fewer; at large sizes everything runs once.

import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanExports } from "../src/analysis/clean/clean.js";
import { computeEda } from "../src/analysis/stats/eda.js";
import { computeCorrelation, PHIK_COLUMNS } from "../src/analysis/stats/correlation.js";
import { phikMatrix } from "../src/analysis/stats/phik.js";
import { finishModelling, prepareModelling } from "../src/analysis/models/run.js";
import { evaluateConfigs } from "../src/analysis/models/search.js";
import { FAMILIES } from "../src/analysis/models/grid.js";
import { finishModelDependentStages, planModelDependentStages, rankAllOffers } from "../src/analysis/pipeline.js";
import { explainReport } from "../src/analysis/explain/report.js";
import { writeArtifacts } from "../src/io/analyze-folder.js";
import { readExports } from "../src/io/read-exports.js";
import type { Customer } from "../src/analysis/schema.js";
import { customersPreview, ledgerForPage } from "../src/analysis/pages/page-data.js";

export interface StageResult {
  stage: string;
  runs: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
}

export interface StagesResult {
  customers: number;
  stages: StageResult[];
  peak_rss_mb: number;
}

/** Above this many customers every stage runs once: a single run already takes seconds to minutes. */
const LARGE = 20_000;
/** Roughly how long one market_file.csv row is (the export's size says how many customers it holds). */
const BYTES_PER_CUSTOMER_ROW = 150;

const round = (x: number) => Math.round(x * 10) / 10;

function time<T>(stage: string, runs: number, fn: () => T): { result: T; timing: StageResult } {
  const samples: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { result, timing: { stage, runs, median_ms: round(samples[Math.floor(samples.length / 2)]), min_ms: round(samples[0]), max_ms: round(samples[samples.length - 1]) } };
}

function phikOnly(customers: readonly Customer[]) {
  return phikMatrix(
    PHIK_COLUMNS.map((c) => ({
      name: c,
      column:
        typeof customers[0][c] === "number"
          ? { kind: "interval" as const, values: customers.map((r) => r[c] as number) }
          : { kind: "categorical" as const, values: customers.map((r) => String(r[c])) },
    })),
  );
}

export function benchStages(dir: string, requestedRuns: number): StagesResult {
  const stages: StageResult[] = [];
  const step = <T>(stage: string, runs: number, fn: () => T): T => {
    const { result, timing } = time(stage, runs, fn);
    stages.push(timing);
    return result;
  };
  const large = statSync(join(dir, "market_file.csv")).size > LARGE * BYTES_PER_CUSTOMER_ROW;
  const light = large ? 1 : requestedRuns;
  const heavy = large ? 1 : Math.min(requestedRuns, 2);

  const exports = step("read + decode exports", light, () => readExports(dir));
  const { customers, ledger } = step("ingest + clean + merge", light, () => cleanExports(exports.texts));
  const eda = step("exploration (eda)", light, () => computeEda(customers));
  step("phi_K matrix", light, () => phikOnly(customers));
  const correlation = step("correlation (phi_K + Spearman + VIF)", light, () => computeCorrelation(customers));
  const prep = step("split (and model sample)", light, () => prepareModelling(customers));
  for (const family of FAMILIES) {
    const configs = prep.options.grid.filter((c) => c.family === family);
    step(`model search: ${family} (${configs.length} configurations × ${prep.options.nFolds} folds on ${prep.cv.customers.length} customers, one thread)`, heavy, () =>
      evaluateConfigs(prep.cv, configs),
    );
  }
  const results = evaluateConfigs(prep.cv, prep.options.grid);
  const modelling = step("refit, test metrics, bootstrap, scoring every customer", heavy, () => finishModelling(prep, results));
  const plan = step("scores, segment defaults, which customers SHAP explains", heavy, () => planModelDependentStages(customers, modelling));
  const chosenOnly = { ...plan.report, families: [] };
  step(`SHAP, chosen model (${modelling.model.family}, ${plan.report.selection?.customers.length ?? customers.length} customers), one thread`, heavy, () => explainReport(chosenOnly));
  const report = step("SHAP, chosen model and family comparison, one thread", heavy, () => explainReport(plan.report));
  const offers = step("offers for every customer, one thread", heavy, () => rankAllOffers(customers, plan));
  const { artifacts, table } = step("segments, offer rows, page tables, customer table", heavy, () => finishModelDependentStages(customers, modelling, plan, { report, offers }));
  const out = mkdtempSync(join(tmpdir(), "bench-artifacts-"));
  try {
    const descriptive = { ledger, ledger_page: ledgerForPage(ledger), customers, customers_preview: customersPreview(customers), eda, correlation };
    step("artifact writing (JSON + Arrow)", heavy, () => writeArtifacts(out, { artifacts: { source: exports.source, ...descriptive, ...artifacts, campaign: null }, table }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { customers: customers.length, stages, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { data: { type: "string" }, runs: { type: "string", default: "5" }, out: { type: "string" } } });
  if (!values.data || !values.out) throw new Error("usage: tsx bench/stages.ts --data DIR --runs N --out FILE");
  writeFileSync(values.out, JSON.stringify(benchStages(values.data, Number(values.runs))));
}
