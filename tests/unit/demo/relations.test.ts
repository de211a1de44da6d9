// The demo must read like the real report: the same class balance and the same features pointing the same
// way. Thresholds are bands around the intended effect, wide enough for sampling noise at these sizes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateDemoCustomers, generateDemoFiles } from "../../../src/analysis/demo/generate.js";
import { feature, isPositive, mean, parseDemo, rocAuc } from "./helpers.js";

const files = generateDemoFiles({ customers: 6000, seed: 4242 });
const parsed = parseDemo(files);
// The planted zero-revenue and outlier customers would distort revenue comparisons; drop them as the report does.
const clean = parsed.rows.filter((r) => {
  const rev = parsed.revenue.get(Number(r.id))!;
  return Object.values(rev).every((v) => v > 0) && rev["текущий_месяц"] < 30_000;
});
const pos = clean.filter(isPositive);
const neg = clean.filter((r) => !isPositive(r));
const values = (rows: typeof clean, name: string) => rows.map((r) => feature(parsed, r, name));
/** AUC of «Снизилась» vs «Прежний уровень» for one feature; < 0.5 means lower values in «Снизилась». */
const auc = (name: string) => rocAuc(values(pos, name), values(neg, name));

test("about 38% of customers are «Снизилась»", () => {
  const share = parsed.rows.filter(isPositive).length / parsed.rows.length;
  assert.ok(share > 0.37 && share < 0.4, `share ${share}`);
});

test("declining customers browse less, buy more on promo and leave more unpaid", () => {
  assert.ok(mean(values(pos, "Страниц_за_визит")) < mean(values(neg, "Страниц_за_визит")) - 2.5);
  assert.ok(mean(values(pos, "Минут_предыдущий_месяц")) < mean(values(neg, "Минут_предыдущий_месяц")) - 2.5);
  assert.ok(mean(values(pos, "Акционные_покупки")) > mean(values(neg, "Акционные_покупки")) + 0.1);
  assert.ok(mean(values(pos, "Неоплаченные_продукты_штук_квартал")) > mean(values(neg, "Неоплаченные_продукты_штук_квартал")) + 0.6);
});

test("informative features separate the classes as strongly as in the real data, no more", () => {
  const bands: [string, number, number][] = [
    // [feature, lowest, highest] single-feature AUC; the real export's values fall inside each band.
    ["Страниц_за_визит", 0.1, 0.25],
    ["Минут_предыдущий_месяц", 0.14, 0.27],
    ["Минут_текущий_месяц", 0.18, 0.32],
    ["Средний_просмотр_категорий_за_визит", 0.22, 0.35],
    ["Маркет_актив_6_мес", 0.2, 0.33],
    ["Выручка_препредыдущий_месяц", 0.22, 0.35],
    ["Акционные_покупки", 0.68, 0.83],
    ["Неоплаченные_продукты_штук_квартал", 0.6, 0.75],
  ];
  for (const [name, lo, hi] of bands) {
    const a = auc(name);
    assert.ok(a > lo && a < hi, `${name}: AUC ${a.toFixed(3)} outside (${lo}, ${hi})`);
  }
});

test("uninformative columns stay uninformative", () => {
  for (const name of ["Прибыль", "Маркет_актив_тек_мес"]) {
    const a = auc(name);
    assert.ok(Math.abs(a - 0.5) < 0.04, `${name}: AUC ${a.toFixed(3)}`);
  }
});

test("revenue rises month over month and its last two months move together", () => {
  const pp = mean(clean.map((r) => feature(parsed, r, "Выручка_препредыдущий_месяц")));
  const p = mean(clean.map((r) => feature(parsed, r, "Выручка_предыдущий_месяц")));
  const c = mean(clean.map((r) => feature(parsed, r, "Выручка_текущий_месяц")));
  assert.ok(pp < p && p < c, `${pp} ${p} ${c}`);
  const x = clean.map((r) => feature(parsed, r, "Выручка_предыдущий_месяц"));
  const y = clean.map((r) => feature(parsed, r, "Выручка_текущий_месяц"));
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i] - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  const corr = sxy / Math.sqrt(sxx * syy);
  assert.ok(corr > 0.75 && corr < 0.95, `corr ${corr}`);
});

test("classes overlap: some decliners look like retained customers", () => {
  // Without overlap a classifier would be trivially perfect; the latent risk of some decliners sits
  // inside the retained customers' range.
  const customers = [...generateDemoCustomers({ customers: 6000, seed: 4242 })];
  const retainedRisk = customers.filter((c) => c.target !== "Снизилась").map((c) => c.risk).sort((a, b) => a - b);
  const p95 = retainedRisk[Math.floor(0.95 * retainedRisk.length)];
  const decliners = customers.filter((c) => c.target === "Снизилась");
  const lookAlike = decliners.filter((c) => c.risk <= p95).length / decliners.length;
  assert.ok(lookAlike > 0.08 && lookAlike < 0.3, `look-alike share ${lookAlike}`);
});
