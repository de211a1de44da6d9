// The segments page's SQL, in one place and unit-tested (the page keeps its inputs and prose). Every
// value is a parameter; column names come only from the fixed lists below, never from the URL, an
// input or the data. Thresholds are cast to FLOAT, the stored precision (see customer-columns.ts), so a
// customer exactly at a threshold in the analysis is on the same side of it in the browser.

import { CUSTOMER_TABLE_COLUMNS } from "../analysis/segments/customer-columns.js";
import type { TargetingAssumptions } from "../analysis/segments/economics.js";

/** Columns an analyst can filter on by range (and whose means the page compares): the numeric features. */
export const NUMERIC: readonly { key: string; source: string }[] = Object.entries(CUSTOMER_TABLE_COLUMNS)
  .filter(([k, [src, type]]) => src && type !== "category" && k !== "id")
  .map(([k, [src]]) => ({ key: k, source: src }));

/** The categorical filters, in the order the page shows them. */
export const CHOICE_FILTERS = ["service", "category", "consent"] as const;
/** The value of a categorical filter that means "no filter". */
export const ALL = "все";

/** The analysis's default segment (parameters: probability, profit threshold). */
export const DEFAULT_SEGMENT = "p >= CAST(? AS FLOAT) AND profit >= CAST(? AS FLOAT)";

/**
 * Count, profit, expected loss and, for every numeric feature, Σx and Σx² (means and standard
 * deviations) of the customers matching `where`: run over everyone at load and over the segment per
 * filter change ("the rest" is totals minus segment).
 */
export function sumsSql(where: string): string {
  const numericSums = NUMERIC.map((d) => `sum(${d.key}::DOUBLE) AS "${d.key}_s", sum(${d.key}::DOUBLE * ${d.key}) AS "${d.key}_q"`).join(", ");
  return `SELECT count(*)::DOUBLE AS n, sum(profit::DOUBLE) AS profit, sum(p::DOUBLE * profit) AS loss, ${numericSums} FROM customers WHERE ${where}`;
}

/**
 * The one scan at load (DuckDB-WASM runs one query at a time): the totals, the profit range, the
 * largest expected loss and the default segment's size and profit. Parameters: `loadParams`.
 */
export function loadSql(): string {
  return `SELECT min(profit)::DOUBLE AS "stats.lo", max(profit)::DOUBLE AS "stats.hi", max(p::DOUBLE * profit) AS "stats.emax",
  count(*) FILTER (WHERE ${DEFAULT_SEGMENT})::DOUBLE AS "default.n", sum(profit::DOUBLE) FILTER (WHERE ${DEFAULT_SEGMENT}) AS "default.profit",
  ${sumsSql("TRUE").slice("SELECT ".length)}`;
}
export const loadParams = (defaults: { probability: number; profit: number }) => [defaults.probability, defaults.profit, defaults.probability, defaults.profit];

/** The density grid and expected-loss histogram sizes (see countsSql). */
export interface GridSpec {
  xBins: number;
  yBins: number;
  histBins: number;
}
/** Grouping keys of the level counts. */
export const LEVEL_KEYS = "category, service, consent, offer1";

/**
 * Counts and first-offer sums per category, service, consent and first offer; with `grid`, in the same
 * pass, counts per density-grid cell (scatter) and per expected-loss bin (economics). With a grid, its
 * three parameters (profit origin, profit step, loss bin width) come before the filter's.
 */
export function countsSql(where: string, grid: GridSpec | null): string {
  if (!grid) return `SELECT 1 AS no_cell, 1 AS no_hb, ${LEVEL_KEYS}, count(*)::DOUBLE AS n, sum(offer1_drop::DOUBLE) AS drop_sum FROM customers WHERE ${where} GROUP BY ALL`;
  const { xBins, yBins, histBins } = grid;
  return `SELECT GROUPING(cell) AS no_cell, GROUPING(hb) AS no_hb, cell, hb, ${LEVEL_KEYS}, count(*)::DOUBLE AS n, sum(e) AS e, sum(offer1_drop::DOUBLE) AS drop_sum FROM (
      SELECT (least(floor(p * ${xBins}), ${xBins - 1}) + ${xBins} * least(floor((profit - ?) / ?), ${yBins - 1}))::SMALLINT AS cell,
        least(floor(p::DOUBLE * profit / ?), ${histBins - 1})::SMALLINT AS hb, p::DOUBLE * profit AS e, ${LEVEL_KEYS}, offer1_drop
      FROM customers WHERE ${where}) GROUP BY GROUPING SETS ((${LEVEL_KEYS}), (cell), (hb))`;
}

