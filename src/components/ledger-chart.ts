// The ledger as a chart: for each export, how many raw rows were kept as they were, kept after a
// documented correction, or excluded — so a reader sees at a glance that every row is accounted for.

import * as Plot from "npm:@observablehq/plot";
import { ATTENTION_COLOR, formatInt, NEUTRAL_COLOR, plural } from "./format.js";

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
/** Kept rows grey, corrected ones orange (attention), excluded ones in the text colour: no class or direction colour. */
const OUTCOME_COLORS = [NEUTRAL_COLOR, ATTENTION_COLOR, "currentColor"];

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
      // The three outcomes of a file add up to its raw rows: an explicit stack, in the legend's order.
      Plot.barX(
        rows,
        Plot.stackX({
          x: "rows",
          y: "file",
          fill: "outcome",
          order: OUTCOME_DOMAIN,
          title: (d: (typeof rows)[number]) => `${d.file}\n${d.outcome}: ${formatInt(d.rows)} из ${formatInt(d.raw)} ${plural(d.raw, ["строки", "строк", "строк"])}`,
          tip: true,
        }),
      ),
      Plot.ruleX([0]),
    ],
  });
}
