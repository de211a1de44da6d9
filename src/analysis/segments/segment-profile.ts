// The default segment in numbers, for the conclusions and the executive summary: its size, the profit
// it brings and stands to lose, how it differs from everyone else, and which offers lead in it.

import { NUMERIC_FEATURES, type Customer } from "../schema.js";
import { cohensD, quantile } from "../stats/describe.js";
import type { OfferRow } from "./offers.js";
import { RISK_BANDS, type SegmentDefaults } from "./segments.js";
import { FALLBACK_OFFER } from "./offer-rules.js";
import { keptProfit, type KeptProfit } from "./kept-profit.js";

export const TARGET_SEGMENT = "в зоне риска, высокая прибыль";
const FALLBACK_TYPE = FALLBACK_OFFER.type;

/** The default segment's thresholds for this data: the high risk band's lower bound and the median monthly profit. */
export function segmentDefaults(customers: readonly Customer[]): SegmentDefaults {
  return { probability: RISK_BANDS[2].min, profit: quantile(customers.map((c) => c.Прибыль), 0.5) };
}

export interface SegmentProfile {
  name: string;
  defaults: SegmentDefaults;
  size: number;
  share: number;
  /** Monthly profit of the segment's customers, and the expected part of it at risk (Σ p × profit). */
  profit: number;
  profit_share: number;
  expected_loss: number;
  /** Numeric features by |standardised mean difference| between the segment and everyone else. */
  differences: { column: string; segment_mean: number; rest_mean: number; d: number }[];
  /** First-ranked offer types in the segment, most frequent first. */
  first_offers: { type: string; customers: number; mean_expected_drop: number }[];
  /** Customers of the segment with at least one applicable offer (the fallback included). */
  with_offers: number;
  /** Customers of the segment whose first offer is the stated fallback (no rule's lever helps them). */
  with_fallback: number;
  /**
   * The model's expected drop of every rule's offer over every customer it applies to, for training customers (scored by
   * their fold model) and the others (test, or outside the model sample) separately: if the two differ much, a model
   * that had seen its customers would be leaking into the effects.
   */
  offer_effects: { type: string; set: "train" | "other"; count: number; mean: number; q10: number; q25: number; median: number; q75: number; q90: number }[];
  /** Every segment's size, for the summary. */
  segment_sizes: { name: string; size: number }[];
  /** «Что это даст»: the recommended campaign's expected net profit kept, at the default assumptions, with its range. */
  kept_profit: KeptProfit;
}

export function profileSegment(customers: readonly Customer[], offers: readonly OfferRow[], defaults: SegmentDefaults, isTraining: (id: number) => boolean): SegmentProfile {
  const byId = new Map(offers.map((o) => [o.id, o]));
  const inSegment = (c: Customer) => byId.get(c.id)!.segment === TARGET_SEGMENT;
  const members = customers.filter(inSegment);
  const rest = customers.filter((c) => !inSegment(c));
  const totalProfit = customers.reduce((s, c) => s + c.Прибыль, 0);
  const profit = members.reduce((s, c) => s + c.Прибыль, 0);
  const mean = (rows: readonly Customer[], f: (typeof NUMERIC_FEATURES)[number]) => rows.reduce((s, c) => s + c[f], 0) / Math.max(1, rows.length);
  const differences = NUMERIC_FEATURES.map((column) => ({
    column,
    segment_mean: mean(members, column),
    rest_mean: mean(rest, column),
    d: members.length > 1 && rest.length > 1 ? cohensD(members.map((c) => c[column]), rest.map((c) => c[column])) : 0,
  })).sort((a, b) => Math.abs(b.d) - Math.abs(a.d) || (a.column < b.column ? -1 : 1));
  const first = new Map<string, { customers: number; drop: number }>();
  let withOffers = 0;
  for (const c of members) {
    const top = byId.get(c.id)!.offers[0];
    if (!top) continue;
    withOffers++;
    const entry = first.get(top.type) ?? { customers: 0, drop: 0 };
    entry.customers++;
    entry.drop += top.expected_drop;
    first.set(top.type, entry);
  }
  const drops = new Map<string, number[]>();
  for (const o of offers) {
    for (const f of o.offers) {
      if (f.type === FALLBACK_TYPE) continue;
      const key = `${f.type}\u0000${isTraining(o.id) ? "train" : "other"}`;
      const list = drops.get(key) ?? [];
      list.push(f.expected_drop);
      drops.set(key, list);
    }
  }
  const offerEffects = [...drops]
    .map(([key, list]) => {
      const [type, set] = key.split("\u0000") as [string, "train" | "other"];
      const q = (x: number) => quantile(list, x);
      return { type, set, count: list.length, mean: list.reduce((s, v) => s + v, 0) / list.length, q10: q(0.1), q25: q(0.25), median: q(0.5), q75: q(0.75), q90: q(0.9) };
    })
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.set < b.set ? 1 : -1));
  const sizes = new Map<string, number>();
  for (const o of offers) sizes.set(o.segment, (sizes.get(o.segment) ?? 0) + 1);
  return {
    name: TARGET_SEGMENT,
    defaults,
    size: members.length,
    share: members.length / Math.max(1, customers.length),
    profit,
    profit_share: totalProfit ? profit / totalProfit : 0,
    expected_loss: members.reduce((s, c) => s + byId.get(c.id)!.p * c.Прибыль, 0),
    differences,
    first_offers: [...first]
      .map(([type, e]) => ({ type, customers: e.customers, mean_expected_drop: e.drop / e.customers }))
      .sort((a, b) => b.customers - a.customers || (a.type < b.type ? -1 : 1)),
    with_offers: withOffers,
    with_fallback: members.filter((c) => byId.get(c.id)!.offers[0]?.type === FALLBACK_TYPE).length,
    offer_effects: offerEffects,
    segment_sizes: [...sizes].map(([name, size]) => ({ name, size })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    kept_profit: keptProfit(members.map((c) => ({ id: c.id, p: byId.get(c.id)!.p, profit: c.Прибыль }))),
  };
}
