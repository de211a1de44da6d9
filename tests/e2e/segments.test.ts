// The segment explorer: DuckDB-WASM answers the filters, hostile URL parameters are ignored (never
// executed, never reach SQL), the URL reproduces the view, and the CSV download is neutralised. Above
// its size limits the page aggregates: a density grid (one raster image) instead of points, the first rows of the table,
// a histogram for the economics — checked on a copy of the site with 20 000 customers.

import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { parse } from "csv-parse/sync";
import { builtJson, DIST, openSite, siteForTests, visit, waitForCells } from "./browser.js";
import { siteWithLargeTable } from "../../bench/large-table.js";
import "../helpers/npm-specifiers.js"; // lets the test load the offers' words (offer-words.ts uses "npm:d3" through format.ts) with import()

type Page = import("playwright-core").Page;

const site = siteForTests();

/** The live figures appear once DuckDB-WASM has answered (the first view before them is build-time). */
const live = (page: Page) => page.waitForSelector("#observablehq-main .kpis", { state: "attached", timeout: 120_000 });
const segmentSize = async (page: Page) => (await live(page), Number(await page.locator(".kpis").first().getAttribute("data-segment-size")));
const customers = async (page: Page) => (await live(page), Number(await page.locator(".kpis").first().getAttribute("data-customers")));
/** Every output that depends on the filters shows the same filter state. */
const filterKeys = async (page: Page) => new Set(await page.locator("#observablehq-main [data-filter-key]").evaluateAll((els) => els.map((el) => el.getAttribute("data-filter-key"))));

async function setProbability(page: Page, value: string) {
  await page.locator("#observablehq-main form input[type=range]").first().evaluate((el: HTMLInputElement, v: string) => {
    el.value = v;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
  await page.waitForFunction((v) => [...document.querySelectorAll("#observablehq-main [data-filter-key]")].every((el) => JSON.parse(el.getAttribute("data-filter-key")!)[0] === Number(v)), value, { timeout: 60_000 });
  await waitForCells(page);
}

/** Downloads a call list (the whole segment, or with `profitable` only the profitable part): its text and file name. */
async function downloadFile(page: Page, profitable = false): Promise<{ text: string; name: string }> {
  const link = profitable ? page.locator("a.download.download-profitable") : page.locator("a.download:not(.download-profitable)");
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), link.click()]);
  return { text: readFileSync((await download.path())!, "utf8"), name: download.suggestedFilename() };
}
const downloadCsv = async (page: Page) => (await downloadFile(page)).text;
/** The call list as Russian-locale Excel reads it: «;» between cells, a BOM, a header line. */
const parseExcelRu = (csv: string): Record<string, string>[] => parse(csv, { delimiter: ";", bom: true, columns: true });
/** A number as Russian Excel reads it (decimal comma). */
const ruNumber = (cell: string) => Number(cell.replace(",", "."));

function assertNeutralised(csv: string) {
  for (const line of csv.replace(/^\uFEFF/, "").split("\r\n").slice(1)) {
    for (const cell of line.split(";")) assert.doesNotMatch(cell, /^[=+@\t\r]/, `cell ${cell}`);
  }
}

test("filters update the segment live, and the URL reproduces the view", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/segments");
  const initial = await segmentSize(page);
  assert.ok(initial > 0, "the default segment is not empty");
  await setProbability(page, "0.2");
  const wider = await segmentSize(page);
  assert.ok(wider > initial, `a lower probability threshold widens the segment (${initial} → ${wider})`);
  assert.equal((await filterKeys(page)).size, 1, "every chart, the table and the download show the same filter");
  const url = page.url();
  assert.match(url, /[?&]p=0\.2/);
  const again = await visit(site.browser, url);
  assert.equal(await segmentSize(again.page), wider, "the link reproduces the view");
  assert.deepEqual(consoleErrors, []);
  await again.page.context().close();
  await page.context().close();
});

test("the default segment is the one the analysis reports (single-precision thresholds included)", async () => {
  const { page } = await visit(site.browser, site.url + "/segments");
  const profile = builtJson("segment_profile");
  assert.equal(await segmentSize(page), profile.size);
  const kpi = await page.locator(".kpis .card").nth(1).locator(".big").textContent();
  const expected = new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(profile.profit);
  assert.equal(kpi?.replace(/\s/g, ""), expected.replace(/\s/g, ""), "segment profit to the shown precision");
  await page.context().close();
});

test("small data: every customer is a point, the table and CSV hold the whole segment", async () => {
  const { page } = await visit(site.browser, site.url + "/segments");
  const total = await customers(page);
  assert.ok(total <= 5000);
  const scatter = page.locator("#observablehq-main figure").filter({ hasText: "в выбранном квадранте" }).first();
  assert.equal(await scatter.locator(":scope > svg:last-of-type circle").count(), total, "one circle per customer");
  assert.equal(await page.locator(".table-note").count(), 0, "no row limit note");
  const csv = await downloadCsv(page);
  assert.equal(csv.trimEnd().split("\r\n").length - 1, await segmentSize(page), "one CSV line per segment customer");
  await page.context().close();
});

