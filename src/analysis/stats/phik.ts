// The phi_K correlation coefficient: Baak, Koopman, Snoek & Klous (2018), "A new correlation coefficient
// between categorical, ordinal and interval variables with Pearson characteristics", arXiv:1811.11440.
// Follows the reference implementation, the Python `phik` package (phik.phik, phik.bivariate,
// phik.statistics, phik.binning):
//  1. interval columns are cut into equal-width bins between their min and max (10 by default),
//     categorical columns keep their levels; records missing either value are dropped;
//  2. a contingency table of the two coded columns; levels that end up empty are dropped;
//  3. Pearson's chi² of that table against independence (with Yates' correction when it is 2×2);
//  4. the chi² is mapped to the correlation ρ ∈ [0, 1] of a bivariate normal which, binned on a uniform
//     grid over [-5, 5]² with the table's shape, gives the same chi² after phik's rescaling:
//       chi²(ρ) = pedestal + n·S(ρ)·(chi²_max − pedestal) / (n·S(1)),
//       S(ρ) = Σ_cells (p_ρ − p_0)² / p_0,   chi²_max = n·(min(rows, cols) − 1),
//     where the pedestal (noise correction) is the table's degrees of freedom — the expected chi² of pure
//     noise. chi² ≤ pedestal gives 0, chi² ≥ chi²_max gives 1, otherwise ρ solves chi²(ρ) = chi² (Brent).
//     The reference grid depends only on the table's shape (phik never derives it from the margins), so
//     it is built once per shape and shared.
// phi_K ignores the order of levels and bins, so ordinal columns need no special treatment: treat them as
// categorical, or as interval when binning should merge neighbouring values.
// Like phik, equal-width bins make phi_K sensitive to outliers: a lone extreme record sits in a
// near-empty cell whose chi² term is large, and it squeezes everything else into few bins.
// Deviations from phik: records at a column's minimum are never dropped (see `equalWidthBinCodes`), and
// cell probabilities come from our own Genz integration rather than scipy's mvnun; values agree to ~1e-8.

import { bisectLeft } from "d3";
import { bivariateNormalUpperTail } from "./bivariate-normal.js";
import { crossTabulate, dropEmptyRowsAndColumns, pearsonChiSquare } from "./contingency.js";
import type { ContingencyTable } from "./contingency.js";
import { brentRoot } from "./root-finding.js";

export const PHIK_DEFAULT_BINS = 10;
/** phik solves for ρ with scipy's brentq at xtol = 1e-5; we keep that so values agree with phik's. */
export const PHIK_DEFAULT_XTOL = 1e-5;
/** Half-width of the grid on which phik bins the reference bivariate normal. */
const REFERENCE_GRID_HALF_WIDTH = 5;

/** A column of data: interval values are binned, categorical values are used as levels as they are. */
export type Column =
  | {
      kind: "interval";
      /** NaN or ±Infinity marks a missing value. */
      values: readonly number[];
      /** Overrides the number of equal-width bins for this column. */
      bins?: number;
    }
  | {
      kind: "categorical";
      /** null or NaN marks a missing value. Level order does not matter. */
      values: readonly (string | number | null)[];
    };

export interface NamedColumn {
  name: string;
  column: Column;
}

export interface PhikOptions {
  /** Equal-width bins for interval columns without their own `bins` (phik's default: 10). */
  bins?: number;
  /** Subtract the chi² expected from noise alone (phik's default: true). */
  noiseCorrection?: boolean;
  /** Absolute tolerance of the ρ solve (phik's: 1e-5). */
  xtol?: number;
}

export interface PhikMatrix {
  columns: string[];
  /** Symmetric, 1 on the diagonal; NaN where a column has fewer than two non-missing levels. */
  matrix: number[][];
}

/** phi_K of two columns of equal length; NaN when either has fewer than two levels among shared records. */
export function phik(x: Column, y: Column, options: PhikOptions = {}): number {
  const bins = options.bins ?? PHIK_DEFAULT_BINS;
  const xCoded = encodeColumn(x, bins);
  const yCoded = encodeColumn(y, bins);
  const table = crossTabulate(xCoded.codes, xCoded.levels, yCoded.codes, yCoded.levels);
  return phikFromTable(table, options, new Map());
}

