// The segments page's table loading: categorical columns reach DuckDB as integer codes, and the page
// decodes results and encodes filter values with the levels it gets back. Checked with a stand-in for
// DuckDB-WASM that keeps the bytes it is given.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tableFromIPC, tableToIPC, Table, vectorFromArray, Dictionary, Utf8, Int8, Int32, Float32, DataType } from "apache-arrow";
import { loadCustomerTable, codeOf, rows, columns, type DuckDBClientLike } from "../../../src/components/segment-db.js";

function fakeClient() {
  const inserted: { bytes: Uint8Array; name: string }[] = [];
  const client = {
    _db: {
      async connect() {
        return {
          async insertArrowFromIPCStream(bytes: Uint8Array, options: { name: string }) {
            inserted.push({ bytes: bytes.slice(), name: options.name });
          },
          async close() {},
          async prepare(): Promise<never> { throw new Error("not used"); },
          async query(): Promise<never> { throw new Error("not used"); },
        };
      },
    },
  } as unknown as DuckDBClientLike;
  return { client, inserted };
}

const customers = () => {
  const names = (values: (string | null)[]) => vectorFromArray(values, new Dictionary(new Utf8(), new Int8()));
  return new Table({
    id: vectorFromArray([10, 11, 12, 13], new Int32()),
    consent: names(["нет", "да", null, "нет"]),
    category: names(["Книги", "=SUM(A1)", "Книги", "Обувь"]),
    p: vectorFromArray([0.9, 0.1, 0.5, 0.7], new Float32()),
  });
};

test("categorical columns go into DuckDB as codes, and their levels come back in code order", async () => {
  const source = customers();
  const { client, inserted } = fakeClient();
  const levels = await loadCustomerTable(client, tableToIPC(source, "stream").buffer as ArrayBuffer);
  assert.equal(inserted.length, 1);
  assert.equal(inserted[0].name, "customers");
  const loaded = tableFromIPC(inserted[0].bytes);
  assert.deepEqual(loaded.schema.fields.map((f) => f.name), ["id", "consent", "category", "p"]);
  for (const name of ["consent", "category"] as const) {
    const type = loaded.schema.fields.find((f) => f.name === name)!.type;
    assert.ok(DataType.isInt(type) && !DataType.isDictionary(type), `${name} is stored as integer codes`);
    const decoded = Array.from(loaded.getChild(name)!, (code) => (code == null ? null : levels[name][code as number]));
    assert.deepEqual(decoded, Array.from(source.getChild(name)!), `${name} decodes to the original values`);
  }
  assert.deepEqual(Array.from(loaded.getChild("id")!), [10, 11, 12, 13], "other columns are unchanged");
  assert.deepEqual(Array.from(loaded.getChild("p")!), Array.from(source.getChild("p")!));
  assert.equal(loaded.getChild("consent")!.nullCount, 1, "a missing value stays missing");
});

test("codeOf encodes a filter value; a level the data lacks matches no row", async () => {
  const { client } = fakeClient();
  const levels = await loadCustomerTable(client, tableToIPC(customers(), "stream").buffer as ArrayBuffer);
  assert.equal(levels.consent[codeOf(levels, "consent", "нет")], "нет");
  assert.equal(codeOf(levels, "consent", "может быть"), -1);
  assert.throws(() => codeOf(levels, "p", "0.5"), /not a categorical column/);
});

test("rows and columns decode the categorical columns they are given levels for", () => {
  const levels = { consent: ["да", "нет"] };
  const result = new Table({ consent: vectorFromArray([1, 0, null], new Int8()), n: vectorFromArray([1, 0, 1], new Int8()) });
  assert.deepEqual(rows(result, levels), [{ consent: "нет", n: 1 }, { consent: "да", n: 0 }, { consent: null, n: 1 }]);
  assert.deepEqual(columns(result, ["consent"], levels), { consent: ["нет", "да", null] });
  assert.deepEqual(rows(result).map((r) => r.consent), [1, 0, null], "without levels the codes stay codes");
});
