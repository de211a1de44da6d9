// Every page renders its charts with no console errors and no request to any host but our own.

import { test } from "node:test";
import assert from "node:assert/strict";
import config from "../../observablehq.config.js";
import { siteForTests, visit } from "./browser.js";

const paths = ["/", ...config.pages.map((p) => p.path)];
const site = siteForTests();

for (const path of paths) {
  test(`page ${path} renders its charts, offline-clean`, async () => {
    const { page, consoleErrors, foreignRequests } = await visit(site.browser, site.url + path);
    assert.deepEqual(consoleErrors, [], "no console errors");
    assert.deepEqual(foreignRequests, [], "no requests to third-party hosts");
    const errors = await page.locator(".observablehq--error").allTextContents();
    assert.deepEqual(errors, [], "no cell errors");
    const title = await page.title();
    assert.match(title, /«В один клик»/, "the config's title is used");
    const footer = await page.locator("#observablehq-footer").textContent();
    assert.match(footer ?? "", /Отчёт собран .* из папки «[^»]+» \(строк: market_file\.csv/);
    // /changes has nothing to draw without a previous report (tests/e2e/changes.test.ts); the campaign page without a
    // measured campaign is text only: how to run one.
    if (path !== "/" && path !== "/changes" && (await page.locator(".campaign-none").count()) === 0) {
      // Waits for the first one (a loaded CI machine can take a while), then counts.
      const drawn = page.locator("#observablehq-main svg, #observablehq-main table");
      await drawn.first().waitFor({ timeout: 30_000 }).catch(() => {});
      assert.ok((await drawn.count()) > 0, "at least one chart or table rendered");
    }
    assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').count(), 1, "a CSP meta tag");
    const sidebar = await page.locator("#observablehq-sidebar").textContent();
    for (const p of config.pages) assert.ok(sidebar?.includes(p.name), `sidebar lists ${p.name}`);
    await page.context().close();
  });
}

test("the page works on a 360 px phone and in the dark theme", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/data", { width: 360, colorScheme: "dark" });
  assert.deepEqual(consoleErrors, []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no horizontal page scroll at 360 px (overflow ${overflow}px)`);
  await page.context().close();
});
