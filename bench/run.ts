// npm run bench: times each build-time stage over several runs (median and spread) and peak memory,
// on the store's data when present and on the demo data. Writes bench/results.json and BENCHMARKS.md.
// Benchmarks are measurements, not tests: nothing here fails on a slow machine.

import { existsSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { cleanExports } from "../src/analysis/clean/clean.js";
import { computeEda } from "../src/analysis/stats/eda.js";
import { computeCorrelation } from "../src/analysis/stats/correlation.js";
import { phikMatrix } from "../src/analysis/stats/phik.js";
import { readExports } from "../src/io/read-exports.js";
import { PHIK_COLUMNS } from "../src/analysis/stats/correlation.js";
import { finishModelling, prepareModelling } from "../src/analysis/models/run.js";
import { evaluateConfigs } from "../src/analysis/models/search.js";
import { FAMILIES } from "../src/analysis/models/grid.js";
import { runModelDependentStages } from "../src/analysis/pipeline.js";
import { explainChosen } from "../src/analysis/explain/report.js";
import { makeScorer } from "../src/analysis/models/scoring.js";
import { offerContext } from "../src/analysis/segments/offer-context.js";
import { rankOffers } from "../src/analysis/segments/offers.js";
import { analyzeExports, writeArtifacts } from "../src/io/analyze-folder.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { measureBrowser } from "./browser.js";

const ROOT = resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Number(values.runs);

interface StageResult {
  stage: string;
  runs: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
}

function time(stage: string, fn: () => unknown, runs = RUNS): StageResult {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { stage, runs, median_ms: round(samples[Math.floor(samples.length / 2)]), min_ms: round(samples[0]), max_ms: round(samples[samples.length - 1]) };
}

/** Heavy stages (seconds each) run fewer times; the table says how many. */
const HEAVY_RUNS = Math.min(RUNS, 2);

async function benchDataset(name: string, dir: string) {
  const exports = readExports(dir);
  const { customers } = cleanExports(exports.texts);
  const stages = [
    time("read + decode exports", () => readExports(dir)),
    time("ingest + clean + merge", () => cleanExports(exports.texts)),
    time("exploration (eda)", () => computeEda(customers)),
    time("phi_K matrix", () =>
      phikMatrix(
        PHIK_COLUMNS.map((c) => ({
          name: c,
          column: typeof customers[0][c] === "number" ? { kind: "interval" as const, values: customers.map((r) => r[c] as number) } : { kind: "categorical" as const, values: customers.map((r) => String(r[c])) },
        })),
      ),
    ),
    time("correlation (phi_K + Spearman + VIF)", () => computeCorrelation(customers)),
  ];
  const prep = prepareModelling(customers);
  for (const family of FAMILIES) {
    const configs = prep.options.grid.filter((c) => c.family === family);
    stages.push(time(`model search: ${family} (${configs.length} configurations × ${prep.options.nFolds} folds, one thread)`, () => evaluateConfigs(prep.cv, configs), HEAVY_RUNS));
  }
  const results = evaluateConfigs(prep.cv, prep.options.grid);
  stages.push(time("refit, test metrics, bootstrap", () => finishModelling(prep, results), HEAVY_RUNS));
  const modelling = finishModelling(prep, results);
  const training = customers.filter((c) => modelling.split.train.includes(c.id));
  stages.push(time(`SHAP, chosen model (${modelling.model.family}), all customers`, () => explainChosen(modelling.model, customers, training), HEAVY_RUNS));
  const score = makeScorer(modelling.model);
  const context = offerContext(customers);
  stages.push(time("offers for every customer", () => customers.map((c) => rankOffers(c, score(c), score, context)), HEAVY_RUNS));
  stages.push(time("SHAP for family comparison + offers + segments + Arrow table", () => runModelDependentStages(customers, modelling), 1));
  const out = mkdtempSync(join(tmpdir(), "bench-artifacts-"));
  const analysis = await analyzeExports(exports);
  stages.push(time("artifact writing (JSON + Arrow)", () => writeArtifacts(out, analysis)));
  rmSync(out, { recursive: true, force: true });
  const whole = performance.now();
  await analyzeExports(readExports(dir));
  stages.push({ stage: "whole analysis, as the build runs it (model search on two threads)", runs: 1, median_ms: Math.round(performance.now() - whole), min_ms: NaN, max_ms: NaN });
  return { dataset: name, customers: customers.length, stages, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

const datasets = [{ name: "demo", dir: join(ROOT, "data", "demo") }];
const real = resolve(ROOT, "..", "shared", "data", "one-click");
if (existsSync(real)) datasets.unshift({ name: "real (one-click)", dir: real });

const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? "unknown", memory_gb: Math.round(totalmem() / 1024 ** 3), node: process.version },
  runs: RUNS,
  datasets: [] as Awaited<ReturnType<typeof benchDataset>>[],
  browser: null as Awaited<ReturnType<typeof measureBrowser>>,
};
for (const d of datasets) results.datasets.push(await benchDataset(d.name, d.dir));
results.browser = await measureBrowser();
writeFileSync(join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");

const lines = [
  "# Benchmarks",
  "",
  `Measured ${results.date.slice(0, 10)} on ${results.machine.cpus} × ${results.machine.cpu_model}, ${results.machine.memory_gb} GB, Node ${results.machine.node}.`,
  `Each light stage runs ${RUNS} times in one process, heavy ones (model search, SHAP, offers) ${HEAVY_RUNS}; the table gives the median and the range (min – max). Peak RSS is the process's maximum resident set size after all stages. Produced by \`npm run bench\` (raw numbers in \`bench/results.json\`).`,
  "",
];
for (const d of results.datasets) {
  lines.push(`## ${d.dataset}: ${d.customers} customers`, "", "| stage | median, ms | min – max, ms |", "| --- | ---: | ---: |");
  for (const s of d.stages) lines.push(`| ${s.stage} | ${s.median_ms} | ${s.runs > 1 ? `${s.min_ms} – ${s.max_ms}` : "one run"} |`);
  lines.push("", `Peak RSS: ${d.peak_rss_mb} MB.`, "");
}
if (results.browser) {
  const b = results.browser;
  lines.push(
    "## In the browser (headless Chromium, the site in dist/)",
    "",
    "Time from navigation until every cell of the page has rendered (network idle, no pending cells), on localhost:",
    "",
    "| page | ms |",
    "| --- | ---: |",
    ...b.pages.map((p) => `| ${p.path} | ${p.render_ms} |`),
    "",
    `Segment filter, ${b.segment_filter.changes} changes of the probability threshold: from the input event until the KPI cell re-rendered — median ${b.segment_filter.median_ms} ms, p95 ${b.segment_filter.p95_ms} ms; of which DuckDB-WASM queries — median ${b.segment_filter.query_median_ms} ms, p95 ${b.segment_filter.query_p95_ms} ms.`,
    "",
  );
} else {
  lines.push("## In the browser", "", "Not measured: build the site (`npm run build`) and install Debian's `chromium` first.", "");
}
writeFileSync(join(ROOT, "BENCHMARKS.md"), lines.join("\n"));
console.log(lines.join("\n"));
