// DuckDB-WASM plumbing for the segments page, so a filter change costs as little as possible:
// - one connection stays open and each SQL text is prepared once, then re-run with new parameters
//   (Framework's client connects, prepares and closes for every query: four worker round trips);
// - every query is timed, and every output that depends on the filters is tagged with the filter
//   state it shows (data-filter-key) and its query time (data-query-ms), so a benchmark can tell
//   when the last chart of a filter change has rendered;
// - the segment's CSV is built only when asked for, streamed from DuckDB batch by batch.

import { DataType, Table, Vector, makeData, tableFromIPC, tableToIPC } from "npm:apache-arrow";
import { PLAIN_CSV, csvHeader, csvRows, type CsvDialect } from "./csv.js";

/** The parts of an Arrow table or record batch the page uses. */
interface ArrowColumn extends Iterable<unknown> {
  nullCount: number;
  toArray(): ArrayLike<unknown>;
}
export interface ArrowBatch {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChild(name: string): ArrowColumn | null;
}
interface PreparedStatement {
  query(...params: unknown[]): Promise<ArrowBatch>;
  send(...params: unknown[]): Promise<AsyncIterable<ArrowBatch>>;
  close(): Promise<void>;
}
interface Connection {
  prepare(sql: string): Promise<PreparedStatement>;
  query(sql: string): Promise<ArrowBatch>;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; schema?: string; create?: boolean }): Promise<void>;
  close(): Promise<void>;
}
/** Framework's DuckDBClient: the underlying AsyncDuckDB is its `_db`. */
export interface DuckDBClientLike {
  _db: { connect(): Promise<Connection> };
}

/** Each categorical column's levels by code: DuckDB holds the codes, the page shows the names. */
export type Levels = Readonly<Record<string, readonly string[]>>;

/**
 * Loads the customers table from its Arrow IPC bytes (fetched by the caller, so the download can run
 * while DuckDB starts). Categorical (dictionary-encoded) columns go into DuckDB as their integer codes
 * and their levels come back to the page: given the dictionaries, DuckDB-WASM would turn every value
 * into a string — at a million customers 1.3–1.5 s of insert plus 0.3 s to make the filtered ones
 * ENUMs, against 0.3 s for the codes and 50 ms here (Chromium, 12 categorical columns). Filters compare
 * codes (`codeOf`) and results are decoded in JavaScript (`rows`/`columns` with the levels), so no
 * value from the data is ever written into SQL; column names come from the page's fixed lists.
 */
export async function loadCustomerTable(client: DuckDBClientLike, bytes: ArrayBuffer): Promise<Levels> {
  const table = tableFromIPC(new Uint8Array(bytes));
  const levels: Record<string, string[]> = {};
  const children: Record<string, Vector> = {};
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name)!;
    if (!DataType.isDictionary(field.type)) {
      children[field.name] = column;
      continue;
    }
    const dictionary = column.data[0]?.dictionary;
    if (column.data.some((d) => d.dictionary !== dictionary)) throw new Error(`customers.arrow: column ${field.name} changes its dictionary between record batches`);
    levels[field.name] = dictionary ? Array.from(dictionary.toArray() as ArrayLike<string>) : [];
    const indices = field.type.indices;
    children[field.name] = new Vector(column.data.map((d) => makeData({ type: indices, offset: d.offset, length: d.length, nullCount: d.nullCount, nullBitmap: d.nullBitmap, data: d.values })));
  }
  const connection = await client._db.connect();
  try {
    await connection.insertArrowFromIPCStream(tableToIPC(new Table(children), "stream"), { name: "customers", schema: "main", create: true });
  } finally {
    await connection.close();
  }
  return levels;
}

/** The code of `value` in a categorical column, or -1 (which no row has) when the data lacks it. */
export function codeOf(levels: Levels, column: string, value: string): number {
  const list = levels[column];
  if (!list) throw new Error(`${column} is not a categorical column of the customers table`);
  return list.indexOf(value);
}

export interface TimedResult {
  table: ArrowBatch;
  /** Wall time from sending the query to having its result, ms. */
  ms: number;
}

