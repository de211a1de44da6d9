// The segments page as the analyst uses it: the first view before DuckDB-WASM (its WebAssembly
// blocked), the call lists as Russian Excel reads them, a decimal comma in the number boxes, tables
// that fit and print, the empty segment, and the assumptions and the models threshold in the URL.

import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { builtJson, siteForTests, visit, waitForCells } from "./browser.js";

type Page = import("playwright-core").Page;

const site = siteForTests();

const digits = (text: string | null) => (text ?? "").replace(/[\s\u202f\u00a0]/g, "");
const ru = (x: number, d = 1) => new Intl.NumberFormat("ru-RU", { maximumFractionDigits: d }).format(x).replace(/[\s\u202f\u00a0]/g, "");
const filterP = (page: Page) => page.locator(".kpis").first().getAttribute("data-filter-key").then((k) => JSON.parse(k!)[0] as number);
/** Opens /segments and waits for the live figures (DuckDB-WASM ready; slow on a loaded machine). */
async function visitLive(url: string) {
  const visited = await visit(site.browser, url);
  await visited.page.waitForSelector("#observablehq-main .kpis", { state: "attached", timeout: 120_000 });
  await waitForCells(visited.page);
  return visited;
}
const segmentSize = async (page: Page) => Number(await page.locator(".kpis").first().getAttribute("data-segment-size"));

test("before DuckDB-WASM has loaded (its WebAssembly blocked), the opening sentence, KPIs and a chart show the default segment", async () => {
  const profile = builtJson("segment_profile");
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  let blocked = 0;
  await context.route(/\.wasm(\?|$)/, (route) => (blocked++, route.abort()));
  const page = await context.newPage();
  await page.goto(site.url + "/segments");
  const lead = page.locator("#observablehq-main p.lead");
  await lead.waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => !document.querySelector("#observablehq-main p.lead observablehq-loading"));
  const text = digits(await lead.textContent());
  assert.ok(text.includes(`—${profile.size}`) || text.includes(String(profile.size)), `the default segment's size ${profile.size} in «${text}»`);
  assert.ok(text.includes(ru(profile.profit)), `its profit ${ru(profile.profit)} in «${text}»`);
  assert.ok(text.includes(ru(profile.expected_loss)), `its expected loss in «${text}»`);
  const preview = page.locator("[data-preview]");
  assert.ok(await preview.isVisible(), "the build-time first view is shown");
  assert.equal(digits(await preview.locator(".card .big").first().textContent()), String(profile.size));
  assert.ok((await preview.locator("svg rect").count()) > 0, "its chart is drawn");
  assert.match((await preview.locator(".loading-note").textContent()) ?? "", /загружаются/, "a quiet loading note says what is coming");
  await page.waitForFunction(() => true);
  for (let i = 0; i < 100 && blocked === 0; i++) await page.waitForTimeout(200);
  assert.ok(blocked > 0, "the wasm request was made and blocked");
  await page.waitForTimeout(1000);
  assert.ok(await preview.isVisible(), "the first view stays when the database cannot start");
  assert.equal(await page.locator("#observablehq-main .kpis").count(), 0, "no live figures without the database");
  await context.close();
});

test("with the database, the live figures take over from the first view", async () => {
  const { page, consoleErrors } = await visitLive(site.url + "/segments");
  assert.equal(await page.locator("[data-preview]").isVisible(), false);
  assert.equal(await segmentSize(page), builtJson("segment_profile").size);
  assert.equal(await page.locator("#observablehq-main observablehq-loading:visible").count(), 0, "no spinners");
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test("the call lists open in Russian Excel: BOM, «;», decimal comma, Russian headers, channel, a telling file name; «только выгодные» is the best cut-off", async () => {
  const { page } = await visitLive(site.url + "/segments");
  const size = await segmentSize(page);
  const take = async (profitable: boolean) => {
    const link = page.locator(profitable ? "a.download.download-profitable" : "a.download:not(.download-profitable)");
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), link.click()]);
    return { text: readFileSync((await download.path())!, "utf8"), name: download.suggestedFilename() };
  };
  const whole = await take(false);
  assert.ok(whole.text.startsWith("\uFEFF"), "UTF-8 with a byte-order mark");
  const rows: Record<string, string>[] = parse(whole.text, { delimiter: ";", bom: true, columns: true });
  assert.equal(rows.length, size);
  const headers = Object.keys(rows[0]);
  assert.deepEqual(headers.slice(0, 6), ["Покупатель", "Вероятность снижения активности", "Прибыль в месяц", "Ожидаемые потери в месяц", "Первое предложение", "Канал"]);
  for (const h of headers) assert.doesNotMatch(h, /^[a-z0-9_]+$/, `Russian header, not ${h}`);
  for (const row of rows) {
    assert.match(row["Вероятность снижения активности"], /^0(,\d+)?$|^1$/, "decimal comma");
    assert.ok(["рассылка", "на сайте", ""].includes(row["Канал"]));
    assert.doesNotMatch(row["Первое предложение"] + row["Все подходящие предложения"], /[a-z]+_[a-z]+/, "offer titles, not type codes");
  }
  const today = new Date().toISOString().slice(0, 10);
  assert.match(whole.name, new RegExp(`^сегмент_p0,6_прибыль[\\d,]+_${today}\\.csv$`));
  const best = await take(true);
  const profitable: Record<string, string>[] = parse(best.text, { delimiter: ";", bom: true, columns: true });
  const title = (await page.locator("#observablehq-main figure").filter({ hasText: "Охвачено покупателей" }).locator("h2").textContent()) ?? "";
  const bestN = Number(digits(title).match(/охватить(\d+)/)?.[1]);
  assert.equal(profitable.length, bestN, `the best cut-off of the economics (${title})`);
  assert.ok(profitable.length > 0 && profitable.length <= size);
  for (const row of profitable) {
    const p = Number(row["Вероятность снижения активности"].replace(",", ".")), profit = Number(row["Прибыль в месяц"].replace(",", "."));
    assert.ok(p * 0.2 * profit * 3 - 0.5 > 0, "every listed offer pays off at the default assumptions");
  }
  assert.match(best.name, /^выгодные_/);
  await page.context().close();
});

