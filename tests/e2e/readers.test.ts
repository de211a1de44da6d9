// The report for its readers (issue 15): the index's «Что это даст» card from the build-time artifact, the
// importance page's searchable customer picker (never another customer in place of an unknown id) and its
// what-if colours, the data page's readable headers and Russian-formatted raw values, and print on every page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import config from "../../observablehq.config.js";
import { builtJson, siteForTests, visit, waitForCells } from "./browser.js";
import { DEFAULT_ASSUMPTIONS } from "../../src/analysis/segments/economics.js";

const site = siteForTests();

const squash = (text: string | null) => (text ?? "").replace(/[\s\u202f\u00a0]+/g, " ").trim();
const ru = (x: number, d: number) => new Intl.NumberFormat("ru-RU", { maximumFractionDigits: d }).format(x).replace(/[\s\u202f\u00a0]/g, " ").replace("-", "−");

test("index: «Что это даст» shows the build's expected profit kept per month, its range and the default assumptions", async () => {
  const kept = builtJson("segment_profile").kept_profit;
  assert.deepEqual(kept.assumptions, DEFAULT_ASSUMPTIONS, "the artifact uses the one definition of the defaults");
  const { page, consoleErrors } = await visit(site.browser, site.url + "/");
  const card = page.locator(".card.kept-profit");
  assert.equal(await card.count(), 1);
  const text = squash(await card.textContent());
  assert.match(text, /Что это даст/);
  if (kept.targeted > 0) {
    assert.equal(squash(await card.locator(".big").textContent()), `+${ru(kept.expected_per_month, 0)}`);
    for (const bound of kept.range_per_month as number[]) assert.ok(text.includes(ru(bound, 0)), `the range bound ${bound} is on the card: ${text}`);
    assert.ok(text.includes(`${ru(kept.targeted, 0)} покупател`), "the campaign's size is stated");
  }
  const { costPerOffer, retainedShare, horizonMonths } = DEFAULT_ASSUMPTIONS;
  assert.ok(text.includes(`стоит ${ru(costPerOffer, 2)}`), `the cost per offer is stated: ${text}`);
  assert.ok(text.includes(`${ru(retainedShare * 100, 0)} %`), "the retained share is stated");
  assert.ok(text.includes(`${horizonMonths} месяц`), "the horizon is stated");
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test("importance: the picker lists id, probability and segment, and an unknown id says so instead of showing another customer", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/importance");
  const shap = builtJson("shap_page");
  const input = page.locator("form.customer-picker input[type=text]");
  assert.equal(await input.count(), 1, "one customer picker");
  const options = await page.locator("form.customer-picker datalist option").evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: (o as HTMLOptionElement).label })));
  assert.equal(options.length, shap.ids.length, "every customer the page has is in the list");
  for (const o of options.slice(0, 20)) {
    assert.match(o.label, new RegExp(`^${o.value} — \\d+(,\\d)?\\s%, (в зоне риска, высокая прибыль|в зоне риска, прибыль ниже медианы|низкий риск)$`), o.label);
  }
  // A known id from the list applies.
  const known = options[options.length - 1].value;
  await input.fill(known);
  await page.waitForFunction((id) => document.querySelector(".whatif-result")?.getAttribute("data-customer") === id, known);
  // An unknown id: a clear message, and no customer's explanation or what-if in its place.
  const unknown = String(Math.max(...shap.ids) + 1000);
  await input.fill(unknown);
  await input.press("Enter");
  await waitForCells(page);
  const message = page.locator(".picker-missing");
  assert.equal(await message.count(), 1, "an unknown id is named as unknown");
  assert.match(squash(await message.textContent()), new RegExp(`${unknown}.*нет среди`));
  assert.equal(await page.locator(".whatif-result").count(), 0, "no other customer's what-if is shown");
  assert.equal(await page.locator('#observablehq-main h2:text-matches("^Покупатель \\\\d+")').count(), 0, "no other customer's waterfall is shown");
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test("importance: the what-if result takes the raises/lowers-risk pair, never a class colour; the waterfall keeps units and folds the rest", async () => {
  const { page } = await visit(site.browser, site.url + "/importance");
  const classColours = ["rgb(213, 94, 0)", "rgb(0, 114, 178)"];
  const colour = () => page.locator(".whatif-result .big").evaluate((el) => getComputedStyle(el).color);
  assert.ok(!classColours.includes(await colour()), "unchanged: not a class colour");
  for (const end of ["max", "min"] as const) {
    await page.locator("#observablehq-main form input[type=range]").first().evaluate((el: HTMLInputElement, to) => {
      el.value = to === "max" ? el.max : el.min;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }, end);
    await waitForCells(page);
    const shown = await colour();
    assert.ok(!classColours.includes(shown), `the what-if number is drawn in a class colour (${shown})`);
    const cls = await page.locator(".whatif-result .big").getAttribute("class");
    if (/raises/.test(cls ?? "")) assert.equal(shown, "rgb(204, 121, 167)");
    if (/lowers/.test(cls ?? "")) assert.equal(shown, "rgb(0, 158, 115)");
  }
  const labels = await page.locator("#observablehq-main figure svg text").allTextContents();
  assert.ok(labels.some((t) => /^ещё \d+ признак/.test(t.trim())), "the rest of the features are folded into «ещё N признаков»");
  assert.ok(labels.some((t) => /[+−]\d+(,\d+)?\s?(%|п\.)/.test(t) || /[+−]\d+,\d+/.test(t)), "the shifts keep their sign and unit");
  await page.context().close();
});

