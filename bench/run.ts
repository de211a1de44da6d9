// npm run bench [-- --runs 5 --sizes 10000,100000,1000000 --no-build --no-browser --no-peer] [-- --only build|peer]
// Times each build-time stage (median and spread over several runs) with peak memory, the whole analysis as
// the build runs it, `npm run analyze` beside a cold and a warm `npm run build` (`--only build` measures just
// these three and keeps the other figures of bench/results.json), `npm run analyze` beside scikit-learn's
// GridSearchCV over the same grid, rows and (up to groups of copied customers) folds (bench/sklearn_grid.py, one core; `--only peer`; skipped with the
// reason when no python3 imports sklearn), and the site in headless Chromium — on the store's data when
// present, the demo data, and generated data at larger sizes. Each dataset's stages and whole analysis run
// in their own processes, so every peak RSS belongs to one measurement. Writes bench/results.json and
// BENCHMARKS.md. Benchmarks are measurements, not tests: nothing here fails on a slow machine.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { StagesResult } from "./stages.js";
import type { WholeResult } from "./whole.js";
import { measureBrowser, type BrowserResults } from "./browser.js";
import { acquireLock } from "../src/io/lock.js";

const ROOT = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    sizes: { type: "string", default: "10000,100000,1000000" },
    "no-build": { type: "boolean", default: false },
    "no-browser": { type: "boolean", default: false },
    "no-peer": { type: "boolean", default: false },
    only: { type: "string" },
  },
});
if (values.only !== undefined && values.only !== "build" && values.only !== "peer") throw new Error(`--only takes "build" or "peer" (got ${values.only})`);
const ONLY_BUILD = values.only === "build";
const ONLY_PEER = values.only === "peer";
const ONLY = ONLY_BUILD || ONLY_PEER;
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

/** CPU time (user + system) of this process's finished children, ms (Linux: /proc/self/stat). */
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
function childrenCpuMs(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS; // cutime, cstime
  } catch {
    return NaN;
  }
}

interface Timed {
  wall_ms: number;
  /** CPU of every process it started: on a shared machine the wall time also measures the neighbours. */
  cpu_ms: number;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const cpu = childrenCpuMs();
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${r.status})`);
  return { wall_ms: Math.round(performance.now() - started), cpu_ms: Math.round(childrenCpuMs() - cpu) };
}

function build(dataDir: string, dist: string, extraEnv: NodeJS.ProcessEnv = {}): Timed {
  return timed("npm", ["run", "build"], { ...process.env, DATA_DIR: dataDir, REPORT_DIST: dist, ...extraEnv });
}

export interface BuildResult {
  dataset: string;
  load_average: number[];
  /** `npm run analyze` (the analysis alone, written as JSON). */
  analyze: Timed;
  /** `npm run build` with an empty Framework cache: vendoring, the analysis, the site. */
  cold_build: Timed;
  /** `npm run build` again, nothing changed (the build finds that and stops). */
  warm_build: Timed;
  /** `npm run build` with the analysis cached but the site built again (REBUILD=1: what a page or code edit costs). */
  rebuild_site?: Timed;
}

/** Empties Framework's cache (vendored packages, analyses, loader outputs) while no build is using it. */
async function emptyFrameworkCache(): Promise<void> {
  const cache = join(ROOT, "src", ".observablehq", "cache");
  const lock = join(cache, "_build.lock");
  mkdirSync(cache, { recursive: true });
  const release = await acquireLock(lock, { what: "the benchmark emptying Framework's cache" });
  try {
    for (const entry of readdirSync(cache)) if (!entry.startsWith("_build.lock")) rmSync(join(cache, entry), { recursive: true, force: true });
  } finally {
    release();
  }
}

/** `npm run analyze`, then a cold and a warm `npm run build`, one after the other on the same data. */
async function measureBuild(d: Dataset, dist: string): Promise<BuildResult> {
  const load_average = loadavg().map((x) => Math.round(x * 100) / 100);
  const out = join(SCRATCH, `analyze-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const analyze = timed("npm", ["run", "analyze", "--", "--data", d.dir, "--out", out]);
  rmSync(out, { recursive: true, force: true });
  await emptyFrameworkCache();
  const cold_build = build(d.dir, dist);
  const warm_build = build(d.dir, dist);
  const rebuild_site = build(d.dir, dist, { REBUILD: "1" });
  return { dataset: d.name, load_average, analyze, cold_build, warm_build, rebuild_site };
}

/** The first interpreter that imports scikit-learn and pandas (Debian's python3-sklearn lives under /usr/bin). */
function sklearnPython(): { python: string } | { reason: string } {
  const tried: string[] = [];
  for (const python of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(python, ["-c", "import sklearn, pandas"], { encoding: "utf8" });
    if (r.status === 0) return { python };
    tried.push(`${python}: ${r.error ? r.error.message : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`)}`);
  }
  return { reason: `no python3 imports sklearn and pandas (${tried.join("; ")}); install Debian's python3-sklearn and python3-pandas` };
}

