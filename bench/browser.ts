// Browser measurements for `npm run bench` (needs a built site and Debian's Chromium), all on localhost:
// - pages: per page, the time from navigation until the last chart rendered (the last DOM change
//   in the page's main element) and the bytes it transferred — raw, and gzip as a server would send
//   them, with and without the DuckDB-WASM binary;
// - segment filter: latency of changes of the probability threshold on /segments, from the input
//   event until every filter-dependent output shows the new filter (tagged data-filter-key) and the
//   layout is done; with the DuckDB part (the longest query of the change — the page sends its
//   queries together and the worker runs them one after another);
// - the same at a large size: a copy of the site whose customers.arrow holds N customers made from the
//   site's own table (bench/large-table.ts).
// - first visit to /segments: time to the first chart (build-time first view) and to the live figures
//   (DuckDB-WASM ready), and the bytes on the wire, compressed (as the static server sends them to
//   Chromium) and not; `npx tsx bench/browser.ts --first-visit [site]` runs just this part.
// Measurements, not tests: nothing here fails on a slow machine. CPU load from other processes makes
// the numbers noisy; `load_average` records it.

import { existsSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join, normalize, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import config from "../observablehq.config.js";
import { startStaticServer } from "../scripts/static-server.js";
import { CHROMIUM, DIST, openSite } from "../tests/e2e/browser.js";
import { siteWithLargeTable } from "./large-table.js";

export interface Transfer {
  requests: number;
  raw_bytes: number;
  gzip_bytes: number;
  /** The same without the DuckDB-WASM binary (*.wasm; the worker script is counted). */
  raw_bytes_without_duckdb_wasm: number;
  gzip_bytes_without_duckdb_wasm: number;
  /** Largest files, gzip bytes. */
  largest: { path: string; raw_bytes: number; gzip_bytes: number }[];
}

export interface PageResult {
  path: string;
  /** Navigation start → last change to the page's content (every chart rendered), ms. */
  render_ms: number;
  transfer: Transfer;
}

export interface FilterLatency {
  customers: number;
  changes: number;
  median_ms: number;
  p95_ms: number;
  max_ms: number;
  /** The DuckDB part of each change: its longest query, ms. */
  query_median_ms: number;
  query_p95_ms: number;
  load_average: number[];
}

export interface LargeResult {
  customers: number;
  arrow_bytes: number;
  arrow_gzip_bytes: number;
  page: PageResult;
  filter: FilterLatency;
}

export interface FirstVisit {
  path: string;
  /** Navigation start → first chart (an SVG in the page's main element) drawn, ms; median over the runs. */
  first_chart_ms: number;
  /** Navigation start → the live figures (DuckDB-WASM answered), ms; median. */
  live_ms: number;
  runs: number;
  requests: number;
  /** Bytes Chromium received (bodies as sent, brotli or gzip where the server compressed them). */
  compressed_bytes: number;
  /** The same files uncompressed. */
  raw_bytes: number;
  load_average: number[];
}

export interface BrowserResults {
  load_average: number[];
  first_visit?: FirstVisit;
  pages: PageResult[];
  segment_filter: FilterLatency;
  large: LargeResult | null;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (x: number) => Math.round(x * 10) / 10;
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

/** Serves `dir` on loopback and records the files each page requests. */
async function accountingServer(dir: string) {
  const root = resolve(dir);
  const { server, url } = await startStaticServer(root);
  let requested: string[] = [];
  server.on("request", (request) => requested.push(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname)));
  const gzipCache = new Map<string, number>();
  const fileOf = (path: string): string | null => {
    const file = normalize(join(root, path));
    if (existsSync(file) && statSync(file).isDirectory()) return existsSync(join(file, "index.html")) ? join(file, "index.html") : null;
    if (existsSync(file)) return file;
    return existsSync(`${file}.html`) ? `${file}.html` : null;
  };
  return {
    url,
    reset: () => void (requested = []),
    transfer(): Transfer {
      const files = requested.map((path) => ({ path, file: fileOf(path) })).filter((f): f is { path: string; file: string } => f.file !== null);
      const sized = files.map(({ path, file }) => {
        if (!gzipCache.has(file)) gzipCache.set(file, gzipSync(readFileSync(file)).byteLength);
        return { path, raw_bytes: statSync(file).size, gzip_bytes: gzipCache.get(file)! };
      });
      const sum = (list: typeof sized, key: "raw_bytes" | "gzip_bytes") => list.reduce((s, f) => s + f[key], 0);
      const withoutWasm = sized.filter((f) => !f.path.endsWith(".wasm"));
      return {
        requests: sized.length,
        raw_bytes: sum(sized, "raw_bytes"),
        gzip_bytes: sum(sized, "gzip_bytes"),
        raw_bytes_without_duckdb_wasm: sum(withoutWasm, "raw_bytes"),
        gzip_bytes_without_duckdb_wasm: sum(withoutWasm, "gzip_bytes"),
        largest: [...sized].sort((a, b) => b.gzip_bytes - a.gzip_bytes).slice(0, 5),
      };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Records the time of the last change to the page's main element, from the first script on. */
const LAST_CHANGE_SCRIPT = `
  window.__lastChange = 0;
  new MutationObserver(() => { window.__lastChange = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
`;

/** Opens `url` in a fresh context (no cache) and waits until the page has settled: network idle, no loading cells, 1 s without changes. */
async function openSettled(browser: Browser, url: string, timeoutMs = 120_000): Promise<{ page: Page; renderMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(LAST_CHANGE_SCRIPT);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "networkidle", timeout: timeoutMs });
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, { timeout: timeoutMs });
  await page.waitForFunction(() => performance.now() - (window as unknown as { __lastChange: number }).__lastChange > 1000, undefined, { timeout: timeoutMs, polling: 100 });
  const renderMs = await page.evaluate(() => (window as unknown as { __lastChange: number }).__lastChange);
  return { page, renderMs: Math.round(renderMs) };
}

/** Records when the first SVG appears in the page's main element and when the live KPIs do. */
const FIRST_CHART_SCRIPT = `
  window.__firstChart = 0; window.__live = 0;
  new MutationObserver(() => {
    const main = document.querySelector("#observablehq-main");
    if (!main) return;
    if (!window.__firstChart && main.querySelector("svg")) window.__firstChart = performance.now();
    if (!window.__live && main.querySelector(".kpis")) window.__live = performance.now();
  }).observe(document, { subtree: true, childList: true });
`;

/** A first visit (fresh context, no cache) to `path`: time to first chart and to the live page, bytes on the wire compressed and not. */
export async function measureFirstVisit(site = DIST, { path = "/segments", runs = 3 } = {}): Promise<FirstVisit> {
  const opened = await openSite(site);
  const server = await accountingServer(site);
  try {
    const first: number[] = [], live: number[] = [];
    let compressed = 0, raw = 0, requests = 0;
    for (let run = 0; run < runs; run++) {
      server.reset();
      const context = await opened.browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(FIRST_CHART_SCRIPT);
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      // A request that finishes as the context closes cannot report its size (and is counted by the server below).
      page.on("requestfinished", (request) => sizes.push(request.sizes().then((s) => s.responseBodySize, () => 0)));
      await page.goto(server.url + path, { waitUntil: "networkidle", timeout: 120_000 });
      await page.waitForFunction(() => (window as unknown as { __live: number }).__live > 0, undefined, { timeout: 120_000 });
      const times = await page.evaluate(() => ({ first: (window as unknown as { __firstChart: number }).__firstChart, live: (window as unknown as { __live: number }).__live }));
      first.push(times.first);
      live.push(times.live);
      compressed = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
      const transfer = server.transfer();
      raw = transfer.raw_bytes;
      requests = transfer.requests;
      await context.close();
    }
    first.sort((a, b) => a - b);
    live.sort((a, b) => a - b);
    return { path, first_chart_ms: Math.round(quantile(first, 0.5)), live_ms: Math.round(quantile(live, 0.5)), runs, requests, compressed_bytes: compressed, raw_bytes: raw, load_average: load() };
  } finally {
    await server.close();
    await opened.close();
  }
}

/** Render time and transfer of each page of a built site. */
export async function measurePages(site = DIST, paths = ["/", ...config.pages.map((p) => p.path)]): Promise<PageResult[]> {
  const opened = await openSite(site);
  const server = await accountingServer(site);
  try {
    const results: PageResult[] = [];
    for (const path of paths) {
      server.reset();
      const { page, renderMs } = await openSettled(opened.browser, server.url + path);
      results.push({ path, render_ms: renderMs, transfer: server.transfer() });
      await page.context().close();
    }
    return results;
  } finally {
    await server.close();
    await opened.close();
  }
}

/**
 * One change of the probability slider on /segments, timed inside the page: from the input event
 * until every output tagged data-filter-key shows the new filter, then a forced layout. (A string,
 * not a function: tsx would wrap named functions in a helper the page does not have.)
 */
export const FILTER_CHANGE_SCRIPT = `async (value) => {
  const main = document.querySelector("#observablehq-main");
  const tagged = () => [...main.querySelectorAll("[data-filter-key]")];
  const before = tagged();
  const count = before.length;
  const oldKey = before[0]?.dataset.filterKey;
  const slider = main.querySelector("form input[type=range]");
  const done = () => {
    const now = tagged();
    return now.length === count && now.every((el) => el.dataset.filterKey !== oldKey && el.dataset.filterKey === now[0].dataset.filterKey);
  };
  const started = performance.now();
  slider.value = value;
  slider.dispatchEvent(new Event("input", { bubbles: true }));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("filter change timed out")), 60000);
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(main, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-filter-key"] });
  });
  void document.body.offsetHeight;
  const ms = performance.now() - started;
  const queryMs = Math.max(0, ...tagged().map((el) => Number(el.dataset.queryMs ?? 0)));
  return { ms, queryMs };
}`;

async function filterChange(page: Page, value: string): Promise<{ ms: number; queryMs: number }> {
  return page.evaluate(`(${FILTER_CHANGE_SCRIPT})(${JSON.stringify(value)})`) as Promise<{ ms: number; queryMs: number }>;
}

/** Filter latency on /segments of a built site over `changes` changes of the probability threshold. */
export async function measureSegmentFilter(site = DIST, { changes = 50, timeoutMs = 120_000 } = {}): Promise<FilterLatency & { page: PageResult }> {
  const opened = await openSite(site);
  const server = await accountingServer(site);
  try {
    const { page, renderMs } = await openSettled(opened.browser, server.url + "/segments", timeoutMs);
    const transfer = server.transfer();
    const customers = Number(await page.locator(".kpis").first().getAttribute("data-customers"));
    const loadAverage = load();
    const wall: number[] = [];
    const query: number[] = [];
    for (let i = 0; i < changes; i++) {
      const { ms, queryMs } = await filterChange(page, (0.2 + (i % 25) * 0.03).toFixed(2));
      wall.push(ms);
      query.push(queryMs);
    }
    await page.context().close();
    wall.sort((a, b) => a - b);
    query.sort((a, b) => a - b);
    return {
      customers,
      changes,
      median_ms: round(quantile(wall, 0.5)),
      p95_ms: round(quantile(wall, 0.95)),
      max_ms: round(wall[wall.length - 1]),
      query_median_ms: round(quantile(query, 0.5)),
      query_p95_ms: round(quantile(query, 0.95)),
      load_average: loadAverage,
      page: { path: "/segments", render_ms: renderMs, transfer },
    };
  } finally {
    await server.close();
    await opened.close();
  }
}

/**
 * The segments page at `customers` customers: makes a copy of `site` in `out` whose customers.arrow holds
 * that many customers (bench/large-table.ts; about 10 s and 150 MB of disk at a million), then measures
 * the page's load, transfer and filter latency there.
 */
export async function measureLargeSegments(site = DIST, { customers = 1_000_000, changes = 50, out = resolve(import.meta.dirname, "out", `site-${customers}`) } = {}): Promise<LargeResult> {
  const made = siteWithLargeTable(site, customers, out);
  const arrowGzip = gzipSync(readFileSync(made.arrow)).byteLength;
  const { page, ...filter } = await measureSegmentFilter(out, { changes, timeoutMs: 300_000 });
  return { customers, arrow_bytes: made.bytes, arrow_gzip_bytes: arrowGzip, page, filter };
}

/** Everything above, for `npm run bench`; null when there is no built site or no Chromium. */
export async function measureBrowser({ site = DIST, changes = 50, largeCustomers = 1_000_000 }: { site?: string; changes?: number; largeCustomers?: number | null } = {}): Promise<BrowserResults | null> {
  if (!existsSync(site) || !existsSync(CHROMIUM)) return null;
  const loadAverage = load();
  const firstVisit = await measureFirstVisit(site);
  const pages = await measurePages(site);
  const { page: _segmentsPage, ...segmentFilter } = await measureSegmentFilter(site, { changes });
  const large = largeCustomers ? await measureLargeSegments(site, { customers: largeCustomers, changes }) : null;
  return { load_average: loadAverage, first_visit: firstVisit, pages, segment_filter: segmentFilter, large };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // npx tsx bench/browser.ts [site] [--large N] — prints the results as JSON.
  const args = process.argv.slice(2);
  if (args.includes("--first-visit")) {
    // npx tsx bench/browser.ts --first-visit [site]: only the first visit to /segments.
    const site = args.find((a) => !a.startsWith("--")) ?? DIST;
    console.log(JSON.stringify(await measureFirstVisit(site), null, 2));
    process.exit(0);
  }
  const largeIndex = args.indexOf("--large");
  const largeCustomers = largeIndex >= 0 ? Number(args[largeIndex + 1]) : null;
  const site = args.find((a, i) => !a.startsWith("--") && (largeIndex < 0 || i !== largeIndex + 1)) ?? DIST;
  console.log(JSON.stringify(await measureBrowser({ site, largeCustomers }), null, 2));
}
