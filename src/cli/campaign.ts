// npm run campaign -- --data DIR --out FILE [--segment S] [--control 0.2] [--seed N] --created YYYY-MM-DD
// Designs a retention campaign as a controlled experiment with the same pure function as the segments
// page (analysis/campaign/design.ts) and writes campaign.csv with the same formatter: the page's command
// line reproduces its download byte for byte.

import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CONTROL_SHARE, designCampaign, parseSegment, type CampaignDesign } from "../analysis/campaign/design.js";
import { InputError } from "../analysis/ingest/errors.js";
import { campaignCsv } from "../components/campaign-csv.js";
import { cachedCandidates } from "../io/campaign-candidates.js";
import { dataDirFromEnv } from "../io/read-exports.js";

const USAGE = `Usage: npm run campaign -- --created YYYY-MM-DD [--data DIR (default: $DATA_DIR or data/demo)] [--out FILE (default: campaign.csv)]
  [--segment "p=0.6&profit=4.2…" (default: the report's default segment; the segments page shows the line)]
  [--control SHARE (default: ${DEFAULT_CONTROL_SHARE})] [--seed N (default: 1)]`;

export async function designFromFolder(dataDir: string, args: { segment?: string; control?: number; seed?: number; created: string }): Promise<CampaignDesign> {
  const requested = args.segment !== undefined ? parseSegment(args.segment) : null;
  const { candidates, defaults } = await cachedCandidates(dataDir, requested?.feature ? [requested.feature] : []);
  const segment = requested ?? { p: defaults.probability, profit: defaults.profit };
  return designCampaign(candidates, { segment, controlShare: args.control ?? DEFAULT_CONTROL_SHARE, seed: args.seed ?? 1, created: args.created });
}

function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) throw new Error(`--${name} expects a number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      out: { type: "string", default: "campaign.csv" },
      segment: { type: "string" },
      control: { type: "string" },
      seed: { type: "string" },
      created: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.created) throw new Error(`--created YYYY-MM-DD is required (the campaign's date, as the page shows it)\n${USAGE}`);
  const dataDir = values.data ? resolve(values.data) : dataDirFromEnv();
  const design = await designFromFolder(dataDir, { segment: values.segment, control: number("control", values.control), seed: number("seed", values.seed), created: values.created });
  const out = resolve(values.out!);
  writeFileSync(out, campaignCsv(design));
  const { n, power } = design;
  console.log(
    `campaign: ${n.treatment} treatment + ${n.control} control customers (${design.without_offer} of the segment have no offer) → ${out}; ` +
      `expected decrease rate ${(design.expected_rate * 100).toFixed(1)}%, model's expected drop ${(design.expected_effect * 100).toFixed(1)} pp, ` +
      `detectable drop ${Number.isFinite(power.mde) ? (power.mde * 100).toFixed(1) + " pp" : "none"} (α = ${power.alpha}, power ${power.power})` +
      (power.verdict === "ok" ? "" : ` — WARNING: too small to detect the expected effect${power.customers_needed ? ` (needs about ${power.customers_needed} customers)` : ""}`),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    if (error instanceof InputError) console.error(`Cannot design the campaign: ${error.message}`);
    else console.error(`campaign: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
}
