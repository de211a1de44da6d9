// The ledger as a chart: for each export, how many raw rows were kept as they were, kept after a
// documented correction, or excluded — so a reader sees at a glance that every row is accounted for.

import * as Plot from "npm:@observablehq/plot";
import { formatInt } from "./format.js";

export interface FileLedgerSummary {
  readonly file: string;
  readonly raw: number;
  readonly kept: number;
  /** Distinct rows kept after a correction. */
  readonly corrected_rows: number;
  /** Excluded rows. */
  readonly excluded_rows: number;
}

export const OUTCOME_DOMAIN = ["оставлена как есть", "оставлена после исправления", "исключена"];
const OUTCOME_COLORS = ["#9aa5b1", "#E69F00", "#CC79A7"];

export function ledgerRows(files: readonly FileLedgerSummary[]) {
  return files.flatMap((f) => {
    const correctedRows = f.corrected_rows;
    return [
      { file: f.file, outcome: OUTCOME_DOMAIN[0], rows: f.kept - correctedRows, raw: f.raw },
      { file: f.file, outcome: OUTCOME_DOMAIN[1], rows: correctedRows, raw: f.raw },
      { file: f.file, outcome: OUTCOME_DOMAIN[2], rows: f.excluded_rows, raw: f.raw },
    ];
  });
}

export function ledgerChart(files: readonly FileLedgerSummary[], { width }: { width: number }) {
  const rows = ledgerRows(files);
  return Plot.plot({
    width,
    height: 60 + 36 * files.length,
    marginLeft: 130,
    x: { label: "Строк в выгрузке →", tickFormat: formatInt, grid: true },
    y: { label: null },
    color: { domain: OUTCOME_DOMAIN, range: OUTCOME_COLORS, legend: true },
    marks: [
      Plot.barX(rows, {
        x: "rows",
        y: "file",
        fill: "outcome",
        order: OUTCOME_DOMAIN,
        title: (d: (typeof rows)[number]) => `${d.file}\n${d.outcome}: ${formatInt(d.rows)} из ${formatInt(d.raw)} строк`,
        tip: true,
      }),
      Plot.ruleX([0]),
    ],
  });
}
