// Browser measurements for `npm run bench` (needs a built dist/ and Debian's Chromium): time until every
// chart on each page has rendered, and segment-filter latency over 50 input changes.

import { existsSync } from "node:fs";
import config from "../observablehq.config.js";
import { DIST, openSite, visit } from "../tests/e2e/browser.js";

export interface BrowserResults {
  pages: { path: string; render_ms: number }[];
  segment_filter: { changes: number; median_ms: number; p95_ms: number; query_median_ms: number; query_p95_ms: number };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (x: number) => Math.round(x * 10) / 10;

export async function measureBrowser(): Promise<BrowserResults | null> {
  if (!existsSync(DIST) || !existsSync("/usr/bin/chromium")) return null;
  const site = await openSite();
  try {
    const pages: BrowserResults["pages"] = [];
    for (const path of ["/", ...config.pages.map((p) => p.path)]) {
      const started = performance.now();
      const { page } = await visit(site.browser, site.url + path);
      pages.push({ path, render_ms: Math.round(performance.now() - started) });
      await page.context().close();
    }
    const { page } = await visit(site.browser, site.url + "/segments");
    const slider = page.locator("#observablehq-main form input[type=range]").first();
    const wall: number[] = [];
    const query: number[] = [];
    for (let i = 0; i < 50; i++) {
      const value = (0.2 + (i % 25) * 0.03).toFixed(2);
      const before = await page.locator(".kpis").first().getAttribute("data-filter-ms");
      const started = performance.now();
      await slider.evaluate((el: HTMLInputElement, v: string) => {
        el.value = v;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, value);
      // The KPI block is replaced when the filtered queries have answered and the cell re-rendered.
      await page.waitForFunction((old) => {
        const el = document.querySelector(".kpis");
        return el !== null && document.querySelectorAll(".observablehq--loading").length === 0 && el.getAttribute("data-filter-ms") !== old;
      }, before, { timeout: 10_000 }).catch(() => undefined);
      wall.push(performance.now() - started);
      query.push(Number(await page.locator(".kpis").first().getAttribute("data-filter-ms")));
    }
    await page.context().close();
    wall.sort((a, b) => a - b);
    query.sort((a, b) => a - b);
    return {
      pages,
      segment_filter: { changes: wall.length, median_ms: round(quantile(wall, 0.5)), p95_ms: round(quantile(wall, 0.95)), query_median_ms: round(quantile(query, 0.5)), query_p95_ms: round(quantile(query, 0.95)) },
    };
  } finally {
    await site.close();
  }
}
