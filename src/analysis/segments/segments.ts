// Risk bands and the default segment of the study: customers with a high probability of decrease
// and a high profit — the ones worth saving first. Dependency-free rules: the browser imports them
// (/importance names each customer's segment), so the thresholds of a data set are computed elsewhere
// (segment-profile.ts segmentDefaults).

/** Probability bands (a reporting convention, stated on the page). */
export const RISK_BANDS = [
  { band: "низкий", min: 0, max: 0.3 },
  { band: "средний", min: 0.3, max: 0.6 },
  { band: "высокий", min: 0.6, max: 1.000001 },
] as const;

export function riskBand(p: number): string {
  return RISK_BANDS.find((b) => p >= b.min && p < b.max)?.band ?? "высокий";
}

export interface SegmentDefaults {
  /** Customers at or above this probability of decrease are "at risk" (the high band's lower bound). */
  probability: number;
  /** Customers at or above this monthly profit are "valuable": the median profit of this data. */
  profit: number;
}

export type SegmentName = "в зоне риска, высокая прибыль" | "в зоне риска, прибыль ниже медианы" | "низкий риск";

/** The default segment, the customers worth saving: probability of decrease and profit both at or above the defaults. */
export function inDefaultSegment(p: number, profit: number, d: SegmentDefaults): boolean {
  return p >= d.probability && profit >= d.profit;
}

export function segmentOf(p: number, profit: number, d: SegmentDefaults): SegmentName {
  if (p < d.probability) return "низкий риск";
  return inDefaultSegment(p, profit, d) ? "в зоне риска, высокая прибыль" : "в зоне риска, прибыль ниже медианы";
}
