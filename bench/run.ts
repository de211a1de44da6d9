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

function time(stage: string, fn: () => unknown): StageResult {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { stage, runs: RUNS, median_ms: round(samples[Math.floor(samples.length / 2)]), min_ms: round(samples[0]), max_ms: round(samples[samples.length - 1]) };
}

function benchDataset(name: string, dir: string) {
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
  return { dataset: name, customers: customers.length, stages, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

const datasets = [{ name: "demo", dir: join(ROOT, "data", "demo") }];
const real = resolve(ROOT, "..", "shared", "data", "one-click");
if (existsSync(real)) datasets.unshift({ name: "real (one-click)", dir: real });

const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? "unknown", memory_gb: Math.round(totalmem() / 1024 ** 3), node: process.version },
  runs: RUNS,
  datasets: datasets.map((d) => benchDataset(d.name, d.dir)),
};
writeFileSync(join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");

const lines = [
  "# Benchmarks",
  "",
  `Measured ${results.date.slice(0, 10)} on ${results.machine.cpus} × ${results.machine.cpu_model}, ${results.machine.memory_gb} GB, Node ${results.machine.node}.`,
  `Each stage runs ${RUNS} times in one process; the table gives the median and the range (min – max). Peak RSS is the process's maximum resident set size after all stages. Produced by \`npm run bench\` (raw numbers in \`bench/results.json\`).`,
  "",
];
for (const d of results.datasets) {
  lines.push(`## ${d.dataset}: ${d.customers} customers`, "", "| stage | median, ms | min – max, ms |", "| --- | ---: | ---: |");
  for (const s of d.stages) lines.push(`| ${s.stage} | ${s.median_ms} | ${s.min_ms} – ${s.max_ms} |`);
  lines.push("", `Peak RSS: ${d.peak_rss_mb} MB.`, "");
}
writeFileSync(join(ROOT, "BENCHMARKS.md"), lines.join("\n"));
console.log(lines.join("\n"));
