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

/**
 * Inputs.table draws its first rows and adds more as the reader scrolls, so paper would get only those. Before
 * printing (Ctrl+P fires beforeprint while the screen layout still applies), each table is scrolled to its end
 * until it has drawn every row; the print styles in style.css then lift its height limit.
 */
export function drawAllTableRows(root: ParentNode = document): void {
  for (const form of root.querySelectorAll<HTMLElement>("form.inputs-3a86ea-table")) {
    for (let drawn = -1, guard = 0; guard < 100_000; guard++) {
      const rows = form.querySelectorAll("tbody tr").length;
      if (rows === drawn) break;
      drawn = rows;
      form.scrollTop = form.scrollHeight;
      form.dispatchEvent(new Event("scroll"));
    }
    form.scrollTop = 0;
  }
}

// Every page with a table imports this module; one listener for the page.
if (typeof window !== "undefined") window.addEventListener("beforeprint", () => drawAllTableRows());
