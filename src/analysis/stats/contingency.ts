// Contingency tables of two coded variables and Pearson's chi² test of independence on them.

/** Rows × columns of counts; rows index the first variable's levels, columns the second's. */
export type ContingencyTable = number[][];

/**
 * Cross-tabulates two integer-coded variables. A negative code marks a missing value; such records are
 * skipped, like pandas' groupby in phik. Levels never observed together with a non-missing partner are
 * dropped, so every row and column of the result has a positive total.
 */
export function crossTabulate(
  rowCodes: ArrayLike<number>,
  rowLevels: number,
  columnCodes: ArrayLike<number>,
  columnLevels: number,
): ContingencyTable {
  if (rowCodes.length !== columnCodes.length) throw new Error("crossTabulate: code arrays differ in length");
  const counts = new Float64Array(rowLevels * columnLevels);
  for (let i = 0; i < rowCodes.length; i++) {
    const row = rowCodes[i];
    const column = columnCodes[i];
    if (row < 0 || column < 0) continue;
    counts[row * columnLevels + column] += 1;
  }
  const table: ContingencyTable = [];
  for (let r = 0; r < rowLevels; r++) table.push(Array.from(counts.subarray(r * columnLevels, (r + 1) * columnLevels)));
  return dropEmptyRowsAndColumns(table);
}

/** Removes rows and columns whose total is zero (scipy's chi2_contingency rejects them; phik drops them). */
export function dropEmptyRowsAndColumns(table: ContingencyTable): ContingencyTable {
  const columnCount = table.length === 0 ? 0 : table[0].length;
  const keptColumns: number[] = [];
  for (let c = 0; c < columnCount; c++) {
    if (table.some((row) => row[c] !== 0)) keptColumns.push(c);
  }
  return table.filter((row) => row.some((count) => count !== 0)).map((row) => keptColumns.map((c) => row[c]));
}

/** Expected counts under independence, from the table's margins. */
export function expectedFrequencies(table: ContingencyTable): number[][] {
  const rowTotals = table.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnTotals = table[0].map((_, c) => table.reduce((sum, row) => sum + row[c], 0));
  const total = rowTotals.reduce((sum, count) => sum + count, 0);
  return table.map((_, r) => columnTotals.map((columnTotal) => (rowTotals[r] * columnTotal) / total));
}

/** Degrees of freedom of the independence test, (rows − 1)(columns − 1). */
export function degreesOfFreedom(table: ContingencyTable): number {
  return table.length === 0 ? 0 : (table.length - 1) * (table[0].length - 1);
}

/**
 * Pearson's chi² statistic for independence, as scipy.stats.chi2_contingency computes it with its
 * defaults (which phik uses): for a 2×2 table Yates' continuity correction is applied, each cell moved
 * towards its expectation by at most 0.5. Cells with zero expectation contribute nothing.
 */
export function pearsonChiSquare(table: ContingencyTable): number {
  if (table.length === 0 || table[0].length === 0) return 0;
  const expected = expectedFrequencies(table);
  const yates = degreesOfFreedom(table) === 1;
  let chiSquare = 0;
  for (let r = 0; r < table.length; r++) {
    for (let c = 0; c < table[r].length; c++) {
      const expectation = expected[r][c];
      if (expectation === 0) continue;
      let observed = table[r][c];
      if (yates) {
        const difference = expectation - observed;
        observed += Math.sign(difference) * Math.min(0.5, Math.abs(difference));
      }
      chiSquare += ((observed - expectation) * (observed - expectation)) / expectation;
    }
  }
  return chiSquare;
}
