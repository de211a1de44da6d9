// The campaign measurement as an analysis stage: campaign.csv (when the data folder has one) against
// the refreshed exports' labels, with the current model's expectation and the targeting economics
// redone with the measured retained share. Produces campaign.json (CampaignArtifact), or null.

import type { ExclusionCode, Ledger, RowExclusionReason } from "../clean/ledger.js";
import { decodeUtf8 } from "../ingest/decode.js";
import { makeScorer, type ModelArtifact } from "../models/scoring.js";
import { calibrate, type Calibrator } from "../models/calibration.js";
import { POSITIVE_CLASS, TARGET, type Customer } from "../schema.js";
import { DEFAULT_ASSUMPTIONS, targetingCurve, type TargetingAssumptions } from "../segments/economics.js";
import { OFFER_RULES, OFFER_TYPES, type OfferContext } from "../segments/offer-rules.js";
import { riskBand, RISK_BANDS } from "../segments/segments.js";
import { CAMPAIGN_FILE, type CampaignGroup } from "./design.js";
import { compareGroups, parseCampaignCsv, qiniCoefficient, qiniCurve, type GroupComparison, type ParsedCampaign, type QiniPoint } from "./measure.js";

/** The default economics assumptions: defined once, in segments/economics.ts. */
export { DEFAULT_ASSUMPTIONS };

export interface EconomicsResult {
  retained_share: number;
  best_n: number;
  best_value: number;
  break_even_n: number | null;
  /** The curve at most ~200 points (cumulative net value after n customers). */
  curve: { n: number; cumulative: number }[];
}

export interface CampaignArtifact {
  file: string;
  segment: string;
  seed: number;
  created: string;
  /** Data rows in the file. */
  rows: number;
  n: { treatment: number; control: number };
  decreased: { treatment: number; control: number };
  rate: { treatment: number | null; control: number | null };
  uplift: number | null;
  uplift_ci: [number, number] | null;
  /** The uplift interval's method: 95 %, Newcombe's hybrid Wilson score interval (measure.ts compareGroups). */
  interval: "newcombe_wilson_95";
  /** By offer type (offer-rules.ts OFFER_TYPES' ids). */
  by_offer: ({ offer: string } & GroupComparison)[];
  by_band: ({ band: string } & GroupComparison)[];
  qini: QiniPoint[];
  qini_coefficient: number;
  /** What the model expected: the recorded probability (mean, per group) and its what-if drop for the recorded offers. */
  expected: { recorded_rate: { treatment: number; control: number }; model_drop: number | null; model_drop_customers: number };
  /** Share of would-be decreasers the campaign kept (uplift / control rate) and its interval, or null. */
  retained_share: { value: number; ci: [number, number] } | null;
  economics: { population: number; assumptions: TargetingAssumptions; assumed: EconomicsResult; measured: EconomicsResult | null; measured_low: EconomicsResult | null; measured_high: EconomicsResult | null } | null;
  unmatched: {
    /** Ids in no file of the new exports: customers gone from them, or ids the store never had (the file alone cannot tell). */
    gone: number;
    /** Ids in the new exports but excluded by their cleaning (no longer a regular, complete customer), by reason. */
    excluded: number;
    excluded_reasons: { code: ExclusionCode; n: number }[];
    /** Ids that occur more than once in the file: every row of such an id is left out. */
    duplicate_ids: number;
    duplicate_rows: number;
    /** Rows with an empty group. */
    no_group: number;
    /** Gone and excluded, by group: a difference between the groups would bias the comparison. */
    by_group: Record<CampaignGroup, { gone: number; excluded: number }>;
    /**
     * The first few problem rows: line, id and the problem: the id occurs more than once, the group is empty, the
     * customer was excluded by the new exports' cleaning (`reason`: the ledger's), or is in no file of them.
     */
    examples: CampaignProblem[];
  };
}

export type CampaignProblem = { line: number; id: number } & (
  | { problem: "duplicate_id" }
  | { problem: "no_group" }
  | { problem: "excluded"; reason: RowExclusionReason }
  | { problem: "gone" }
);

export interface CampaignStageInput {
  /** campaign.csv's bytes. */
  bytes: Uint8Array;
  customers: readonly Customer[];
  ledger: Ledger;
  /**
   * The what-if's inputs (optional in tests): for customers[i], the index into `models`/`calibrators` of the model that
   * never saw them (pipeline's honest models) and its raw score; and the offers' thresholds.
   */
  expectation?: { models: readonly ModelArtifact[]; calibrators: readonly Calibrator[]; modelIndex: ArrayLike<number>; context: OfferContext; scores: ArrayLike<number> };
  /** The default segment of the new data, for the economics: honest probability and profit. */
  segment: readonly { id: number; p: number; profit: number }[];
}

const EXAMPLES = 10;

export function campaignArtifact(input: CampaignStageInput): CampaignArtifact {
  const { text } = decodeUtf8(CAMPAIGN_FILE, input.bytes);
  return measureParsed(parseCampaignCsv(text), input);
}