/** The page's filters, validated (url-state.ts) or read from its inputs. */
export interface SegmentFilter {
  p: number;
  profit: number;
  service: string;
  category: string;
  consent: string;
  /** A NUMERIC key, or "" for no range filter. */
  feature: string;
  from: number;
  to: number;
}

/**
 * One WHERE clause with only the active filters, and its parameters. Categorical filters compare codes
 * (`codeOf` gives -1, which matches nothing, for a level the data lacks); the range column must be one
 * of the NUMERIC keys, anything else is ignored.
 */
export function filterCondition(filter: SegmentFilter, codeOf: (column: string, value: string) => number): { condition: string; params: number[] } {
  const clauses = ["p >= CAST(? AS FLOAT)", "profit >= CAST(? AS FLOAT)"];
  const params = [filter.p, filter.profit];
  for (const column of CHOICE_FILTERS) {
    const value = filter[column];
    if (value !== ALL) clauses.push(`${column} = ?`), params.push(codeOf(column, value));
  }
  const rangeColumn = NUMERIC.find((d) => d.key === filter.feature)?.key;
  if (rangeColumn) clauses.push(`${rangeColumn} BETWEEN CAST(? AS FLOAT) AND CAST(? AS FLOAT)`), params.push(filter.from, filter.to);
  return { condition: `(${clauses.join(" AND ")})`, params };
}

/** The table's columns (key columns first: who, how likely, how much, what to offer). */
export const TABLE_COLUMNS = "id, p, profit, offer1, consent, risk_band, driver1, driver1_shap, driver2, driver3, category";

/**
 * The table's rows in table order (by expected loss). With `everyRow`, every customer with its segment
 * flag `s` (small data: the flags also recolour the scatter); else the segment's first `limit` rows.
 */
export function segmentRowsSql(condition: string, everyRow: boolean, limit: number): string {
  return everyRow
    ? `SELECT ${TABLE_COLUMNS}, ${condition} AS s FROM customers`
    : `SELECT ${TABLE_COLUMNS} FROM customers WHERE ${condition} LIMIT ${Math.max(0, Math.floor(limit))}`;
}

/** Expected net value of an offer to a customer, p × share × profit × horizon − cost (economics.ts's expectedValue), in SQL. */
const VALUE_SQL = "p::DOUBLE * ? * profit * ? - ?";
const valueParams = (a: TargetingAssumptions) => [a.retainedShare, a.horizonMonths, a.costPerOffer];

/**
 * The best cut-off of the targeting economics, counted exactly: every customer of the segment whose
 * offer pays off (the curve rises exactly while the next customer's value is positive). Parameters:
 * `bestParams`.
 */
export function bestSql(condition: string): string {
  return `SELECT count(*)::DOUBLE AS n, sum(${VALUE_SQL}) AS v FROM customers WHERE ${condition} AND ${VALUE_SQL} > 0`;
}
export const bestParams = (params: readonly number[], a: TargetingAssumptions) => [...valueParams(a), ...params, ...valueParams(a)];

/**
 * The call list: the whole segment in table order (by expected loss), or with `profitable` only the
 * customers up to the best cut-off (bestSql's condition; the table order is the curve's order, since
 * the value grows with p × profit). Single-precision values go out as their shortest exact decimal
 * (FLOAT → VARCHAR). Parameters: the filter's, then with `profitable` the assumptions (`callListParams`).
 */
export function callListSql(condition: string, profitable: boolean): string {
  return `SELECT id, p::VARCHAR AS p, profit::VARCHAR AS profit, round(p::DOUBLE * profit, 2)::VARCHAR AS loss, offer1, consent, offers, risk_band, driver1, driver1_shap::VARCHAR AS driver1_shap, driver2, driver3, category FROM customers WHERE ${condition}${profitable ? ` AND ${VALUE_SQL} > 0` : ""}`;
}
export const callListParams = (params: readonly number[], profitable: TargetingAssumptions | null) => (profitable ? [...params, ...valueParams(profitable)] : [...params]);
