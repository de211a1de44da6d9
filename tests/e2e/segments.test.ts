// The segment explorer: DuckDB-WASM answers the filters, hostile URL parameters are ignored (never
// executed, never reach SQL), the URL reproduces the view, and the CSV download is neutralised.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { openSite, visit, waitForCells } from "./browser.js";

let site: Awaited<ReturnType<typeof openSite>>;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

const segmentSize = async (page: import("playwright-core").Page) => Number(await page.locator(".kpis").first().getAttribute("data-segment-size"));

test("filters update the segment live, and the URL reproduces the view", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/segments");
  const initial = await segmentSize(page);
  assert.ok(initial > 0, "the default segment is not empty");
  const probability = page.locator("#observablehq-main form input[type=range]").first();
  await probability.evaluate((el: HTMLInputElement) => {
    el.value = "0.2";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await waitForCells(page);
  const wider = await segmentSize(page);
  assert.ok(wider > initial, `a lower probability threshold widens the segment (${initial} → ${wider})`);
  const url = page.url();
  assert.match(url, /[?&]p=0\.2/);
  const again = await visit(site.browser, url);
  assert.equal(await segmentSize(again.page), wider, "the link reproduces the view");
  assert.deepEqual(consoleErrors, []);
  await again.page.context().close();
  await page.context().close();
});

test("hostile URL parameters are validated: nothing runs, nothing breaks", async () => {
  const hostile = "?p=1%27%20OR%201%3D1--&service=%27%3BDROP%20TABLE%20customers%3B--&category=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&feature=id%3Bselect&from=abc&to=%3Cscript%3E";
  const { page, consoleErrors, dialogs } = await visit(site.browser, site.url + "/segments" + hostile);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(consoleErrors, []);
  const defaults = await visit(site.browser, site.url + "/segments");
  assert.equal(await segmentSize(page), await segmentSize(defaults.page), "invalid parameters fall back to the default view");
  assert.equal(await page.locator("#observablehq-main img[src='x']").count(), 0);
  await defaults.page.context().close();
  await page.context().close();
});

test("the CSV download neutralises formula-like cells", async () => {
  const { page } = await visit(site.browser, site.url + "/segments");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download").click()]);
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  const csv = readFileSync(path!, "utf8");
  assert.match(csv.split("\r\n")[0], /^id,p,profit,/);
  for (const line of csv.split("\r\n").slice(1)) {
    for (const cell of line.split(",")) assert.doesNotMatch(cell, /^[=+@\t\r]/, `cell ${cell}`);
  }
  await page.context().close();
});
