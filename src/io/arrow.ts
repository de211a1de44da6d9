// Serialises the browser's customer table as an Arrow IPC stream for DuckDB-WASM (Parquet needs a
// DuckDB extension that cannot be fetched offline). Compact, so a million customers stay small on the
// wire and in DuckDB: categories are dictionary-encoded with the smallest index type (DuckDB reads them
// as VARCHAR), integers take the smallest signed type that holds every value, and "float32" columns are
// single precision (see ColumnType). Byte-identical output for the same table: dictionary levels are
// sorted, types follow from the values alone.

import {
  Dictionary,
  Float32,
  Float64,
  Int16,
  Int32,
  Int8,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from "apache-arrow";
import { CUSTOMER_TABLE_COLUMNS, type ColumnType, type CustomerTable, type CustomerTableColumn } from "../analysis/segments/customer-table.js";

type IntType = Int8 | Int16 | Int32;

/** The smallest signed integer type whose range holds [min, max]. */
export function smallestIntType(min: number, max: number): IntType {
  if (min >= -128 && max <= 127) return new Int8();
  if (min >= -32768 && max <= 32767) return new Int16();
  if (min >= -2147483648 && max <= 2147483647) return new Int32();
  throw new RangeError(`integers ${min}…${max} do not fit in Int32`);
}

function intArray(type: IntType, length: number): Int8Array | Int16Array | Int32Array {
  return type instanceof Int8 ? new Int8Array(length) : type instanceof Int16 ? new Int16Array(length) : new Int32Array(length);
}

function nullBitmap(values: readonly unknown[]): { bitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v == null) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  });
  return { bitmap: nullCount ? bitmap : undefined, nullCount };
}

function intVector(name: string, values: readonly (number | string | null)[]): Vector {
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (v == null) continue;
    if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`column ${name}: ${JSON.stringify(v)} is not an integer`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Ids are validated up to 2^53 at ingest; beyond Int32 a double still holds every such integer exactly.
  if (min < -2147483648 || max > 2147483647) return floatVector(name, values, false);
  const type = smallestIntType(min, max);
  const data = intArray(type, values.length);
  values.forEach((v, i) => (data[i] = v == null ? 0 : (v as number)));
  const { bitmap, nullCount } = nullBitmap(values);
  return makeVector(makeData({ type, length: values.length, nullCount, nullBitmap: bitmap, data }));
}

function floatVector(name: string, values: readonly (number | string | null)[], single: boolean): Vector {
  for (const v of values) if (v != null && typeof v !== "number") throw new TypeError(`column ${name}: ${JSON.stringify(v)} is not a number`);
  const data = single ? new Float32Array(values.length) : new Float64Array(values.length);
  values.forEach((v, i) => (data[i] = v == null ? 0 : (v as number)));
  const { bitmap, nullCount } = nullBitmap(values);
  return makeVector(makeData({ type: single ? new Float32() : new Float64(), length: values.length, nullCount, nullBitmap: bitmap, data }));
}

/** `id` is the dictionary's id in the IPC stream: given explicitly (apache-arrow would take the next value of a process-wide counter), so the bytes never depend on what ran before. */
function dictionaryVector(values: readonly (number | string | null)[], id: number): Vector {
  const levels = [...new Set(values.filter((v): v is string | number => v != null).map(String))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const indexOf = new Map(levels.map((level, i) => [level, i]));
  const indexType = smallestIntType(0, Math.max(0, levels.length - 1));
  const data = intArray(indexType, values.length);
  values.forEach((v, i) => (data[i] = v == null ? 0 : indexOf.get(String(v))!));
  const { bitmap, nullCount } = nullBitmap(values);
  const dictionary = vectorFromArray(levels, new Utf8());
  const type = new Dictionary(new Utf8(), indexType, id);
  return makeVector(makeData({ type, length: values.length, nullCount, nullBitmap: bitmap, data, dictionary }));
}

/** One column as a compact Arrow vector (`dictionaryId`: the stream's id for a category column's dictionary). */
export function columnVector(name: string, type: ColumnType, values: readonly (number | string | null)[], dictionaryId = 0): Vector {
  switch (type) {
    case "category":
      return dictionaryVector(values, dictionaryId);
    case "int":
      return intVector(name, values);
    case "float32":
      return floatVector(name, values, true);
    case "float64":
      return floatVector(name, values, false);
  }
}

export function customerTableToIpc(table: CustomerTable): Uint8Array {
  const vectors: Record<string, Vector> = {};
  Object.entries(CUSTOMER_TABLE_COLUMNS).forEach(([name, [, type]], i) => {
    vectors[name] = columnVector(name, type, table[name as CustomerTableColumn], i);
  });
  return tableToIPC(new Table(vectors), "stream");
}