/** phi_K for every pair of columns. Each column is binned once and the reference model is shared per table shape. */
export function phikMatrix(columns: readonly NamedColumn[], options: PhikOptions = {}): PhikMatrix {
  const bins = options.bins ?? PHIK_DEFAULT_BINS;
  const coded = columns.map(({ column }) => encodeColumn(column, bins));
  const models: ReferenceModelCache = new Map();
  const matrix = columns.map(() => columns.map(() => NaN));
  for (let i = 0; i < columns.length; i++) {
    matrix[i][i] = 1;
    for (let j = i + 1; j < columns.length; j++) {
      const table = crossTabulate(coded[i].codes, coded[i].levels, coded[j].codes, coded[j].levels);
      matrix[i][j] = matrix[j][i] = phikFromTable(table, options, models);
    }
  }
  return { columns: columns.map(({ name }) => name), matrix };
}

/**
 * phi_K of a contingency table, as phik's `phik_from_hist2d`: the table's shape (empty rows and columns
 * included) sets the reference grid, and empty rows/columns lower the noise pedestal.
 */
export function phikFromContingencyTable(table: ContingencyTable, options: PhikOptions = {}): number {
  return phikFromTable(table, options, new Map());
}

/**
 * phik's equal-width bin edges: `bins + 1` edges from just below the minimum to the maximum, computed like
 * numpy.linspace(min − 1e-14, max, bins + 1). Non-finite values are ignored; empty input gives [].
 */
