// DuckDB-WASM plumbing for the segments page, so a filter change costs as little as possible:
// - one connection stays open and each SQL text is prepared once, then re-run with new parameters
//   (Framework's client connects, prepares and closes for every query: four worker round trips);
// - every query is timed, and every output that depends on the filters is tagged with the filter
//   state it shows (data-filter-key) and its query time (data-query-ms), so a benchmark can tell
//   when the last chart of a filter change has rendered;
// - the segment's CSV is built only when asked for, streamed from DuckDB batch by batch.

import { csvHeader, csvRows } from "./csv.js";

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

/**
 * Loads the customers table from its Arrow IPC bytes (fetched by the caller, so the download can run
 * while DuckDB starts) and turns the given categorical columns into ENUMs — integer codes inside
 * DuckDB, so grouping and filtering by them is several times faster than by strings at a million
 * customers. Each ENUM type is made from the column's own values: no value is ever written into SQL;
 * column names come from the caller's fixed list.
 */
export async function loadCustomerTable(client: DuckDBClientLike, bytes: ArrayBuffer, enumColumns: readonly string[]): Promise<void> {
  const connection = await client._db.connect();
  try {
    await connection.insertArrowFromIPCStream(new Uint8Array(bytes), { name: "customers", schema: "main", create: true });
    if (enumColumns.length) {
      await connection.query(
        enumColumns
          .map((c) => `CREATE TYPE ${c}_t AS ENUM (SELECT DISTINCT ${c} FROM customers WHERE ${c} IS NOT NULL ORDER BY 1); ALTER TABLE customers ALTER ${c} SET DATA TYPE ${c}_t;`)
          .join("\n"),
      );
    }
  } finally {
    await connection.close();
  }
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

/** One column as a plain array: the typed array itself when there are no nulls, else values with nulls. */
function columnValues(table: ArrowBatch, name: string): ArrayLike<unknown> {
  const child = table.getChild(name);
  if (!child) throw new Error(`query result has no column ${name}`);
  return child.nullCount === 0 ? child.toArray() : Array.from(child);
}

/** Columns of a result as arrays (no per-row proxies: Arrow's row objects are slow to read). */
export function columns(table: ArrowBatch, names: readonly string[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = Array.from(columnValues(table, name));
  return out;
}

/** Rows of a (small) result as plain objects, built column by column. */
export function rows(table: ArrowBatch): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const values = names.map((name) => columnValues(table, name));
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
  filename: string;
  columns: readonly string[];
  /** Columns the query returns as text (e.g. single-precision values cast to VARCHAR for their shortest form) that are numbers. */
  numberColumns?: readonly string[];
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
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    if (link.dataset.busy) return;
    link.dataset.busy = "true";
    link.textContent = "Готовлю CSV…";
    try {
      const parts: string[] = [csvHeader(options.columns)];
      const connection = await client._db.connect();
      try {
        const statement = await connection.prepare(sql);
        try {
          for await (const batch of await statement.send(...params)) {
            const data = columns(batch, options.columns);
            for (const name of numbers) data[name] = data[name].map((v) => (v == null ? v : Number(v)));
            parts.push(csvRows(batch.numRows, options.columns, (column, i) => data[column][i]));
          }
        } finally {
          await statement.close();
        }
      } finally {
        await connection.close();
      }
      const url = URL.createObjectURL(new Blob(parts, { type: "text/csv;charset=utf-8" }));
      const save = document.createElement("a");
      save.download = options.filename;
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
