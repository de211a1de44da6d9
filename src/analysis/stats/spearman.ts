// Spearman rank correlation: Pearson correlation of ranks, ties sharing their average rank
// (pandas' corr(method="spearman") and scipy.stats.spearmanr).

import type { NumericColumn } from "./numeric-column.js";

export interface CorrelationMatrix {
  columns: string[];
  /** Symmetric, 1 on the diagonal; NaN where a column is constant on the shared records. */
  matrix: number[][];
}

/** 1-based ranks of finite values; tied values get the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 hold one tie group: ranks start+1..end, mean (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let p = start; p < end; p++) ranks[order[p]] = rank;
    start = end;
  }
  return ranks;
}

/** Pearson correlation; NaN when either side has zero variance or fewer than two values. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error("pearson: arrays differ in length");
  const n = x.length;
  if (n < 2) return NaN;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  // Clamp rounding overshoot so |r| never exceeds 1.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Spearman's ρ of two equally long samples, over records where both values are finite. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error("spearman: arrays differ in length");
  const keep = x.map((value, i) => Number.isFinite(value) && Number.isFinite(y[i]));
  const xKept = x.filter((_, i) => keep[i]);
  const yKept = y.filter((_, i) => keep[i]);
  return pearson(averageRanks(xKept), averageRanks(yKept));
}

/** Spearman's ρ for every pair of columns (pairwise complete records, as pandas does). */
export function spearmanMatrix(columns: readonly NumericColumn[]): CorrelationMatrix {
  const complete = columns.map(({ values }) => values.every(Number.isFinite));
  // Columns without missing values are ranked once; others are re-ranked per pair.
  const ranks = columns.map(({ values }, i) => (complete[i] ? averageRanks(values) : null));
  const matrix = columns.map(() => columns.map(() => NaN));
  for (let i = 0; i < columns.length; i++) {
    for (let j = i; j < columns.length; j++) {
      const ranksI = ranks[i];
      const ranksJ = ranks[j];
      const rho =
        ranksI && ranksJ ? pearson(ranksI, ranksJ) : spearman(columns[i].values, columns[j].values);
      matrix[i][j] = matrix[j][i] = i === j && !Number.isNaN(rho) ? 1 : rho;
    }
  }
  return { columns: columns.map(({ name }) => name), matrix };
}
