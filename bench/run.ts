// npm run bench [-- --runs 5 --sizes 10000,100000,1000000 --no-build --no-browser]
// Times each build-time stage (median and spread over several runs) with peak memory, the whole analysis as
// the build runs it, a cold `npm run build`, and the site in headless Chromium — on the store's data when
// present, the demo data, and generated data at larger sizes. Each dataset's stages and whole analysis run
// in their own processes, so every peak RSS belongs to one measurement. Writes bench/results.json and
// BENCHMARKS.md. Benchmarks are measurements, not tests: nothing here fails on a slow machine.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { StagesResult } from "./stages.js";
import type { WholeResult } from "./whole.js";
import { measureBrowser, type BrowserResults } from "./browser.js";

const ROOT = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    sizes: { type: "string", default: "10000,100000,1000000" },
    "no-build": { type: "boolean", default: false },
    "no-browser": { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const SIZES = values.sizes === "" ? [] : values.sizes!.split(",").map((s) => Number(s.replaceAll("_", "")));
const LARGEST = Math.max(0, ...SIZES);
const SCRATCH = join(tmpdir(), "one-click-bench");
mkdirSync(SCRATCH, { recursive: true });

interface Dataset {
  name: string;
  dir: string;
  generated: number | null;
}

/** Runs a TypeScript entry point in its own process and reads the JSON it writes. */
function child<T>(script: string, args: string[]): T {
  const out = join(SCRATCH, `result-${process.pid}.json`);
  rmSync(out, { force: true });
  const r = spawnSync("npx", ["tsx", script, ...args, "--out", out], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`${script} ${args.join(" ")} failed (exit ${r.status})`);
  return JSON.parse(readFileSync(out, "utf8")) as T;
}

/** Generated exports of n customers (the demo generator, default seed), made once and reused. */
function generated(n: number): string {
  const dir = join(SCRATCH, `demo-${n}`);
  if (!existsSync(join(dir, "money.csv"))) {
    const r = spawnSync("npx", ["tsx", "src/cli/generate-demo.ts", "--customers", String(n), "--out", dir], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error(`generating ${n} customers failed`);
  }
  return dir;
}

/** `npm run build` into `dist` with an empty Framework cache (loader outputs, vendored modules and the analysis). */
function coldBuild(dataDir: string, dist: string): { wall_ms: number } {
  rmSync(join(ROOT, "src", ".observablehq", "cache"), { recursive: true, force: true });
  return build(dataDir, dist);
}

function build(dataDir: string, dist: string): { wall_ms: number } {
  const started = performance.now();
  const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DATA_DIR: dataDir, REPORT_DIST: dist } });
  if (r.status !== 0) throw new Error(`npm run build with DATA_DIR=${dataDir} failed`);
  return { wall_ms: Math.round(performance.now() - started) };
}

