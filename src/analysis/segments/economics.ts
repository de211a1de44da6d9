// Targeting economics: whom to target first, and where targeting stops paying for itself.
// Browser-safe and dependency-free: the segments page recomputes it live as the analyst changes
// the assumptions.

export interface TargetingAssumptions {
  /** Cost of one offer, in the same units as monthly profit. */
  readonly costPerOffer: number;
  /** Share of at-risk customers an offer retains (0–1). */
  readonly retainedShare: number;
  /** Months of profit a retained customer keeps bringing in. */
  readonly horizonMonths: number;
}

/**
 * The default economics assumptions, the one definition: the segments page's inputs start here (and its URL
 * omits them when unchanged), the index's «Что это даст» and the campaign's economics use them.
 */
export const DEFAULT_ASSUMPTIONS: TargetingAssumptions = { costPerOffer: 0.5, retainedShare: 0.2, horizonMonths: 3 };

/** The range each assumption's input allows on the segments page (and its URL state accepts). */
export const ASSUMPTION_LIMITS: { readonly [K in keyof TargetingAssumptions]: readonly [number, number] } = {
  costPerOffer: [0, 5],
  retainedShare: [0, 1],
  horizonMonths: [1, 12],
};

export interface TargetingPoint {
  /** Customers targeted so far (best first). */
  n: number;
  id: number;
  /** Expected profit kept by this customer's offer, minus its cost. */
  marginal: number;
  /** Cumulative expected net profit retained. */
  cumulative: number;
}

export interface TargetingCurve {
  points: TargetingPoint[];
  /** Number of customers at the maximum of the cumulative net profit (0 = targeting nobody is best). */
  bestN: number;
  bestValue: number;
  /** Last n at which the cumulative net is still ≥ 0 beyond the best cut-off (break-even), or null. */
  breakEvenN: number | null;
}

/** Expected value of targeting one customer: p(decrease) × retained share × profit over the horizon − cost. */
export function expectedValue(p: number, monthlyProfit: number, a: TargetingAssumptions): number {
  return p * a.retainedShare * monthlyProfit * a.horizonMonths - a.costPerOffer;
}

export function targetingCurve(rows: readonly { id: number; p: number; profit: number }[], a: TargetingAssumptions): TargetingCurve {
  const ranked = rows
    .map((r) => ({ id: r.id, value: expectedValue(r.p, r.profit, a) }))
    .sort((x, y) => y.value - x.value || x.id - y.id);
  const points: TargetingPoint[] = [];
  let cumulative = 0;
  let bestN = 0;
  let bestValue = 0;
  ranked.forEach((r, i) => {
    cumulative += r.value;
    points.push({ n: i + 1, id: r.id, marginal: r.value, cumulative });
    if (cumulative > bestValue) {
      bestValue = cumulative;
      bestN = i + 1;
    }
  });
  let breakEvenN: number | null = null;
  for (let i = bestN; i < points.length; i++) {
    if (points[i].cumulative >= 0) breakEvenN = points[i].n;
    else break;
  }
  return { points, bestN, bestValue, breakEvenN };
}