test("data: the merged table's headers are the readable labels, whole; raw values in the correction tables are in Russian format", async () => {
  const { page, consoleErrors } = await visit(site.browser, site.url + "/data");
  const preview = builtJson("customers_preview");
  // The readable labels, read from format.ts's source (its npm: imports are for the browser, not this runner).
  const source = readFileSync(join(import.meta.dirname, "..", "..", "src", "components", "format.ts"), "utf8");
  const COLUMN_LABELS: Record<string, { label: string }> = Object.fromEntries([...source.matchAll(/^\s*"?([^"\s:]+(?: [^"\s:]+)*)"?: \{ label: "([^"]+)"/gm)].map((m) => [m[1], { label: m[2] }]));
  assert.equal(COLUMN_LABELS["Разрешить сообщать"]?.label, "Согласие на рассылки", "the labels are read from format.ts");
  const merged = page.locator("#observablehq-main .customer-table").last();
  const headers = await merged.locator("thead th").evaluateAll((ths) => ths.map((th) => ({ text: (th.textContent ?? "").trim(), cut: th.scrollWidth > th.clientWidth + 1 })));
  const named = headers.filter((h) => h.text);
  for (const column of preview.columns as string[]) {
    const want = COLUMN_LABELS[column]?.label ?? column;
    const h = named.find((x) => x.text === want);
    assert.ok(h, `the merged table has the header «${want}» (headers: ${named.map((x) => x.text).join(" | ")})`);
    assert.ok(!h!.cut, `the header «${want}» is cut`);
  }
  // Correction tables: «Было»/«Стало» numbers in Russian format (no decimal point), «Столбец» by its readable name.
  const columns = await page.locator("#observablehq-main table").evaluateAll((tables) =>
    tables.flatMap((t) => {
      const heads = [...t.querySelectorAll("thead th")].map((th) => (th.textContent ?? "").trim());
      return [...t.querySelectorAll("tbody tr")].flatMap((tr) => [...tr.querySelectorAll("td")].map((td, i) => ({ head: heads[i] ?? "", text: (td.textContent ?? "").trim() })));
    }),
  );
  const dotted = columns.filter((c) => (c.head === "Было" || c.head === "Стало") && /^-?\d+\.\d+$/.test(c.text));
  assert.deepEqual(dotted, [], "raw numbers with a decimal point in the correction tables");
  assert.ok(columns.some((c) => c.head === "Было" && /^\d{1,3}(\s\d{3})*,\d+$/.test(c.text.replace(/[\u202f\u00a0]/g, " "))) || !columns.some((c) => c.head === "Было" && /^\d/.test(c.text)), "a numeric raw value is written like 106 862,2");
  const rawNames = columns.filter((c) => c.head === "Столбец" && /_/.test(c.text));
  assert.deepEqual(rawNames, [], "raw column names in the «Столбец» cells");
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

const paths = ["/", ...config.pages.map((p) => p.path)];
for (const path of paths) {
  test(`print ${path}: tables whole, filters shown, headings kept with what follows, footer printed, nothing wider than A4`, async () => {
    const { page, consoleErrors } = await visit(site.browser, site.url + path);
    if (path === "/segments") await page.waitForSelector("#observablehq-main .kpis", { state: "attached", timeout: 120_000 });
    await waitForCells(page);
    // Ctrl+P fires beforeprint while the screen layout still applies: every table then draws all its rows.
    const drawn = await page.evaluate(() => {
      window.dispatchEvent(new Event("beforeprint"));
      return [...document.querySelectorAll("#observablehq-main form.inputs-3a86ea-table")].map((f) => ({
        rows: f.querySelectorAll("tbody tr").length,
        of: ((f as HTMLFormElement & { value: unknown[] }).value ?? []).length, // no row selected: its value is every row
      }));
    });
    assert.deepEqual(drawn.filter((t) => t.rows !== t.of), [], `${path}: every table draws all its rows for print`);
    await page.emulateMedia({ media: "print" });
    // A4 at the default margins: about 718 CSS px of printable width.
    await page.setViewportSize({ width: 718, height: 1000 });
    await page.waitForTimeout(300);
    const report = await page.evaluate(() => {
      const main = document.querySelector("#observablehq-main")!;
      const right = main.getBoundingClientRect().right;
      // An element on a landscape page (CSS `page: wide`, @page wide { size: A4 landscape }) has about 1047 px.
      const left = main.getBoundingClientRect().left;
      const wide = [...main.querySelectorAll("table, svg, figure, pre, .card")]
        .filter((el) => !el.parentElement?.closest("svg"))
        .map((el) => {
          let landscape = false; // (no named helper: the page cannot see the test runner's __name)
          for (let e: Element | null = el; e; e = e.parentElement) if (getComputedStyle(e).getPropertyValue("page") === "wide") landscape = true;
          const box = el.getBoundingClientRect();
          return { tag: el.tagName.toLowerCase(), text: (el.textContent ?? "").slice(0, 40), width: box.width, right: box.right, limit: landscape ? 1047 : Math.max(right - left, 718 - left) };
        })
        .filter((b) => b.width > 0 && b.right - left > b.limit + 1);
      const hiddenTables = [...main.querySelectorAll("form.inputs-3a86ea-table, .inputs-3a86ea-table")].filter((f) => {
        const s = getComputedStyle(f);
        return s.display === "none" || (f as HTMLElement).scrollHeight > (f as HTMLElement).clientHeight + 2;
      }).length;
      const tables = main.querySelectorAll("table").length;
      const footer = document.querySelector("#observablehq-footer");
      const headings = [...main.querySelectorAll("h2, h3")].filter((h) => !h.closest("figure, svg")).map((h) => getComputedStyle(h).breakAfter);
      const filters = [...main.querySelectorAll("form")].filter((f) => !f.classList.contains("inputs-3a86ea-table")).filter((f) => getComputedStyle(f).display === "none").length;
      return {
        wide,
        hiddenTables,
        tables,
        footer: footer ? { shown: getComputedStyle(footer).display !== "none", text: footer.textContent ?? "" } : null,
        headings,
        filters,
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    assert.ok(report.footer?.shown, `${path}: the footer prints`);
    assert.match(report.footer!.text, /\d{4}/, "the footer names the build date");
    assert.equal(report.hiddenTables, 0, `${path}: every table prints whole (no hidden or scrolled table)`);
    assert.equal(report.filters, 0, `${path}: the filters and inputs print`);
    assert.ok(report.headings.every((b) => b === "avoid"), `${path}: headings stay with what follows (${report.headings.join(", ")})`);
    assert.deepEqual(report.wide, [], `${path}: nothing wider than the A4 column`);
    assert.ok(report.scroll <= 1, `${path}: the printed page is ${report.scroll} px wider than A4`);
    const pdf = await page.pdf({ format: "A4" });
    assert.ok(pdf.length > 1000);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });
}
