// The what-if widget scores in the browser with the exported model: for an unchanged customer the
// browser's probability equals the build's within 1e-9, and editing a lever re-scores it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DIST, openSite, visit, waitForCells } from "./browser.js";

let site: Awaited<ReturnType<typeof openSite>>;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

/** Five customers spread over the customers the importance page loads (shap_page: ids and build scores). */
function sampleIds(): number[] {
  const dir = join(DIST, "_file", "data", "analysis");
  const file = readdirSync(dir).find((f) => /^shap_page\.[0-9a-f]+\.json$/.test(f))!;
  const { ids } = JSON.parse(readFileSync(join(dir, file), "utf8")) as { ids: number[] };
  return [0, 0.25, 0.5, 0.75, 1].map((q) => ids[Math.round(q * (ids.length - 1))]);
}

test("browser scores equal build-time scores for unchanged customers", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/importance");
  const input = page.locator("#observablehq-main input[type=text]").first();
  for (const id of sampleIds()) {
    await input.fill(String(id));
    await page.waitForFunction((want) => document.querySelector(".whatif-result")?.getAttribute("data-customer") === String(want), id);
    const result = page.locator(".whatif-result");
    const browser = Number(await result.getAttribute("data-browser-score"));
    const build = Number(await result.getAttribute("data-build-score"));
    assert.ok(Number.isFinite(browser) && Math.abs(browser - build) <= 1e-9, `customer ${id}: browser ${browser} vs build ${build}`);
  }
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test("moving a lever re-scores the customer", async () => {
  const { page } = await visit(site.browser, site.url + "/importance");
  const before = await page.locator(".whatif-result .big").textContent();
  await page.locator("#observablehq-main form input[type=range]").first().evaluate((el: HTMLInputElement) => {
    el.value = el.max;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await waitForCells(page);
  const after = await page.locator(".whatif-result .big").textContent();
  assert.notEqual(after, before, "the probability changed");
  await page.context().close();
});