const mb = (x: number) => `${x.toLocaleString("en-US")} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const real = resolve(ROOT, "..", "shared", "data", "one-click");
const datasets: Dataset[] = [
  ...(existsSync(real) ? [{ name: "real (one-click)", dir: real, generated: null }] : []),
  { name: "demo", dir: join(ROOT, "data", "demo"), generated: null },
  ...SIZES.map((n) => ({ name: `generated ${n.toLocaleString("en-US")}`, dir: generated(n), generated: n })),
];
const study = datasets[0];

const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? "unknown", memory_gb: Math.round(totalmem() / 1024 ** 3), node: process.version },
  runs: RUNS,
  cold_build: null as null | { dataset: string; wall_ms: number },
  datasets: [] as (StagesResult & { dataset: string; whole: WholeResult })[],
  browser: [] as { dataset: string; customers: number; results: BrowserResults }[],
};

// The cold build first: it empties the cache that later steps fill.
if (!values["no-build"]) {
  console.error(`bench: cold build on ${study.name}`);
  results.cold_build = { dataset: study.name, ...coldBuild(study.dir, join(ROOT, "dist")) };
}
for (const d of datasets) {
  console.error(`bench: stages on ${d.name}`);
  const stages = child<StagesResult>("bench/stages.ts", ["--data", d.dir, "--runs", String(RUNS)]);
  console.error(`bench: whole analysis on ${d.name}`);
  const whole = child<WholeResult>("bench/whole.ts", ["--data", d.dir]);
  results.datasets.push({ dataset: d.name, ...stages, whole });
}
if (!values["no-browser"]) {
  console.error(`bench: browser on ${study.name}`);
  const studyBrowser = await measureBrowser({ site: join(ROOT, "dist"), largeCustomers: null });
  if (studyBrowser) results.browser.push({ dataset: study.name, customers: results.datasets[0].customers, results: studyBrowser });
  const largest = datasets.find((d) => d.generated === LARGEST);
  if (studyBrowser && largest) {
    // The site built from the generated exports themselves (the whole analysis is cached by bench/whole.ts above).
    console.error(`bench: building and measuring the site on ${largest.name}`);
    const site = join(ROOT, "bench", "out", `site-generated-${LARGEST}`);
    const built = build(largest.dir, site);
    const r = await measureBrowser({ site, largeCustomers: null });
    if (r) results.browser.push({ dataset: `${largest.name} (warm build ${s(built.wall_ms)})`, customers: LARGEST, results: r });
  }
}
writeFileSync(join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");

const lines = [
  "# Benchmarks",
  "",
  `Measured ${results.date.slice(0, 10)} on ${results.machine.cpus} × ${results.machine.cpu_model}, ${results.machine.memory_gb} GB, Node ${results.machine.node}, by \`npm run bench\` (raw numbers in \`bench/results.json\`).`,
  "",
  "How: each dataset's stages run in one process (`bench/stages.ts`), its whole analysis in another (`bench/whole.ts`: the build's own cached path, from an empty cache entry), so each peak RSS (the process's maximum resident set size) belongs to one measurement.",
  `Up to 20,000 customers light stages run ${RUNS} times and heavy ones (model search, SHAP, offers, writing) ${Math.min(RUNS, 2)}; the tables give the median and the range (min – max). Larger datasets run every stage once.`,
  "Generated datasets come from the demo generator (`npm run data:demo -- --customers N`).",
  "",
  "## Summary",
  "",
  "| dataset | customers | whole analysis | CPU | peak RSS (whole) | peak RSS (stages) |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  ...results.datasets.map((d) => `| ${d.dataset} | ${d.customers.toLocaleString("en-US")} | ${s(d.whole.wall_ms)} | ${s(d.whole.cpu_ms)} | ${mb(d.whole.peak_rss_mb)} | ${mb(d.peak_rss_mb)} |`),
  "",
];
if (results.cold_build) lines.push(`Cold \`npm run build\` (${results.cold_build.dataset}, empty Framework cache, analysis included): ${s(results.cold_build.wall_ms)}.`, "");
for (const d of results.datasets) {
  lines.push(`## ${d.dataset}: ${d.customers.toLocaleString("en-US")} customers`, "", "| stage | median, ms | min – max, ms |", "| --- | ---: | ---: |");
  for (const st of d.stages) lines.push(`| ${st.stage} | ${st.median_ms} | ${st.runs > 1 ? `${st.min_ms} – ${st.max_ms}` : "one run"} |`);
  lines.push("", `Whole analysis as the build runs it: ${s(d.whole.wall_ms)} (CPU ${s(d.whole.cpu_ms)} over two threads), peak RSS ${mb(d.whole.peak_rss_mb)}. Stage process peak RSS ${mb(d.peak_rss_mb)}.`, "");
}
const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en-US")} KB`;
for (const b of results.browser) {
  const r = b.results;
  const f = r.segment_filter;
  lines.push(
    `## In the browser: ${b.dataset} (${b.customers.toLocaleString("en-US")} customers)`,
    "",
    `Headless Chromium on localhost, fresh context per page (no cache); load average at the start ${r.load_average.join(", ")}. Render: navigation start → the last change to the page's content (every chart drawn). Transfer: every file the page requested, gzip-compressed as a server would send it.`,
    "",
    "| page | render, ms | requests | transfer, gzip | without DuckDB-WASM binary, gzip | largest file |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
    ...r.pages.map((p) => `| ${p.path} | ${p.render_ms} | ${p.transfer.requests} | ${kb(p.transfer.gzip_bytes)} | ${kb(p.transfer.gzip_bytes_without_duckdb_wasm)} | ${p.transfer.largest[0] ? `${p.transfer.largest[0].path} (${kb(p.transfer.largest[0].gzip_bytes)})` : ""} |`),
    "",
    ...(r.first_visit
      ? [`First visit to ${r.first_visit.path} (median of ${r.first_visit.runs}): first chart after ${r.first_visit.first_chart_ms} ms (the build-time first view), live figures after ${r.first_visit.live_ms} ms (DuckDB-WASM ready); ${r.first_visit.requests} requests, ${kb(r.first_visit.compressed_bytes)} on the wire as \`npm run serve\` sends them (brotli/gzip), ${kb(r.first_visit.raw_bytes)} uncompressed.`, ""]
      : []),
    `Segment filter, ${f.changes} changes of the probability threshold, timed inside the page from the input event until every output shows the new filter: median ${f.median_ms} ms, p95 ${f.p95_ms} ms, max ${f.max_ms} ms; the longest DuckDB-WASM query of each change: median ${f.query_median_ms} ms, p95 ${f.query_p95_ms} ms (load average ${f.load_average.join(", ")}).`,
    "",
  );
}
if (!results.browser.length) lines.push("## In the browser", "", "Not measured: run without `--no-browser`, with Debian's `chromium` installed.", "");
writeFileSync(join(ROOT, "BENCHMARKS.md"), lines.join("\n"));
console.log(lines.join("\n"));
