// Tables with readable column headers; the raw column name stays available on hover.

import * as Inputs from "npm:@observablehq/inputs";
import { html } from "npm:htl";
import { formatNumber, labelOf } from "./format.js";

export function headerWithRawName(column: string): HTMLElement {
  return html`<span title=${`Столбец в данных: ${column}`}>${labelOf(column)}</span>`;
}

/** Inputs.table over rows of the merged table: readable headers, Russian number formatting. */
export function customerTable<T extends object>(rows: readonly T[], { columns, rowsShown = 12 }: { columns: string[]; rowsShown?: number }) {
  const header = Object.fromEntries(columns.map((c) => [c, headerWithRawName(c)]));
  const format = Object.fromEntries(
    columns.map((c) => [c, (v: unknown) => (typeof v === "number" ? (c === "id" ? String(v) : formatNumber(v, 2)) : String(v))]),
  );
  // Readable headers wrap onto two or three lines (style.css .customer-table) instead of being cut to «П», «Согл».
  const table = Inputs.table(rows, { columns, header, format, rows: rowsShown, layout: "auto" }) as HTMLElement;
  table.classList.add("customer-table");
  return table;
}
