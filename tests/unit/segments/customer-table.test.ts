import { test } from "node:test";
import assert from "node:assert/strict";
import { buildCustomerTable } from "../../../src/analysis/segments/customer-table.js";
import { cleanFiles, tinyExports } from "../../helpers/tiny-exports.js";

test("the customer table names each customer's part of the model search by a code, not a sentence", () => {
  const customers = cleanFiles(tinyExports(40)).customers.slice(0, 3);
  const sets = ["train", "test", "scored"] as const;
  const table = buildCustomerTable({
    customers,
    predictions: new Map(customers.map((c, i) => [c.id, { p: 0.2 * (i + 1), set: sets[i] }])),
    shap: { features: [], values: new Map() },
    offers: new Map(),
    defaults: { probability: 0.6, profit: 4 },
  });
  const sampleOf = new Map(table.id.map((id, i) => [id, table.sample[i]])); // rows come in order of expected loss
  assert.deepEqual(customers.map((c) => sampleOf.get(c.id)), ["train", "test", "scored"]);
});