test("categorical filters: the page filters by the data's own levels and shows their names", async () => {
  // The truth: the built site's own customer table, read here with apache-arrow.
  const arrowFile = readdirSync(join(DIST, "_file", "data", "analysis")).find((f) => f.startsWith("customers.") && f.endsWith(".arrow"))!;
  const table = tableFromIPC(readFileSync(join(DIST, "_file", "data", "analysis", arrowFile)));
  const column = (name: string) => Array.from(table.getChild(name)!) as unknown[];
  const [id, p, profit, service, consent, category, offer1] = ["id", "p", "profit", "service", "consent", "category", "offer1"].map(column);
  const thresholds = builtJson("segments");
  const services = [...new Set(service)].sort() as string[];
  const rarest = services.reduce((a, b) => (service.filter((s) => s === b).length < service.filter((s) => s === a).length ? b : a));
  const expected = new Map<number, number>();
  id.forEach((value, i) => {
    const inside = (p[i] as number) >= Math.fround(thresholds.probability) && (profit[i] as number) >= Math.fround(thresholds.profit) && consent[i] === "нет" && service[i] === rarest;
    if (inside) expected.set(Number(value), i);
  });
  assert.ok(expected.size > 0, "a non-empty segment to compare");
  const { page, consoleErrors } = await visit(site.browser, `${site.url}/segments?service=${encodeURIComponent(rarest)}&consent=${encodeURIComponent("нет")}`);
  assert.equal(await segmentSize(page), expected.size);
  const csv = parseExcelRu(await downloadCsv(page));
  assert.deepEqual(csv.map((r) => Number(r["Покупатель"])).sort((a, b) => a - b), [...expected.keys()].sort((a, b) => a - b), "the CSV holds exactly the segment");
  const { OFFER_TEXTS } = await import("../../src/components/offer-words.js");
  const titles = new Map<string, string>(OFFER_TEXTS.map((o) => [o.type, o.title]));
  for (const row of csv) {
    const i = expected.get(Number(row["Покупатель"]))!;
    assert.equal(row["Согласие на рассылки"], "нет");
    assert.equal(row["Любимая категория"], category[i], `category of customer ${row["Покупатель"]}`);
    assert.equal(row["Первое предложение"], offer1[i] ? titles.get(offer1[i] as string) : "", `first offer of customer ${row["Покупатель"]}`);
    assert.equal(row["Канал"], offer1[i] ? "на сайте" : "", "without consent every offer is on the site");
  }
  // The table's channel comes from the decoded consent: without consent, every offer is on the site.
  const channels = await page.locator(".segment-table table tbody tr td").filter({ hasText: /^(на сайте|рассылка)$/ }).allTextContents();
  assert.ok(channels.length > 0 && channels.every((c) => c === "на сайте"), "the table shows names, not codes");
  assert.deepEqual(consoleErrors, []);
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
  const csv = await downloadCsv(page);
  assert.match(csv.split("\r\n")[0], /^\uFEFFПокупатель;Вероятность снижения активности;Прибыль в месяц;/);
  assertNeutralised(csv);
  const [, p, profit] = csv.split("\r\n")[1].split(";");
  assert.ok(p.length <= 12 && ruNumber(p) >= 0 && ruNumber(p) <= 1, `p in its shortest single-precision form: ${p}`);
  assert.match(profit, /^\d+(,\d{1,2})?$/, `profit as in the exports, with a decimal comma: ${profit}`);
  await page.context().close();
});

test("above the size limits the page aggregates: density grid, first rows of the table, binned economics, full CSV", async () => {
  const dir = mkdtempSync(join(tmpdir(), "segments-large-"));
  const out = join(dir, "site");
  siteWithLargeTable(DIST, 20_000, out);
  const big = await openSite(out);
  try {
    const { page, consoleErrors } = await visit(big.browser, big.url + "/segments");
    assert.equal(await customers(page), 20_000);
    const scatter = page.locator("#observablehq-main figure").filter({ hasText: "в выбранном квадранте" }).first();
    assert.equal(await scatter.locator("circle").count(), 0, "no point per customer");
    assert.equal(await scatter.locator(":scope > svg:last-of-type image").count(), 1, "the density grid is one raster image");
    assert.ok((await scatter.locator(":scope > svg:last-of-type *").count()) < 500, "a small SVG, whatever the number of customers");
    await setProbability(page, "0.1");
    const size = await segmentSize(page);
    assert.ok(size > 2000, `a wide segment: ${size}`);
    assert.equal(await page.locator(".table-note").getAttribute("data-rows-shown"), "2000");
    assert.match((await page.locator(".table-note").textContent()) ?? "", /Показаны 2\s000 покупателей/);
    assert.match((await page.locator("#observablehq-main figure").filter({ hasText: "Охвачено покупателей" }).textContent()) ?? "", /интервалам ожидаемых потерь/);
    const csv = await downloadCsv(page);
    assert.equal(csv.trimEnd().split("\r\n").length - 1, size, "the CSV holds the whole segment");
    assertNeutralised(csv);
    assert.equal((await filterKeys(page)).size, 1);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  } finally {
    await big.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