/** A query function over one open connection with a cache of prepared statements. */
export function queryRunner(client: DuckDBClientLike): (sql: string, params?: readonly unknown[]) => Promise<TimedResult> {
  let connection: Promise<Connection> | null = null;
  const statements = new Map<string, Promise<PreparedStatement>>();
  return async (sql, params = []) => {
    const started = performance.now();
    connection ??= client._db.connect();
    const conn = await connection;
    let statement = statements.get(sql);
    if (!statement) {
      statement = conn.prepare(sql);
      statements.set(sql, statement);
      statement.catch(() => statements.delete(sql));
    }
    const table = await (await statement).query(...params);
    const ended = performance.now();
    performance.measure("duckdb", { start: started, end: ended }); // for profiling: the page's DuckDB time line
    return { table, ms: ended - started };
  };
}

/**
 * One column as a plain array: the typed array itself when there are no nulls, else values with nulls;
 * a column named like a categorical one in `levels` holds codes and comes back as its names.
 */
function columnValues(table: ArrowBatch, name: string, levels?: Levels): ArrayLike<unknown> {
  const child = table.getChild(name);
  if (!child) throw new Error(`query result has no column ${name}`);
  const values = child.nullCount === 0 ? child.toArray() : Array.from(child);
  const names = levels?.[name];
  return names ? Array.from(values as ArrayLike<number | null>, (code) => (code == null ? null : names[code])) : values;
}

/** Columns of a result as arrays (no per-row proxies: Arrow's row objects are slow to read), categorical ones decoded with `levels`. */
export function columns(table: ArrowBatch, names: readonly string[], levels?: Levels): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = Array.from(columnValues(table, name, levels));
  return out;
}

/** Rows of a (small) result as plain objects, built column by column, categorical columns decoded with `levels`. */
export function rows(table: ArrowBatch, levels?: Levels): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const values = names.map((name) => columnValues(table, name, levels));
  const out: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let k = 0; k < names.length; k++) row[names[k]] = values[k][i];
    out[i] = row;
  }
  return out;
}

/** Marks a filter-dependent output with the filter state it shows and its query time. */
export function tagged<T extends Element>(node: T, filterKey: string, queryMs?: number): T {
  node.setAttribute("data-filter-key", filterKey);
  if (queryMs !== undefined) node.setAttribute("data-query-ms", queryMs.toFixed(1));
  return node;
}

export interface CsvLinkOptions {
  label: string;
  /** The file name, or a function giving it at the moment of the click (e.g. with the day's date). */
  filename: string | (() => string);
  /** Keys of the file's rows, in column order. */
  columns: readonly string[];
  /** The header line (default: the keys). */
  header?: readonly string[];
  /** Columns the query returns as text (e.g. single-precision values cast to VARCHAR for their shortest form) that are numbers. */
  numberColumns?: readonly string[];
  /** Maps a query row (categorical columns decoded) to the file's row (labels, derived columns). */
  mapRow?: (row: Record<string, unknown>) => Record<string, unknown>;
  /** The table's categorical levels (loadCustomerTable), to write names instead of codes. */
  levels?: Levels;
  /** The file format (csv.ts); plain comma-separated by default. */
  dialect?: CsvDialect;
}

/**
 * A download link for a query's result as CSV, built on click: the rows are streamed from DuckDB
 * (a separate connection) batch by batch and neutralised against formula injection (csv.ts).
 */
export function csvDownloadLink(client: DuckDBClientLike, sql: string, params: readonly unknown[], options: CsvLinkOptions): HTMLAnchorElement {
  const link = document.createElement("a");
  link.className = "download";
  link.href = "#";
  link.textContent = options.label;
  const numbers = new Set(options.numberColumns ?? []);
  const dialect = options.dialect ?? PLAIN_CSV;
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    if (link.dataset.busy) return;
    link.dataset.busy = "true";
    link.textContent = "Готовлю CSV…";
    try {
      const parts: string[] = [csvHeader(options.header ?? options.columns, dialect)];
      const connection = await client._db.connect();
      try {
        const statement = await connection.prepare(sql);
        try {
          for await (const batch of await statement.send(...params)) {
            let list = rows(batch, options.levels);
            for (const row of list) for (const name of numbers) if (row[name] != null) row[name] = Number(row[name]);
            if (options.mapRow) list = list.map(options.mapRow);
            parts.push(csvRows(list.length, options.columns, (column, i) => list[i][column], dialect));
          }
        } finally {
          await statement.close();
        }
      } finally {
        await connection.close();
      }
      const url = URL.createObjectURL(new Blob(parts, { type: "text/csv;charset=utf-8" }));
      const save = document.createElement("a");
      save.download = typeof options.filename === "function" ? options.filename() : options.filename;
      save.href = url;
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } finally {
      link.textContent = options.label;
      delete link.dataset.busy;
    }
  });
  return link;
}
