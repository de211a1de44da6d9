import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanFiles, tinyExports } from "../../helpers/tiny-exports.js";
import { NUMERIC_FEATURES, REVENUE_COLUMNS } from "../../../src/analysis/schema.js";

test("every raw row is kept or excluded, per file and per customer", () => {
  const files = tinyExports(30);
  files.market_money = files.market_money.replace("100004,препредыдущий_месяц,4030.5", "100004,препредыдущий_месяц,0.0");
  files.market_time += "100004,текущий_месяц,13\n"; // exact duplicate
  const { ledger, customers } = cleanFiles(files);
  for (const [name, f] of Object.entries(ledger.files)) {
    assert.equal(f.raw, f.kept + f.excluded_rows, name);
  }
  assert.equal(ledger.files.market_file.raw, 30);
  assert.equal(ledger.files.market_money.raw, 90);
  assert.equal(ledger.files.market_time.raw, 61);
  assert.equal(ledger.customers.raw, 30);
  assert.equal(ledger.customers.kept, customers.length);
  assert.equal(customers.length, 29);
  // The inactive customer's rows are excluded from every file with the customer-level reason.
  for (const name of ["market_file", "market_money", "market_time", "money"] as const) {
    assert.ok(ledger.files[name].excluded.some((e) => e.id === 100004 && e.code === "inactive_customer"), name);
  }
  assert.equal(ledger.files.market_time.excluded.filter((e) => e.id === 100004).length, 3);
});

test("typos go through the mapping table and are recorded once per kind", () => {
  const { ledger, customers } = cleanFiles(tinyExports(12));
  const periodFix = ledger.files.market_time.corrected.find((c) => c.from === "предыдцщий_месяц");
  assert.equal(periodFix?.to, "предыдущий_месяц");
  assert.equal(periodFix?.count, 12);
  assert.ok(customers.every((c) => c["Тип сервиса"] === "стандарт" || c["Тип сервиса"] === "премиум"));
  assert.ok(customers.some((c) => c.Популярная_категория === "Косметика и аксессуары"));
  assert.ok(!customers.some((c) => c.Популярная_категория === "Косметика и аксесуары"));
});

test("the merged table has one row per customer with every feature and month", () => {
  const { customers } = cleanFiles(tinyExports(5));
  assert.deepEqual(customers.map((c) => c.id), [100001, 100002, 100003, 100004, 100005]);
  for (const c of customers) {
    for (const f of NUMERIC_FEATURES) assert.equal(typeof c[f], "number", f);
    for (const col of Object.values(REVENUE_COLUMNS)) assert.ok(c[col] > 0);
  }
  const first = customers[0];
  assert.equal(first.Выручка_препредыдущий_месяц, 4000.5);
  assert.equal(first.Минут_предыдущий_месяц, 12);
  assert.equal(first.Прибыль, 3.1);
});