test("typing «0,7» into the probability box gives p = 0.7; an invalid entry is marked and changes nothing", async () => {
  const { page } = await visitLive(site.url + "/segments");
  const box = page.locator("#observablehq-main form.decimal-range input[type=text]").first();
  await box.fill("0,7");
  await box.press("Enter");
  await page.waitForFunction(() => JSON.parse(document.querySelector(".kpis")!.getAttribute("data-filter-key")!)[0] === 0.7, undefined, { timeout: 30_000 });
  await waitForCells(page);
  assert.equal(await filterP(page), 0.7);
  assert.match(page.url(), /[?&]p=0\.7(&|$)/);
  const size = await segmentSize(page);
  await box.fill("0,7,5");
  await box.press("Enter");
  await page.waitForTimeout(800);
  assert.equal(await box.getAttribute("aria-invalid"), "true");
  assert.match((await page.locator("#observablehq-main .decimal-range-note").first().textContent()) ?? "", /Не число: фильтр остаётся 0,7/);
  assert.equal(await filterP(page), 0.7, "the filter keeps its last valid value");
  assert.equal(await segmentSize(page), size);
  await box.fill("7");
  await box.press("Enter");
  await page.waitForTimeout(800);
  assert.equal(await filterP(page), 0.7, "out of range is refused, not clamped");
  await page.context().close();
});

test("tables fit their column at 1280 px, key columns first; print shows the segment table", async () => {
  const { page } = await visitLive(site.url + "/segments");
  const main = await page.locator("#observablehq-main").boundingBox();
  for (const table of await page.locator("#observablehq-main table").all()) {
    const box = await table.boundingBox();
    if (box) assert.ok(box.x + box.width <= main!.x + main!.width + 1, `a table ends at ${box.x + box.width}, its column at ${main!.x + main!.width}`);
  }
  const headers = await page.locator(".segment-table thead th").allTextContents();
  assert.deepEqual(headers.slice(1, 6).map((h) => h.trim()), ["Покупатель", "Вероятность снижения", "Прибыль в месяц", "Первое предложение", "Канал"]);
  assert.equal(await page.locator("#observablehq-toc").count(), 0, "no table of contents stealing the width");
  await page.emulateMedia({ media: "print" });
  const table = page.locator(".segment-table table");
  assert.ok(await table.isVisible(), "the segment table prints");
  assert.ok((await table.locator("tbody tr").count()) > 0);
  await page.context().close();
});

test("an empty segment shows an empty state, not a ranked difference", async () => {
  const { page, consoleErrors } = await visitLive(site.url + "/segments?p=1&profit=1000000");
  assert.equal(await segmentSize(page), 0);
  assert.ok((await page.locator("[data-empty=segment]").count()) >= 1);
  assert.equal(await page.locator("#observablehq-main figure").filter({ hasText: "п. п." }).count(), 0, "no share chart of an empty segment");
  assert.equal(await page.locator("a.download").count(), 0, "nothing to download");
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test("the economics assumptions and the models threshold live in the URL", async () => {
  const { page } = await visitLive(site.url + "/segments?cost=1&share=0.3&horizon=6");
  const subtitle = (await page.locator("#observablehq-main figure").filter({ hasText: "Охвачено покупателей" }).textContent()) ?? "";
  assert.match(subtitle, new RegExp(/предложение стоит 1; удерживает 30 % тех, кто ушёл бы; удержанный приносит свою прибыль 6 мес/.source.replace(/ /g, "[\\s\\u202f]")));
  const cost = page.locator("#observablehq-main form.decimal-range").filter({ hasText: "Стоимость предложения" }).locator("input[type=text]");
  await cost.fill("0,75");
  await cost.press("Enter");
  await page.waitForFunction(() => location.search.includes("cost=0.75"), undefined, { timeout: 30_000 });
  assert.match(page.url(), /share=0\.3/);
  const models = await visit(site.browser, site.url + "/models?threshold=0.45");
  assert.match((await models.page.locator("#observablehq-main").textContent()) ?? "", /При пороге 0,45/);
  const hostile = await visit(site.browser, site.url + "/models?threshold=%3Cscript%3E");
  assert.deepEqual(hostile.consoleErrors, []);
  await hostile.page.context().close();
  await models.page.context().close();
  await page.context().close();
});
