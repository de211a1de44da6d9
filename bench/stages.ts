// One dataset's build-time stages, timed separately: `tsx bench/stages.ts --data DIR --runs N --out FILE`.
// bench/run.ts runs it as its own process per dataset, so the peak RSS it reports belongs to that dataset
// alone. The stages are runAnalysis's own, on one thread, timed through its StageTimer hook (the whole analysis
// runs min(N, 2) times); reading the exports and phi_K alone run N times, each family's model search and the
// artifact writing min(N, 2) times. At large sizes everything runs once.

import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PHIK_COLUMNS } from "../src/analysis/stats/correlation.js";
import { phikMatrix } from "../src/analysis/stats/phik.js";
import { prepareModelling } from "../src/analysis/models/run.js";
import { evaluateConfigs } from "../src/analysis/models/search.js";
import { FAMILIES } from "../src/analysis/models/grid.js";
import { runAnalysis, type StageTimer } from "../src/analysis/pipeline.js";
import { writeArtifacts } from "../src/io/analyze-folder.js";
import { readExports } from "../src/io/read-exports.js";
import type { Customer } from "../src/analysis/schema.js";

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

function summary(stage: string, samples: number[]): StageResult {
  const sorted = [...samples].sort((a, b) => a - b);
  return { stage, runs: sorted.length, median_ms: round(sorted[Math.floor(sorted.length / 2)]), min_ms: round(sorted[0]), max_ms: round(sorted[sorted.length - 1]) };
}

async function time<T>(stage: string, runs: number, fn: () => T | Promise<T>): Promise<{ result: T; timing: StageResult }> {
  const samples: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    samples.push(performance.now() - start);
  }
  return { result, timing: summary(stage, samples) };
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

export async function benchStages(dir: string, requestedRuns: number): Promise<StagesResult> {
  const stages: StageResult[] = [];
  const step = async <T>(stage: string, runs: number, fn: () => T | Promise<T>): Promise<T> => {
    const { result, timing } = await time(stage, runs, fn);
    stages.push(timing);
    return result;
  };
  const large = statSync(join(dir, "market_file.csv")).size > LARGE * BYTES_PER_CUSTOMER_ROW;
  const light = large ? 1 : requestedRuns;
  const heavy = large ? 1 : Math.min(requestedRuns, 2);

  const exports = await step("read + decode exports", light, () => readExports(dir));
  // The analysis's own stages, in its own order, timed through its hook.
  const samples = new Map<string, number[]>();
  const timer: StageTimer = async (stage, run) => {
    const start = performance.now();
    const result = await run();
    samples.set(stage, [...(samples.get(stage) ?? []), performance.now() - start]);
    return result;
  };
  let analysis!: Awaited<ReturnType<typeof runAnalysis>>;
  for (let i = 0; i < heavy; i++) analysis = await runAnalysis({ texts: exports.texts }, { time: timer });
  for (const [stage, ms] of samples) stages.push(summary(`${stage}, one thread`, ms));
  const { customers } = analysis.artifacts;
  await step("phi_K matrix alone", light, () => phikOnly(customers));
  const prep = prepareModelling(customers);
  for (const family of FAMILIES) {
    const configs = prep.options.grid.filter((c) => c.family === family);
    await step(`model search: ${family} (${configs.length} configurations × ${prep.options.nFolds} folds on ${prep.cv.customers.length} customers, one thread)`, heavy, () =>
      evaluateConfigs(prep.cv, configs),
    );
  }
  const out = mkdtempSync(join(tmpdir(), "bench-artifacts-"));
  try {
    await step("artifact writing (JSON + Arrow)", heavy, () => writeArtifacts(out, { artifacts: { source: exports.source, ...analysis.artifacts }, table: analysis.table }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { customers: customers.length, stages, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { data: { type: "string" }, runs: { type: "string", default: "5" }, out: { type: "string" } } });
  if (!values.data || !values.out) throw new Error("usage: tsx bench/stages.ts --data DIR --runs N --out FILE");
  writeFileSync(values.out, JSON.stringify(await benchStages(values.data, Number(values.runs))));
}
