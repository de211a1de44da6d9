import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MISSPELT_COSMETICS,
  MISSPELT_PREVIOUS_MONTH,
  MISSPELT_STANDARD,
  demoLayout,
  generateDemoFiles,
} from "../../../src/analysis/demo/generate.js";
import { POSITIVE_CLASS } from "../../../src/analysis/schema.js";
import { parseDemo } from "./helpers.js";

function defects(customers: number, seed: number) {
  const files = generateDemoFiles({ customers, seed });
  const parsed = parseDemo(files);
  const misspelt = parsed.rows.filter((r) => r["Тип сервиса"] === MISSPELT_STANDARD);
  const zero = [...parsed.revenue].filter(([, r]) => Object.values(r).some((v) => v === 0));
  const currents = [...parsed.revenue.values()].map((r) => r["текущий_месяц"]).sort((a, b) => a - b);
  const median = currents[Math.floor(currents.length / 2)];
  const outliers = [...parsed.revenue].filter(([, r]) => r["текущий_месяц"] > 10 * median);
  return { files, parsed, misspelt, zero, outliers, median };
}

test("default-size set carries every defect kind of the real export", () => {
  const { files, parsed, misspelt, zero, outliers, median } = defects(1300, 20240607);

  // ~1% misspelt service type, and only ever a misspelling of «стандарт».
  assert.equal(misspelt.length, 10);

  // The export's own typo for the previous month is the only spelling used.
  assert.ok(!files["market_time.csv"].includes("предыдущий_месяц"));
  assert.equal(files["market_time.csv"].split(MISSPELT_PREVIOUS_MONTH).length - 1, 1300);

  // The cosmetics category is always misspelt, never canonical.
  assert.ok(parsed.rows.some((r) => r["Популярная_категория"] === MISSPELT_COSMETICS));
  assert.ok(!files["market_file.csv"].includes("Косметика и аксессуары"));

  // Exactly three customers with nothing in the two earlier months, all of them «Снизилась».
  assert.equal(zero.length, 3);
  const byId = new Map(parsed.rows.map((r) => [Number(r.id), r]));
  for (const [id, r] of zero) {
    assert.equal(r["препредыдущий_месяц"], 0);
    assert.equal(r["предыдущий_месяц"], 0);
    assert.ok(r["текущий_месяц"] > 0);
    assert.equal(byId.get(id)!["Покупательская активность"], POSITIVE_CLASS);
  }

  // One extreme current-month revenue, roughly 15–20× the typical value.
  assert.equal(outliers.length, 1);
  const ratio = outliers[0][1]["текущий_месяц"] / median;
  assert.ok(ratio > 12 && ratio < 25, `outlier ratio ${ratio}`);
  assert.ok(!zero.some(([id]) => id === outliers[0][0]), "outlier is not a zero-revenue customer");
});

test("defect counts scale with N", () => {
  const { misspelt, zero, outliers } = defects(13_000, 3);
  assert.equal(misspelt.length, 100);
  assert.equal(zero.length, 30);
  assert.equal(outliers.length, 10);
});

test("tiny sets still carry at least one defect of each kind", () => {
  for (const customers of [5, 20, 100]) {
    const layout = demoLayout(customers);
    assert.ok(layout.positives >= 1, `positives at N=${customers}`);
    const { misspelt, zero, outliers } = defects(customers, 11);
    assert.ok(misspelt.length >= 1, `стандартт at N=${customers}`);
    assert.equal(zero.length, layout.zeroRevenue);
    assert.ok(zero.length >= 1, `zeros at N=${customers}`);
    assert.equal(layout.revenueOutlier, 1);
    // With very few customers the median is close to the outlier's own base, so only count it loosely.
    assert.ok(outliers.length >= 1, `outlier at N=${customers}`);
  }
});

test("rows come in class blocks like the export, not shuffled", () => {
  const { parsed } = defects(1300, 5);
  const runs: number[] = [];
  let previous = "";
  for (const row of parsed.rows) {
    const cls = row["Покупательская активность"];
    if (cls === previous) runs[runs.length - 1]++;
    else runs.push(1);
    previous = cls;
  }
  assert.deepEqual(runs, [400, 48, 50, 48, 48, 706]);
});
