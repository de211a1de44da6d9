// On a 360 px phone (and on a 1280 px desktop), every page fits the screen: nothing scrolls sideways, no
// chart's text runs past the edge of its SVG (where the browser clips it), and no two tick labels of one
// axis overlap — on any page.

import { test } from "node:test";
import assert from "node:assert/strict";
import config from "../../observablehq.config.js";
import { siteForTests, visit } from "./browser.js";

const paths = ["/", ...config.pages.map((p) => p.path)];
const site = siteForTests();

for (const [path, width] of paths.flatMap((p) => [[p, 360], [p, 1280]] as const)) {
  test(`page ${path} at ${width} px: no sideways scroll, no SVG text beyond its SVG, no overlapping tick labels`, async () => {
    const { page, consoleErrors } = await visit(site.browser, site.url + path, { width });
    assert.deepEqual(consoleErrors, []);
    // /segments draws its charts once DuckDB-WASM has loaded: wait for them, not just for the page's cells.
    if (path === "/segments") await page.waitForFunction(() => document.querySelectorAll("#observablehq-main [data-filter-key] svg").length >= 4, undefined, { timeout: 60_000 });
    // Charts redraw when their container settles to the page's width.
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${path}: the page scrolls sideways by ${overflow} px at ${width} px`);
    const clipped = await page.evaluate(() => {
      const out: string[] = [];
      for (const svg of document.querySelectorAll<SVGSVGElement>("#observablehq-main svg")) {
        const box = svg.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const chart = svg.closest("figure")?.querySelector("h2, h3")?.textContent ?? svg.getAttribute("aria-label") ?? "";
        for (const text of svg.querySelectorAll("text")) {
          // Tooltips appear only under the pointer; hidden and empty texts draw nothing.
          if (text.closest('g[aria-label="tip"]') || !text.textContent?.trim()) continue;
          const r = text.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          const beyond = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
          if (beyond > 1) out.push(`«${text.textContent.trim().slice(0, 60)}» runs ${Math.round(beyond)} px past its SVG${chart ? ` (chart «${chart.slice(0, 60)}»)` : ""}`);
        }
        for (const axis of svg.querySelectorAll('g[aria-label$="tick label"]')) {
          // Rotated labels run parallel: their axis-aligned boxes overlap even when the glyphs do not.
          if (/rotate/.test(axis.getAttribute("transform") ?? "") || axis.querySelector('text[transform*="rotate"]')) continue;
          const labels = [...axis.querySelectorAll(":scope > text")].map((t) => ({ t: t.textContent ?? "", r: t.getBoundingClientRect() })).filter((l) => l.r.width > 0);
          for (let i = 0; i < labels.length; i++) {
            for (let j = i + 1; j < labels.length; j++) {
              const [a, b] = [labels[i].r, labels[j].r];
              const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
              if (overlap) out.push(`tick labels «${labels[i].t.slice(0, 40)}» and «${labels[j].t.slice(0, 40)}» overlap${chart ? ` (chart «${chart.slice(0, 60)}»)` : ""}`);
            }
          }
        }
      }
      return out;
    });
    assert.deepEqual(clipped, [], `${path}: SVG text clipped or overlapping at ${width} px`);
    await page.context().close();
  });
}
