import { test } from "node:test";
import assert from "node:assert/strict";
import { tableFromIPC } from "apache-arrow";
import { CUSTOMER_TABLE_COLUMNS, type CustomerTable, type CustomerTableColumn } from "../../../src/analysis/segments/customer-table.js";
import { columnVector, customerTableToIpc, smallestIntType } from "../../../src/io/arrow.js";

function sampleTable(n: number): CustomerTable {
  const table = Object.fromEntries(Object.keys(CUSTOMER_TABLE_COLUMNS).map((k) => [k, [] as (number | string | null)[]])) as CustomerTable;
  for (let i = 0; i < n; i++) {
    for (const [name, [, type]] of Object.entries(CUSTOMER_TABLE_COLUMNS)) {
      const column = table[name as CustomerTableColumn];
      if (type === "category") column.push(i % 7 === 0 ? null : `уровень ${(i * 13) % 5}`);
      else if (type === "int") column.push(name === "id" ? 215_000 + i : (i * 7) % 30);
      else column.push(i % 11 === 0 && name.startsWith("driver") ? null : Math.round(((i * 37) % 1000) * 0.0137 * 100) / 100);
    }
  }
  return table;
}

test("integers take the smallest signed type that holds them", () => {
  assert.equal(String(smallestIntType(0, 127)), "Int8");
  assert.equal(String(smallestIntType(-129, 5)), "Int16");
  assert.equal(String(smallestIntType(0, 40_000)), "Int32");
  assert.throws(() => smallestIntType(0, 2 ** 31));
  assert.equal(String(columnVector("x", "int", [1, 200, null]).type), "Int16");
  assert.throws(() => columnVector("x", "int", [1.5]), /not an integer/);
});

test("categories are dictionaries with sorted levels and the smallest index type", () => {
  const vector = columnVector("c", "category", ["б", null, "а", "б"]);
  assert.equal(String(vector.type), "Dictionary<Int8, Utf8>");
  assert.deepEqual(vector.toArray(), ["б", null, "а", "б"]);
  const many = columnVector("c", "category", Array.from({ length: 300 }, (_, i) => `l${i}`));
  assert.equal(String(many.type), "Dictionary<Int16, Utf8>");
});

test("the customer table round-trips: ids and integers exact, single-precision values to float32, nulls kept", () => {
  const table = sampleTable(500);
  const bytes = customerTableToIpc(table);
  const arrow = tableFromIPC(bytes);
  assert.equal(arrow.numRows, 500);
  for (const [name, [, type]] of Object.entries(CUSTOMER_TABLE_COLUMNS)) {
    const column = arrow.getChild(name)!;
    const expected = table[name as CustomerTableColumn];
    for (let i = 0; i < expected.length; i++) {
      const value = column.get(i);
      const want = expected[i];
      if (want == null) assert.equal(value, null, `${name}[${i}]`);
      else if (type === "float32") assert.equal(value, Math.fround(want as number), `${name}[${i}]`);
      else assert.equal(value, want, `${name}[${i}]`);
    }
  }
  assert.equal(String(arrow.getChild("id")!.type), "Int32");
  assert.equal(String(arrow.getChild("market_cur")!.type), "Int8");
  assert.equal(String(arrow.getChild("p")!.type), "Float32");
});

test("the Arrow file is byte-identical for the same table", () => {
  assert.deepEqual(customerTableToIpc(sampleTable(300)), customerTableToIpc(sampleTable(300)));
});

test("integers beyond Int32 (ids up to 2^53 pass ingest) are kept exactly as doubles", () => {
  const big = [1, 2 ** 40 + 7, null, Number.MAX_SAFE_INTEGER];
  const v = columnVector("id", "int", big);
  assert.deepEqual([0, 1, 2, 3].map((i) => v.get(i)), big);
});
