// Checks on the store's real exports, run by CI when the machine has them (REAL_DATA_DIR).
// They assert properties that must hold for any refresh, not figures of one particular export.

import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeFolder } from "../../src/io/analyze-folder.js";

const dir = process.env.REAL_DATA_DIR;

test("the real exports are fully accounted for", { skip: !dir && "REAL_DATA_DIR not set" }, async () => {
  const { ledger, customers } = (await analyzeFolder(dir!)).artifacts;
  for (const [name, f] of Object.entries(ledger.files)) assert.equal(f.raw, f.kept + f.excluded.length, name);
  assert.equal(ledger.customers.raw, ledger.customers.kept + ledger.customers.excluded.length);
  assert.equal(customers.length, ledger.customers.kept);
  for (const e of ledger.customers.excluded) assert.ok(e.reason.length > 0 && Number.isInteger(e.id));
  for (const c of customers) {
    assert.ok(c.Выручка_препредыдущий_месяц > 0 && c.Выручка_предыдущий_месяц > 0 && c.Выручка_текущий_месяц > 0, `active customer ${c.id}`);
    assert.ok(c.Выручка_текущий_месяц <= ledger.outlier_rule.upper_limit, `no revenue above the outlier limit (${c.id})`);
  }
  console.log(`real data: ${ledger.customers.raw} customers in, ${ledger.customers.kept} kept, excluded ${ledger.customers.excluded.map((e) => e.id).join(", ")}`);
});
