// The default segment in numbers, for the conclusions and the executive summary: its size, the profit
// it brings and stands to lose, how it differs from everyone else, and which offers lead in it.

import { NUMERIC_FEATURES, type Customer } from "../schema.js";
import { cohensD } from "../stats/describe.js";
import type { OfferRow } from "../pipeline.js";
import type { SegmentDefaults } from "./segments.js";

export const TARGET_SEGMENT = "в зоне риска, высокая прибыль";

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
  /** Customers of the segment with at least one applicable offer. */
  with_offers: number;
  /** Every segment's size, for the summary. */
  segment_sizes: { name: string; size: number }[];
}

export function profileSegment(customers: readonly Customer[], offers: readonly OfferRow[], defaults: SegmentDefaults): SegmentProfile {
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
    segment_sizes: [...sizes].map(([name, size]) => ({ name, size })).sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}