export function equalWidthBinEdges(values: readonly number[], bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer, got ${bins}`);
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min > max) return [];
  const start = min - 1e-14;
  const step = (max - start) / bins;
  const edges: number[] = [];
  for (let k = 0; k < bins; k++) edges.push(k * step + start);
  edges.push(max);
  return edges;
}

/**
 * Bin index (0-based) of each value for the given edges, −1 for missing values. Like phik's
 * numpy.searchsorted(edges, value), a value equal to an edge falls in the bin that edge closes.
 * Deviation: phik drops values that land below the first edge as "underflow"; for columns whose minimum
 * is ≳ 128 the 1e-14 offset vanishes in rounding, so phik silently drops every record at the minimum.
 * We keep them in the first bin.
 */
export function equalWidthBinCodes(values: readonly number[], edges: readonly number[]): Int32Array {
  const bins = edges.length - 1;
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    codes[i] = Number.isFinite(value) && bins >= 1 ? Math.min(bins, Math.max(1, bisectLeft(edges, value))) - 1 : -1;
  }
  return codes;
}

interface CodedColumn {
  codes: Int32Array;
  levels: number;
}

function encodeColumn(column: Column, defaultBins: number): CodedColumn {
  if (column.kind === "interval") {
    const edges = equalWidthBinEdges(column.values, column.bins ?? defaultBins);
    return { codes: equalWidthBinCodes(column.values, edges), levels: Math.max(0, edges.length - 1) };
  }
  const levelCodes = new Map<string | number, number>();
  const codes = new Int32Array(column.values.length);
  column.values.forEach((value, i) => {
    if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) {
      codes[i] = -1;
      return;
    }
    let code = levelCodes.get(value);
    if (code === undefined) {
      code = levelCodes.size;
      levelCodes.set(value, code);
    }
    codes[i] = code;
  });
  return { codes, levels: levelCodes.size };
}

/** The binned reference bivariate normal for one table shape; it does not depend on the data. */
interface ReferenceModel {
  xEdges: number[];
  yEdges: number[];
  /** Cell probabilities at ρ = 0, row-major. */
  independentCells: Float64Array;
  /** S(1): the per-record chi² of the fully correlated reference. */
  chiSquarePerRecordAtOne: number;
}

type ReferenceModelCache = Map<string, ReferenceModel>;

function phikFromTable(table: ContingencyTable, options: PhikOptions, models: ReferenceModelCache): number {
  const nonEmpty = dropEmptyRowsAndColumns(table);
  if (nonEmpty.length < 2 || nonEmpty[0].length < 2) return NaN;

  const rows = table.length;
  const columns = table[0].length;
  const records = table.reduce((sum, row) => row.reduce((rowSum, count) => rowSum + count, sum), 0);
  const chiSquare = pearsonChiSquare(nonEmpty);
  const pedestal = options.noiseCorrection === false ? 0 : noisePedestal(table);
  const chiSquareMax = records * (Math.min(rows, columns) - 1);

  // Only solve for ρ when chi² exceeds the noise pedestal (same order of checks as phik).
  if (chiSquare <= pedestal) return 0;
  if (chiSquare >= chiSquareMax) return 1;

  const model = referenceModel(rows, columns, models);
  const scale = (chiSquareMax - pedestal) / (records * model.chiSquarePerRecordAtOne);
  const excessOverObserved = (rho: number) =>
    pedestal + records * chiSquarePerRecord(model, rho) * scale - chiSquare;
  return brentRoot(excessOverObserved, 0, 1, { xtol: options.xtol ?? PHIK_DEFAULT_XTOL });
}

/** phik's `estimate_simple_ndof`: degrees of freedom minus cells with zero expectation, at least 0. */
function noisePedestal(table: ContingencyTable): number {
  const rows = table.length;
  const columns = table[0].length;
  const rowTotals = table.map((row) => row.reduce((sum, count) => sum + count, 0));
  const emptyRows = rowTotals.filter((total) => total === 0).length;
  const emptyColumns = table[0].filter((_, c) => table.every((row) => row[c] === 0)).length;
  // A cell's expectation is zero exactly when its row or its column is empty.
  const zeroExpectations = emptyRows * columns + emptyColumns * rows - emptyRows * emptyColumns;
  return Math.max(0, (rows - 1) * (columns - 1) - zeroExpectations);
}

function referenceModel(rows: number, columns: number, models: ReferenceModelCache): ReferenceModel {
  const key = `${rows}x${columns}`;
  const cached = models.get(key);
  if (cached) return cached;
  const xEdges = uniformReferenceEdges(rows);
  const yEdges = uniformReferenceEdges(columns);
  const independentCells = referenceCellProbabilities(xEdges, yEdges, 0);
  const chiSquarePerRecordAtOne = chiSquarePerRecord({ xEdges, yEdges, independentCells }, 1);
  const model: ReferenceModel = { xEdges, yEdges, independentCells, chiSquarePerRecordAtOne };
  models.set(key, model);
  return model;
}

/** numpy.linspace(-5, 5, bins + 1), as phik builds the reference grid. */
function uniformReferenceEdges(bins: number): number[] {
  const start = -REFERENCE_GRID_HALF_WIDTH;
  const step = (2 * REFERENCE_GRID_HALF_WIDTH) / bins;
  const edges: number[] = [];
  for (let k = 0; k < bins; k++) edges.push(k * step + start);
  edges.push(REFERENCE_GRID_HALF_WIDTH);
  return edges;
}

/** Probability of each grid cell under a standard bivariate normal with correlation ρ, row-major. */
function referenceCellProbabilities(xEdges: readonly number[], yEdges: readonly number[], rho: number): Float64Array {
  const width = yEdges.length;
  // Upper-orthant probabilities at the grid nodes; each cell is an inclusion–exclusion of four of them.
  const upper = new Float64Array(xEdges.length * width);
  for (let i = 0; i < xEdges.length; i++) {
    for (let j = 0; j < width; j++) upper[i * width + j] = bivariateNormalUpperTail(xEdges[i], yEdges[j], rho);
  }
  const cells = new Float64Array((xEdges.length - 1) * (width - 1));
  for (let i = 0; i + 1 < xEdges.length; i++) {
    for (let j = 0; j + 1 < width; j++) {
      cells[i * (width - 1) + j] =
        upper[i * width + j] - upper[(i + 1) * width + j] - upper[i * width + j + 1] + upper[(i + 1) * width + j + 1];
    }
  }
  return cells;
}

/** S(ρ) = Σ (p_ρ − p_0)² / p_0 over cells with p_0 ≠ 0. */
function chiSquarePerRecord(model: Omit<ReferenceModel, "chiSquarePerRecordAtOne">, rho: number): number {
  const cells = referenceCellProbabilities(model.xEdges, model.yEdges, rho);
  let sum = 0;
  for (let c = 0; c < cells.length; c++) {
    const independent = model.independentCells[c];
    if (independent === 0) continue;
    const difference = cells[c] - independent;
    sum += (difference * difference) / independent;
  }
  return sum;
}
