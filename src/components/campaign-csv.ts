// campaign.csv from a designed campaign: the one formatter the segments page and `npm run campaign`
// both call, so the same design is the same bytes. UTF-8 with a byte-order mark, ";" between fields and a
// decimal comma (the store's own money.csv convention, what a Russian-locale spreadsheet opens as
// numbers), CRLF line ends, cells neutralised against formula injection (csv.ts).

import { CAMPAIGN_COLUMNS, formatSegment, type CampaignDesign } from "../analysis/campaign/design.js";
import { EXCEL_RU_CSV, csvHeader, csvRows } from "./csv.js";

/**
 * A single-precision value (the customer table stores p as float32) in its shortest decimal form that
 * reads back to the same float32, with a decimal comma: 0.6123 → «0,6123».
 */
export function float32Text(value: number): string {
  const f = Math.fround(value);
  let text = String(f);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) {
      text = String(candidate);
      break;
    }
  }
  // No exponent form: tiny probabilities are written out in full.
  if (/e/i.test(text)) text = Number(text).toFixed(20).replace(/0+$/, "");
  return text.replace(".", ",");
}

export function campaignCsv(design: CampaignDesign): string {
  const { options, rows } = design;
  const segment = formatSegment(options.segment);
  const cell = (column: string, i: number): unknown => {
    const r = rows[i];
    switch (column) {
      case "p":
        return float32Text(r.p);
      case "segment":
        return segment;
      case "seed":
        return options.seed;
      case "created":
        return options.created;
      default:
        return r[column as "id" | "group" | "offer" | "channel"];
    }
  };
  return csvHeader(CAMPAIGN_COLUMNS, EXCEL_RU_CSV) + csvRows(rows.length, CAMPAIGN_COLUMNS, cell, EXCEL_RU_CSV);
}

/** Saves text as a file in the browser (the page's download; the CLI writes the same string to disk). */
export function downloadText(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const save = document.createElement("a");
  save.download = filename;
  save.href = url;
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
