// The customers a campaign is designed from, read from the browser's own table (customers.arrow of the
// cached analysis): the same single-precision values and the same levels the segments page queries, so
// `npm run campaign` and the page give the design the same input.

import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import type { CampaignCandidate } from "../analysis/campaign/design.js";
import type { SegmentDefaults } from "../analysis/segments/segments.js";
import { artifactPath } from "./analysis-cache.js";

/** Columns every design reads (the page's query selects the same ones). */
export const CANDIDATE_COLUMNS = ["id", "p", "profit", "risk_band", "offer1", "offer1_drop", "consent", "service", "category"] as const;

export function candidatesFromArrow(bytes: Uint8Array, extra: readonly string[] = []): CampaignCandidate[] {
  const table = tableFromIPC(bytes);
  const names = [...CANDIDATE_COLUMNS, ...extra.filter((c) => !(CANDIDATE_COLUMNS as readonly string[]).includes(c))];
  const columns = names.map((name) => {
    const child = table.getChild(name);
    if (!child) throw new Error(`customers.arrow has no column ${name}`);
    return Array.from(child as Iterable<unknown>) as (number | string | null)[];
  });
  const out: CampaignCandidate[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, number | string | null> = {};
    for (let k = 0; k < names.length; k++) row[names[k]] = columns[k][i];
    out[i] = row as CampaignCandidate;
  }
  return out;
}

/** The analysed folder's candidates and default segment, from the analysis cache (running the analysis if needed). */
export async function cachedCandidates(dataDir: string, extra: readonly string[] = []): Promise<{ candidates: CampaignCandidate[]; defaults: SegmentDefaults }> {
  const candidates = candidatesFromArrow(readFileSync(await artifactPath("customers.arrow", dataDir)), extra);
  const defaults = JSON.parse(readFileSync(await artifactPath("segments.json", dataDir), "utf8")) as SegmentDefaults;
  return { candidates, defaults };
}
