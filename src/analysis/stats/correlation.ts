// The correlation artifact of the merged customer table: phi_K between all columns (target first),
// Spearman and VIF between the numeric features, and the flags derived from them.
//
// Choices:
// - phi_K covers every column of the merged table except id, in table order with the target moved first.
//   Прибыль is included for context (it is in the merged table) but is not a model feature, so it is left
//   out of `collinear_pairs` and `target_association`; see NON_FEATURE_COLUMNS.
// - Numeric columns are interval variables binned into equal-width bins, as phik does by default for
//   numeric dtypes. For the small-integer counts whose range spans at most `bins` values every value gets
//   its own bin, which is the same as treating them as categories. Тип сервиса (ordinal) is categorical:
//   phi_K ignores level order.
// - Numbers are rounded to 6 significant digits; NaN (a column with < 2 levels) and the infinite VIF of a
//   perfectly collinear column are written as null, since JSON has neither.
// - Thresholds flag values at or above them, compared after rounding so the flags agree with the numbers shown.

import type { Customer } from "../schema.js";
import { CATEGORICAL_ONE_HOT, CUSTOMER_FIELDS, NUMERIC_FEATURES, ORDINAL_FEATURES, TARGET } from "../schema.js";
import { PHIK_DEFAULT_BINS, phikMatrix } from "./phik.js";
import type { Column } from "./phik.js";
import { roundSignificant } from "./rounding.js";
import { spearmanMatrix } from "./spearman.js";
import { varianceInflationFactors } from "./vif.js";

/** Columns of the phi_K matrix: the target, then the merged table's columns in order (without id). */
export const PHIK_COLUMNS = CUSTOMER_FIELDS;

// Compile-time check that no column of Customer (besides id) is missing from PHIK_COLUMNS.
type MustBeNever<T extends never> = T;
type PhikColumnsCoverCustomer = MustBeNever<Exclude<keyof Customer, "id" | (typeof PHIK_COLUMNS)[number]>>;

/** Columns shown in the phi_K matrix for context only: they are not model features. */
export const NON_FEATURE_COLUMNS: readonly string[] = ["Прибыль"];

const CATEGORICAL_COLUMNS: ReadonlySet<string> = new Set([TARGET, ...Object.keys(ORDINAL_FEATURES), ...CATEGORICAL_ONE_HOT]);

export const DEFAULT_THRESHOLDS = { phik: 0.9, vif: 5 } as const;
export const DEFAULT_SIGNIFICANT_DIGITS = 6;

export interface CorrelationOptions {
  /** Equal-width bins for interval columns in phi_K (default 10, as phik). */
  bins?: number;
  thresholds?: { phik?: number; vif?: number };
  significantDigits?: number;
}

export interface CorrelationArtifact {
  phik: { columns: string[]; matrix: (number | null)[][] };
  spearman: { columns: string[]; matrix: (number | null)[][] };
  /** null: infinite VIF, the column is an exact linear combination of the others. */
  vif: { columns: string[]; values: (number | null)[] };
  thresholds: { phik: number; vif: number };
  /** Feature pairs with phi_K ≥ thresholds.phik, strongest first. */
  collinear_pairs: { x: string; y: string; phik: number }[];
  /** Features with VIF ≥ thresholds.vif, largest first (null = infinite, listed first). */
  high_vif: { column: string; vif: number | null }[];
  /** phi_K of every feature with the target, strongest first (null = undefined, listed last). */
  target_association: { column: string; phik: number | null }[];
}

export function computeCorrelation(customers: readonly Customer[], options: CorrelationOptions = {}): CorrelationArtifact {
  const thresholds = {
    phik: options.thresholds?.phik ?? DEFAULT_THRESHOLDS.phik,
    vif: options.thresholds?.vif ?? DEFAULT_THRESHOLDS.vif,
  };
  const digits = options.significantDigits ?? DEFAULT_SIGNIFICANT_DIGITS;
  const round = (x: number): number | null => (Number.isFinite(x) ? roundSignificant(x, digits) : null);

  const phik = phikMatrix(
    PHIK_COLUMNS.map((name) => ({ name, column: columnOf(customers, name) })),
    { bins: options.bins ?? PHIK_DEFAULT_BINS },
  );
  const phikRounded = phik.matrix.map((row) => row.map(round));

  const numeric = NUMERIC_FEATURES.map((name) => ({ name, values: customers.map((customer) => customer[name]) }));
  const spearman = spearmanMatrix(numeric);
  const vif = varianceInflationFactors(numeric);
  // Infinity → null here on purpose: see CorrelationArtifact.vif.
  const vifRounded = vif.values.map(round);

  const isFeature = (name: string) => name !== TARGET && !NON_FEATURE_COLUMNS.includes(name);
  const targetIndex = phik.columns.indexOf(TARGET);

  const collinearPairs: CorrelationArtifact["collinear_pairs"] = [];
  phik.columns.forEach((x, i) => {
    phik.columns.forEach((y, j) => {
      const value = phikRounded[i][j];
      if (j > i && isFeature(x) && isFeature(y) && value !== null && value >= thresholds.phik) {
        collinearPairs.push({ x, y, phik: value });
      }
    });
  });

  const highVif = vif.columns
    .map((column, k) => ({ column, vif: vifRounded[k], infinite: vif.values[k] === Infinity }))
    .filter(({ vif: value, infinite }) => infinite || (value !== null && value >= thresholds.vif))
    .map(({ column, vif: value }) => ({ column, vif: value }));

  const targetAssociation = phik.columns
    .map((column, k) => ({ column, phik: phikRounded[targetIndex][k] }))
    .filter(({ column }) => isFeature(column));

  return {
    phik: { columns: phik.columns, matrix: phikRounded },
    spearman: { columns: spearman.columns, matrix: spearman.matrix.map((row) => row.map(round)) },
    vif: { columns: vif.columns, values: vifRounded },
    thresholds,
    collinear_pairs: stableSortDescending(collinearPairs, ({ phik: value }) => value),
    high_vif: stableSortDescending(highVif, ({ vif: value }) => value ?? Infinity),
    target_association: stableSortDescending(targetAssociation, ({ phik: value }) => value ?? -Infinity),
  };
}

function columnOf(customers: readonly Customer[], name: (typeof PHIK_COLUMNS)[number]): Column {
  if (CATEGORICAL_COLUMNS.has(name)) {
    return { kind: "categorical", values: customers.map((customer) => String(customer[name])) };
  }
  return { kind: "interval", values: customers.map((customer) => Number(customer[name])) };
}

/** Sorts by key, largest first; equal keys keep their input order (Array.prototype.sort is stable). */
function stableSortDescending<T>(items: T[], key: (item: T) => number): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka === kb ? 0 : ka > kb ? -1 : 1;
  });
}