export function measureParsed(parsed: ParsedCampaign, input: Omit<CampaignStageInput, "bytes">): CampaignArtifact {
  const { customers, ledger } = input;
  const index = new Map(customers.map((c, i) => [c.id, i]));
  const excludedReason = new Map<number, RowExclusionReason>();
  for (const { id, ...reason } of ledger.customers.excluded) excludedReason.set(id, reason);
  for (const f of Object.values(ledger.files)) {
    for (const { line: _, id, ...reason } of f.excluded) if (id !== null && !index.has(id) && !excludedReason.has(id)) excludedReason.set(id, reason);
  }

  const count = new Map<number, number>();
  for (const r of parsed.records) count.set(r.id, (count.get(r.id) ?? 0) + 1);
  const examples: CampaignArtifact["unmatched"]["examples"] = [];
  const note = (problem: CampaignProblem) => examples.length < EXAMPLES && examples.push(problem);
  let duplicateRows = 0, noGroup = 0, gone = 0, excluded = 0;
  const byGroup = { treatment: { gone: 0, excluded: 0 }, control: { gone: 0, excluded: 0 } };
  const excludedReasons = new Map<ExclusionCode, { code: ExclusionCode; n: number }>();
  const measured: { id: number; p: number; group: CampaignGroup; y: number; offer: string; i: number }[] = [];
  for (const r of parsed.records) {
    if (count.get(r.id)! > 1) {
      duplicateRows++;
      note({ line: r.line, id: r.id, problem: "duplicate_id" });
      continue;
    }
    if (r.group === null) {
      noGroup++;
      note({ line: r.line, id: r.id, problem: "no_group" });
      continue;
    }
    const i = index.get(r.id);
    if (i === undefined) {
      const why = excludedReason.get(r.id);
      if (why) {
        excluded++;
        byGroup[r.group].excluded++;
        const g = excludedReasons.get(why.code) ?? { code: why.code, n: 0 };
        g.n++;
        excludedReasons.set(why.code, g);
        note({ line: r.line, id: r.id, problem: "excluded", reason: why });
      } else {
        gone++;
        byGroup[r.group].gone++;
        note({ line: r.line, id: r.id, problem: "gone" });
      }
      continue;
    }
    measured.push({ id: r.id, p: r.p, group: r.group, y: customers[i][TARGET] === POSITIVE_CLASS ? 1 : 0, offer: r.offer, i });
  }

  const overall = compareGroups(measured);
  const byOffer = OFFER_TYPES.map((rule) => ({ offer: rule.type, ...compareGroups(measured.filter((m) => m.offer === rule.type)) })).filter((o) => o.n.treatment + o.n.control > 0);
  const byBand = RISK_BANDS.map((b) => ({ band: b.band, ...compareGroups(measured.filter((m) => riskBand(m.p) === b.band)) })).filter((o) => o.n.treatment + o.n.control > 0);
  const qini = qiniCurve(measured);

  // The model's expectation, on the control group: randomisation makes it a fair picture of the treated
  // before treatment, and — untreated — its current features are still what the offer would move.
  let dropSum = 0, dropN = 0;
  if (input.expectation) {
    const { models, calibrators, modelIndex, context, scores } = input.expectation;
    const scorers = models.map(makeScorer);
    for (const m of measured) {
      if (m.group !== "control") continue;
      // The stated fallback moves no lever: the model has no expectation for it.
      const rule = OFFER_RULES.find((r) => r.type === m.offer);
      if (!rule) continue;
      // The same calibrated what-if as the offers: the customer's honest model, before and after the lever moves.
      const k = modelIndex[m.i];
      dropSum += calibrate(calibrators[k], scores[m.i]) - calibrate(calibrators[k], scorers[k](rule.move(customers[m.i], context)));
      dropN++;
    }
  }
  const meanP = (g: CampaignGroup) => {
    const list = measured.filter((m) => m.group === g);
    return list.reduce((s, m) => s + m.p, 0) / Math.max(1, list.length);
  };

  const rc = overall.rate.control;
  const retained = overall.uplift !== null && rc ? { value: overall.uplift / rc, ci: [overall.uplift_ci![0] / rc, overall.uplift_ci![1] / rc] as [number, number] } : null;
  const economicsAt = (share: number): EconomicsResult => {
    const a = { ...DEFAULT_ASSUMPTIONS, retainedShare: Math.max(0, share) };
    const curve = targetingCurve(input.segment, a);
    const step = Math.max(1, Math.ceil(curve.points.length / 200));
    const points = [{ n: 0, cumulative: 0 }, ...curve.points.filter((_, k) => k % step === step - 1 || k === curve.points.length - 1 || k + 1 === curve.bestN).map((p) => ({ n: p.n, cumulative: p.cumulative }))];
    return { retained_share: a.retainedShare, best_n: curve.bestN, best_value: curve.bestValue, break_even_n: curve.breakEvenN, curve: points };
  };
  return {
    file: CAMPAIGN_FILE,
    segment: parsed.segment,
    seed: parsed.seed,
    created: parsed.created,
    rows: parsed.records.length,
    n: overall.n,
    decreased: overall.decreased,
    rate: overall.rate,
    uplift: overall.uplift,
    uplift_ci: overall.uplift_ci,
    interval: "newcombe_wilson_95",
    by_offer: byOffer,
    by_band: byBand,
    qini,
    qini_coefficient: qiniCoefficient(qini),
    expected: { recorded_rate: { treatment: meanP("treatment"), control: meanP("control") }, model_drop: dropN ? dropSum / dropN : null, model_drop_customers: dropN },
    retained_share: retained,
    economics: input.segment.length
      ? {
          population: input.segment.length,
          assumptions: DEFAULT_ASSUMPTIONS,
          assumed: economicsAt(DEFAULT_ASSUMPTIONS.retainedShare),
          measured: retained ? economicsAt(retained.value) : null,
          measured_low: retained ? economicsAt(retained.ci[0]) : null,
          measured_high: retained ? economicsAt(retained.ci[1]) : null,
        }
      : null,
    unmatched: {
      gone,
      excluded,
      excluded_reasons: [...excludedReasons.values()].sort((a, b) => b.n - a.n || (a.code < b.code ? -1 : 1)),
      duplicate_ids: [...count.values()].filter((n) => n > 1).length,
      duplicate_rows: duplicateRows,
      no_group: noGroup,
      by_group: byGroup,
      examples,
    },
  };
}
