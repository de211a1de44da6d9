// The what-if widget scores in the browser with the model that never saw the customer (fold model for training
// customers, the chosen model otherwise): for an unchanged customer the browser's score equals the build's within
// 1e-9 and the SHAP waterfall adds up to it, and editing a lever re-scores it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DIST, siteForTests, visit, waitForCells } from "./browser.js";

const site = siteForTests();

function artifact<T>(name: string): T {
  const dir = join(DIST, "_file", "data", "analysis");
  const file = readdirSync(dir).find((f) => new RegExp(`^${name}\\.[0-9a-f]+\\.json$`).test(f))!;
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as T;
}

/** Customers the importance page loads: three training customers (fold models) and three others (the chosen model). */
function sampleIds(): number[] {
  const { ids } = artifact<{ ids: number[] }>("shap_page");
  const train = new Set(artifact<{ train: number[] }>("split").train);
  const spread = (list: number[]) => [0, 0.5, 1].map((q) => list[Math.round(q * (list.length - 1))]);
  return [...spread(ids.filter((id) => train.has(id))), ...spread(ids.filter((id) => !train.has(id)))];
}

test("browser scores equal build-time scores for unchanged customers", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/importance");
  const input = page.locator("#observablehq-main input[type=text]").first();
  const models = new Set<number>();
  for (const id of sampleIds()) {
    await input.fill(String(id));
    await page.waitForFunction((want) => document.querySelector(".whatif-result")?.getAttribute("data-customer") === String(want), id);
    const result = page.locator(".whatif-result");
    const browser = Number(await result.getAttribute("data-browser-score"));
    const build = Number(await result.getAttribute("data-build-score"));
    const shapTotal = Number(await result.getAttribute("data-shap-total"));
    models.add(Number(await result.getAttribute("data-model")));
    assert.ok(Number.isFinite(browser) && Math.abs(browser - build) <= 1e-9, `customer ${id}: browser ${browser} vs build ${build}`);
    assert.ok(Math.abs(shapTotal - browser) <= 1e-6, `customer ${id}: SHAP adds up to ${shapTotal}, the model says ${browser}`);
  }
  assert.ok(models.has(0) && [...models].some((m) => m > 0), `both fold models and the chosen model were used (${[...models]})`);
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
