// Serialises the browser's customer table as an Arrow IPC stream for DuckDB-WASM (Parquet needs a
// DuckDB extension that cannot be fetched offline). Categories are dictionary-encoded: compact, and
// DuckDB reads them as VARCHAR.

import { Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from "apache-arrow";
import { CUSTOMER_TABLE_COLUMNS, type CustomerTable, type CustomerTableColumn } from "../analysis/segments/customer-table.js";

export function customerTableToIpc(table: CustomerTable): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, [, type]] of Object.entries(CUSTOMER_TABLE_COLUMNS)) {
    const values = table[name as CustomerTableColumn];
    vectors[name] =
      type === "category"
        ? vectorFromArray(values as (string | null)[], new Dictionary(new Utf8(), new Int32()))
        : vectorFromArray(values as (number | null)[], type === "int32" ? new Int32() : new Float64());
  }
  return tableToIPC(new Table(vectors), "stream");
}
