// A campaign on generated demo exports without the model: the demo's latent risk stands in for the
// report's probability (it is what the planted outcomes are drawn from, so the truth is known), and the
// first applicable offer rule stands in for the model's ranking.

import { cleanExports } from "../../../src/analysis/clean/clean.js";
import { designCampaign, type CampaignCandidate, type CampaignDesign } from "../../../src/analysis/campaign/design.js";
import { parseCampaignCsv } from "../../../src/analysis/campaign/measure.js";
import { measureParsed, type CampaignArtifact } from "../../../src/analysis/campaign/stage.js";
import { plantCampaignEffect } from "../../../src/analysis/demo/campaign-effect.js";
import { DEMO_FILE_NAMES, generateDemoCustomers, generateDemoFiles, type DemoChunk } from "../../../src/analysis/demo/generate.js";
import { decodeUtf8 } from "../../../src/analysis/ingest/decode.js";
import { EXPORT_NAMES, EXPORT_SPECS } from "../../../src/analysis/ingest/exports.js";
import { offerContext } from "../../../src/analysis/segments/offer-context.js";
import { OFFER_RULES } from "../../../src/analysis/segments/offer-rules.js";
import { riskBand } from "../../../src/analysis/segments/segments.js";
import { quantile } from "../../../src/analysis/stats/describe.js";
import { campaignCsv } from "../../../src/components/campaign-csv.js";

export function clean(files: DemoChunk) {
  const texts = Object.fromEntries(
    EXPORT_NAMES.map((name) => {
      const file = EXPORT_SPECS[name].fileName as (typeof DEMO_FILE_NAMES)[number];
      return [name, decodeUtf8(file, new TextEncoder().encode(files[file]))];
    }),
  ) as Parameters<typeof cleanExports>[0];
  return cleanExports(texts);
}

export interface DemoWorld {
  files: DemoChunk;
  candidates: CampaignCandidate[];
  probability: Map<number, number>;
  medianProfit: number;
}

export function demoWorld(customers: number, seed: number): DemoWorld {
  const files = generateDemoFiles({ customers, seed });
  const risk = new Map<number, number>();
  for (const c of generateDemoCustomers({ customers, seed })) risk.set(c.id, Math.fround(c.risk));
  const { customers: kept } = clean(files);
  const ctx = offerContext(kept);
  const candidates: CampaignCandidate[] = kept.map((c) => {
    const p = risk.get(c.id)!;
    const rule = OFFER_RULES.find((r) => r.applies(c, ctx));
    return {
      id: c.id,
      p,
      profit: Math.fround(c.Прибыль),
      risk_band: riskBand(p),
      offer1: rule?.type ?? null,
      offer1_drop: rule ? Math.fround(0.05) : null,
      consent: c["Разрешить сообщать"],
      service: c["Тип сервиса"],
      category: c.Популярная_категория,
    };
  });
  return { files, candidates, probability: new Map(candidates.map((c) => [c.id, c.p])), medianProfit: quantile(kept.map((c) => c.Прибыль), 0.5) };
}

/** Design on the default-like segment (p ≥ `pMin`, profit ≥ median), plant `effect`, refresh, measure. */
export function runDemoCampaign(world: DemoWorld, effect: number, seed: number, pMin = 0.6): { design: CampaignDesign; measured: CampaignArtifact } {
  const design = designCampaign(world.candidates, { segment: { p: pMin, profit: world.medianProfit }, controlShare: 0.2, seed, created: "2026-12-01" });
  const { files } = plantCampaignEffect(world.files, design.rows, world.probability, { effect, seed });
  const refreshed = clean(files);
  const measured = measureParsed(parseCampaignCsv(campaignCsv(design)), { customers: refreshed.customers, ledger: refreshed.ledger, segment: [] });
  return { design, measured };
}