export interface SklearnGrid {
  sklearn_version: string;
  configurations: number;
  folds: number;
  training_customers: number;
  jobs: number;
  /** The fit alone (GridSearchCV.fit), as the script measures it. */
  wall_s: number;
  cpu_s: number;
  best: { key: string; mean_cv_auc: number };
}

export type PeerResult =
  | { dataset: string; date: string; load_average: number[]; analyze: Timed; sklearn: SklearnGrid & { process: Timed }; ratio_wall: number; ratio_cpu: number }
  | { dataset: string; date: string; skipped: string };

/**
 * `npm run analyze` and then, on the customer table and split it wrote (the same rows), scikit-learn's
 * GridSearchCV over the same grid and folds on one core. The ratio compares the whole analysis (model search,
 * refit, SHAP, offers, …, on two threads) with the peer's model search alone.
 */
function measurePeer(d: Dataset): PeerResult {
  const date = new Date().toISOString();
  const py = sklearnPython();
  if ("reason" in py) return { dataset: d.name, date, skipped: py.reason };
  const load_average = loadavg().map((x) => Math.round(x * 100) / 100);
  const out = join(SCRATCH, `peer-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  try {
    const analyze = timed("npm", ["run", "analyze", "--", "--data", d.dir, "--out", out]);
    const cpu = childrenCpuMs();
    const started = performance.now();
    const r = spawnSync(py.python, ["bench/sklearn_grid.py", "--customers", join(out, "customers.json"), "--split", join(out, "split.json"), "--jobs", "1"], {
      cwd: ROOT,
      encoding: "utf8",
      // One core, as n_jobs=1 promises: without these NumPy's BLAS starts a thread per CPU (and spins under load).
      env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`bench/sklearn_grid.py failed (exit ${r.status})`);
    const proc = { wall_ms: Math.round(performance.now() - started), cpu_ms: Math.round(childrenCpuMs() - cpu) };
    const grid = JSON.parse(r.stdout) as SklearnGrid;
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    return {
      dataset: d.name,
      date,
      load_average,
      analyze,
      sklearn: { ...grid, process: proc },
      ratio_wall: ratio(analyze.wall_ms, grid.wall_s * 1000),
      ratio_cpu: ratio(analyze.cpu_ms, grid.cpu_s * 1000),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const mb = (x: number) => `${x.toLocaleString("en-US")} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const real = resolve(ROOT, "..", "shared", "data", "one-click");
const datasets: Dataset[] = [
  ...(existsSync(real) ? [{ name: "real (one-click)", dir: real, generated: null }] : []),
  { name: "demo", dir: join(ROOT, "data", "demo"), generated: null },
  ...(ONLY ? [] : SIZES).map((n) => ({ name: `generated ${n.toLocaleString("en-US")}`, dir: generated(n), generated: n })),
];
const study = datasets[0];

const machine = { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? "unknown", memory_gb: Math.round(totalmem() / 1024 ** 3), node: process.version };
const fresh = {
  date: new Date().toISOString(),
  machine,
  runs: RUNS,
  build: null as null | (BuildResult & { date: string; machine: typeof machine }),
  peer: null as null | PeerResult,
  datasets: [] as (StagesResult & { dataset: string; whole: WholeResult })[],
  browser: [] as { dataset: string; customers: number; results: BrowserResults }[],
};
const RESULTS = join(ROOT, "bench", "results.json");
// --only build / peer: the other figures stay those of the last whole run.
const { cold_build: _replacedByBuild, ...previous } = ONLY && existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as typeof fresh & { cold_build?: unknown }) : {};
const results: typeof fresh = { ...fresh, ...previous };

// The builds first: the cold one empties the cache that later steps fill.
if ((!values["no-build"] && !ONLY_PEER) || ONLY_BUILD) {
  console.error(`bench: npm run analyze, then a cold and a warm npm run build, on ${study.name}`);
  results.build = { date: new Date().toISOString(), machine, ...(await measureBuild(study, join(ROOT, "dist"))) };
}
// The peer comparison next, on a machine not yet busy with the stages.
if ((!values["no-peer"] && !ONLY_BUILD) || ONLY_PEER) {
  console.error(`bench: npm run analyze, then scikit-learn's GridSearchCV on the same rows, on ${study.name}`);
  results.peer = measurePeer(study);
  if ("skipped" in results.peer) console.error(`bench: scikit-learn comparison skipped: ${results.peer.skipped}`);
}
for (const d of ONLY ? [] : datasets) {
  console.error(`bench: stages on ${d.name}`);
  const stages = child<StagesResult>("bench/stages.ts", ["--data", d.dir, "--runs", String(RUNS)]);
  console.error(`bench: whole analysis on ${d.name}`);
  const whole = child<WholeResult>("bench/whole.ts", ["--data", d.dir]);
  results.datasets.push({ dataset: d.name, ...stages, whole });
}
if (!values["no-browser"] && !ONLY) {
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
writeFileSync(RESULTS, JSON.stringify(results, null, 2) + "\n");

const lines = [
  "# Benchmarks",
  "",
  `Measured ${results.date.slice(0, 10)} on ${results.machine.cpus} × ${results.machine.cpu_model}, ${results.machine.memory_gb} GB, Node ${results.machine.node}, by \`npm run bench\` (raw numbers in \`bench/results.json\`).`,
  "",
  "How: each dataset's stages run in one process (`bench/stages.ts`), its whole analysis in another (`bench/whole.ts`: the build's own cached path, from an empty cache entry), so each peak RSS (the process's maximum resident set size) belongs to one measurement.",
  `Up to 20,000 customers the analysis runs ${Math.min(RUNS, 2)} times (every stage, as runAnalysis orders it, on one thread) and reading the exports and the phi_K matrix alone ${RUNS} times; the tables give the median and the range (min – max). Larger datasets run every stage once.`,
  "Generated datasets come from the demo generator (`npm run data:demo -- --customers N`).",
  "",
  "## Summary",
  "",
  "| dataset | customers | whole analysis | CPU | peak RSS (whole) | peak RSS (stages) |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  ...results.datasets.map((d) => `| ${d.dataset} | ${d.customers.toLocaleString("en-US")} | ${s(d.whole.wall_ms)} | ${s(d.whole.cpu_ms)} | ${mb(d.whole.peak_rss_mb)} | ${mb(d.peak_rss_mb)} |`),
  "",
];
if (results.build) {
  const b = results.build;
  const row = (what: string, t: Timed) => `| ${what} | ${s(t.wall_ms)} | ${s(t.cpu_ms)} |`;
  lines.push(
    `## Build cost: ${b.dataset}`,
    "",
    `Measured ${b.date.slice(0, 10)} one after the other in one run (\`npm run bench -- --only build\` measures just these), load average at the start ${b.load_average.join(", ")} on ${b.machine.cpus} CPUs. CPU is user + system time of every process started; on a shared machine the wall time also counts the neighbours' load.`,
    "",
    "| command | wall | CPU |",
    "| --- | ---: | ---: |",
    row("`npm run analyze` (the analysis alone)", b.analyze),
    row("cold `npm run build` (empty Framework cache: vendoring, analysis, site)", b.cold_build),
    row("warm `npm run build` (nothing changed: the build checks its inputs and stops)", b.warm_build),
    ...(b.rebuild_site ? [row("`REBUILD=1 npm run build` (analysis cached, the site built again, as after a page edit)", b.rebuild_site)] : []),
    "",
    `Cold build minus the analysis: ${s(b.cold_build.wall_ms - b.analyze.wall_ms)} wall (target ≤ 10 s); warm build: ${s(b.warm_build.wall_ms)} (target ≤ 8 s)${b.rebuild_site ? `; the site alone again: ${s(b.rebuild_site.wall_ms)}` : ""}.`,
    "",
  );
}
if (results.peer) {
  const p = results.peer;
  lines.push(`## The analysis against scikit-learn: ${p.dataset}`, "");
  if ("skipped" in p) lines.push(`Not measured (${p.date.slice(0, 10)}): ${p.skipped}.`, "");
  else {
    const g = p.sklearn;
    lines.push(
      `Measured ${p.date.slice(0, 10)} one after the other in one run (\`npm run bench -- --only peer\` measures just these), load average at the start ${p.load_average.join(", ")}. scikit-learn ${g.sklearn_version}: GridSearchCV over the same ${g.configurations} configurations (Pipeline of ColumnTransformer(scaler | ordinal | one-hot) and the estimator), ${g.folds} stratified folds of the same ${g.training_customers} training customers (plain StratifiedKFold: unlike the core it may split a group of copied customers across folds), scoring roc_auc, n_jobs=${g.jobs}, refit=False (\`bench/sklearn_grid.py\` on the customer table \`npm run analyze\` wrote). Its best configuration: ${g.best.key} (mean CV AUC ${g.best.mean_cv_auc}).`,
      "",
      "| command | wall | CPU |",
      "| --- | ---: | ---: |",
      `| \`npm run analyze\` (the whole analysis: search, refit, bootstrap, SHAP, offers, artifacts; two threads) | ${s(p.analyze.wall_ms)} | ${s(p.analyze.cpu_ms)} |`,
      `| GridSearchCV.fit (the model search alone, one core) | ${g.wall_s.toFixed(1)} s | ${g.cpu_s.toFixed(1)} s |`,
      `| the Python process (with importing scikit-learn and reading the table) | ${s(g.process.wall_ms)} | ${s(g.process.cpu_ms)} |`,
      "",
      `Ratio, analysis / GridSearchCV: ${p.ratio_wall.toFixed(2)} wall (target ≤ 0.5), ${p.ratio_cpu.toFixed(2)} CPU.`,
      "",
    );
  }
}
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
