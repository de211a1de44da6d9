// A large customer table for browser benchmarks: replicates the rows of a real built customers.arrow
// to N customers (the originals first, then copies with new ids and seeded jitter on probability,
// profit and revenue; risk band and segment recomputed from the jittered values), encodes it with the
// build's own compact encoder, and swaps it into a copy of a built site. Deterministic for the same
// source table, N and seed.
//
//   npx tsx bench/large-table.ts --site dist --customers 1000000 --out bench/out/site-1m

import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { tableFromIPC } from "apache-arrow";
import { CUSTOMER_TABLE_COLUMNS, orderByExpectedLoss, type CustomerTable, type CustomerTableColumn } from "../src/analysis/segments/customer-table.js";
import { riskBand, segmentOf, type SegmentDefaults } from "../src/analysis/segments/segments.js";
import { customerTableToIpc } from "../src/io/arrow.js";

/** Reads a customers.arrow back into columns (numbers, strings, nulls). */
export function readCustomerTable(bytes: Uint8Array): CustomerTable {
  const arrow = tableFromIPC(bytes);
  const table = {} as CustomerTable;
  for (const name of Object.keys(CUSTOMER_TABLE_COLUMNS) as CustomerTableColumn[]) {
    const column = arrow.getChild(name);
    if (!column) throw new Error(`customers.arrow has no column ${name}`);
    const values: (number | string | null)[] = new Array(arrow.numRows);
    for (let i = 0; i < arrow.numRows; i++) {
      const v = column.get(i);
      values[i] = v == null ? null : typeof v === "bigint" ? Number(v) : (v as number | string);
    }
    table[name] = values;
  }
  return table;
}

/** Small, fast, seeded PRNG (mulberry32): the same seed gives the same table. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** N customers from a real table: the originals and jittered copies with new ids, in the build's row order (by expected loss). */
export function replicateCustomerTable(source: CustomerTable, n: number, { seed = 1, defaults }: { seed?: number; defaults: SegmentDefaults }): CustomerTable {
  const m = source.id.length;
  if (m === 0) throw new Error("the source table is empty");
  const rand = random(seed);
  const maxId = Math.max(...(source.id as number[]));
  const out = Object.fromEntries(Object.keys(CUSTOMER_TABLE_COLUMNS).map((k) => [k, new Array(n)])) as CustomerTable;
  for (let i = 0; i < n; i++) {
    const r = i % m; // copies 0…m−1 are the originals
    for (const k of Object.keys(CUSTOMER_TABLE_COLUMNS) as CustomerTableColumn[]) out[k][i] = source[k][r];
    if (i < m) continue;
    out.id[i] = maxId + (i - m) + 1;
    const p = Math.min(1, Math.max(0, (source.p[r] as number) + (rand() - 0.5) * 0.1));
    const profit = Math.max(0, round((source.profit[r] as number) * (1 + (rand() - 0.5) * 0.1), 2));
    out.p[i] = p;
    out.profit[i] = profit;
    for (const k of ["revenue_m2", "revenue_m1", "revenue_m0"] as const) {
      const v = source[k][r] as number | null;
      out[k][i] = v == null ? null : round(v * (1 + (rand() - 0.5) * 0.04), 1);
    }
    out.risk_band[i] = riskBand(p);
    out.segment[i] = segmentOf(p, profit, defaults);
  }
  return orderByExpectedLoss(out);
}

/** The hashed customers.arrow and segments.json of a built site. */
function siteFiles(site: string) {
  const dir = join(site, "_file", "data", "analysis");
  const files = readdirSync(dir);
  const arrow = files.find((f) => /^customers\.[0-9a-f]+\.arrow$/.test(f));
  const segments = files.find((f) => /^segments\.[0-9a-f]+\.json$/.test(f));
  if (!arrow || !segments) throw new Error(`${dir} has no customers.*.arrow or segments.*.json: build the site first`);
  return { arrow: join(dir, arrow), segments: join(dir, segments) };
}

/**
 * Copies the built site `site` to `out` and replaces its customers.arrow (same hashed name, so the
 * pages load it unchanged) with `customers` rows made from the site's own table. Returns the path of
 * the new table and its size in bytes.
 */
export function siteWithLargeTable(site: string, customers: number, out: string, seed = 1): { arrow: string; bytes: number; rows: number } {
  const files = siteFiles(site);
  if (resolve(out) !== resolve(site)) {
    rmSync(out, { recursive: true, force: true });
    cpSync(site, out, { recursive: true });
  }
  const target = siteFiles(out);
  const defaults = JSON.parse(readFileSync(files.segments, "utf8")) as SegmentDefaults;
  const table = replicateCustomerTable(readCustomerTable(readFileSync(files.arrow)), customers, { seed, defaults });
  const bytes = customerTableToIpc(table);
  writeFileSync(target.arrow, bytes);
  return { arrow: target.arrow, bytes: bytes.byteLength, rows: customers };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { site: { type: "string", default: "dist" }, customers: { type: "string", default: "1000000" }, out: { type: "string" }, seed: { type: "string", default: "1" }, arrow: { type: "string" } },
  });
  const customers = Number(values.customers);
  if (values.arrow) {
    // Only re-encode a customers.arrow with the current encoder (no replication).
    const bytes = customerTableToIpc(readCustomerTable(readFileSync(values.arrow)));
    writeFileSync(values.out ?? "customers.arrow", bytes);
    console.log(`${values.out}: ${bytes.byteLength} bytes`);
  } else {
    if (!existsSync(values.site!)) throw new Error(`${values.site} does not exist: build the site first`);
    const out = values.out ?? join("bench", "out", `site-${customers}`);
    const made = siteWithLargeTable(values.site!, customers, out, Number(values.seed));
    console.log(`${out}: customers.arrow with ${made.rows} rows, ${made.bytes} bytes`);
  }
}
