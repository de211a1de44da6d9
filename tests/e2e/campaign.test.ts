// The campaign loop in the browser: a campaign designed on /segments downloads a campaign.csv that
// `npm run campaign` reproduces byte for byte; without a campaign the results page says how to run one;
// with a planted demo campaign it shows the measured effect and the overview links to it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSite, openSite, siteForTests, visit } from "./browser.js";
import { commandOptions, exportCampaign } from "./campaign-helpers.js";
import { campaignCsv } from "../../src/components/campaign-csv.js";
import { designFromFolder } from "../../src/cli/campaign.js";
import { dataDirFromEnv } from "../../src/io/read-exports.js";

const site = siteForTests();

test("a campaign designed on /segments is the file `npm run campaign` writes, byte for byte", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/segments");
  assert.ok(Number(await page.locator(".campaign-power").getAttribute("data-campaign-n")) > 0, "the default segment has customers with offers");
  const { bytes, command } = await exportCampaign(page, { created: "2026-12-03", seed: 42 });
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 byte-order mark");
  assert.match(bytes.toString("utf8"), /^\uFEFFid;group;offer;channel;p;segment;seed;created\r\n/);
  const cli = campaignCsv(await designFromFolder(dataDirFromEnv(), commandOptions(command)));
  assert.ok(Buffer.from(cli, "utf8").equals(bytes), "the CLI reproduces the page's file");
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test("without a campaign the results page explains how to run one", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/campaign");
  assert.match(await page.locator(".campaign-none").textContent() ?? "", /campaign\.csv/);
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test("a demo campaign with a planted effect is measured, explained and linked from the overview", { timeout: 30 * 60_000 }, async () => {
  const root = resolve(import.meta.dirname, "..", "..");
  const work = mkdtempSync(join(tmpdir(), "e2e-campaign-"));
  try {
    const data = join(work, "data");
    const made = spawnSync("npx", ["tsx", "src/cli/generate-demo.ts", "--campaign-effect", "0.3", "--out", data], { cwd: root, encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    const { status, output } = buildSite(data, join(work, "dist"));
    assert.equal(status, 0, output);
    const other = await openSite(join(work, "dist"));
    try {
      const { page, consoleErrors } = await visit(other.browser, other.url + "/campaign");
      assert.equal(await page.locator("[data-verdict]").getAttribute("data-verdict"), "помогла");
      assert.ok((await page.locator("#observablehq-main svg").count()) >= 4, "uplift, Qini, expected-vs-measured and economics charts");
      assert.deepEqual(consoleErrors, []);
      const index = await visit(other.browser, other.url + "/");
      assert.equal(await index.page.locator("p.campaign-summary a[href='./campaign']").count(), 1);
      await index.page.context().close();
      await page.context().close();
    } finally {
      await other.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
