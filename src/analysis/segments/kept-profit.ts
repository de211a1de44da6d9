// «Что это даст»: the profit the recommended campaign is expected to keep, at the default assumptions, with
// the range of its outcome. The recommended campaign targets the default segment's best cut-off of the
// targeting economics (targetingCurve). Its outcome is uncertain even when the calibrated probabilities are
// right: each targeted customer would have decreased with probability p and an offer keeps a would-be
// decreaser with the retained share, so the customer kept is a Bernoulli(p × share) draw. The range is the
// 5th–95th percentile of the net profit over seeded simulations of those draws (no normal approximation:
// a segment of a hundred customers with a few large profits is skewed).

import { makeRng } from "../models/rng.js";
import { DEFAULT_ASSUMPTIONS, expectedValue, targetingCurve, type TargetingAssumptions } from "./economics.js";

export interface KeptProfit {
  assumptions: TargetingAssumptions;
  /** Customers of the segment, and how many the recommended campaign targets (its best cut-off). */
  segment_size: number;
  targeted: number;
  /** Expected net profit kept over the horizon (Σ p × share × profit × horizon − cost over the targeted). */
  expected_total: number;
  /** The same per month of the horizon. */
  expected_per_month: number;
  /** 90 % of simulated outcomes lie in [low, high] (per month, net of the offers' cost). */
  range_per_month: [number, number];
  range_level: number;
  /** Offers' cost over the targeted customers (once, in profit units). */
  cost_total: number;
  simulations: number;
  seed: number;
}

const SIMULATIONS = 4000;
const SEED = 20260;
const LEVEL = 0.9;
const RESOLUTION = 2 ** 30;

export function keptProfit(segment: readonly { id: number; p: number; profit: number }[], a: TargetingAssumptions = DEFAULT_ASSUMPTIONS, simulations = SIMULATIONS, seed = SEED): KeptProfit {
  const curve = targetingCurve(segment, a);
  const byId = new Map(segment.map((r) => [r.id, r]));
  const targeted = curve.points.slice(0, curve.bestN).map((pt) => byId.get(pt.id)!);
  const expectedTotal = targeted.reduce((s, r) => s + expectedValue(r.p, r.profit, a), 0);
  const costTotal = targeted.length * a.costPerOffer;
  const rng = makeRng(seed);
  const outcomes = new Float64Array(simulations);
  for (let k = 0; k < simulations; k++) {
    let kept = 0;
    for (const r of targeted) if (rng.int(0, RESOLUTION - 1) / RESOLUTION < r.p * a.retainedShare) kept += r.profit * a.horizonMonths;
    outcomes[k] = (kept - costTotal) / a.horizonMonths;
  }
  outcomes.sort();
  const at = (q: number) => (simulations ? outcomes[Math.min(simulations - 1, Math.max(0, Math.round(q * (simulations - 1))))] : 0);
  return {
    assumptions: { ...a },
    segment_size: segment.length,
    targeted: targeted.length,
    expected_total: expectedTotal,
    expected_per_month: expectedTotal / a.horizonMonths,
    range_per_month: [at((1 - LEVEL) / 2), at((1 + LEVEL) / 2)],
    range_level: LEVEL,
    cost_total: costTotal,
    simulations,
    seed,
  };
}
