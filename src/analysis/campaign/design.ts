// A retention campaign designed as a controlled experiment: which customers of a segment get their
// first offer (treatment) and which get nothing (control), assigned at random — seeded and stratified by
// risk band and first offer, so the two groups are alike in what matters — and what such a campaign
// can detect. One pure function serves the segments page and `npm run campaign`: the same rows and
// options give the same assignment, and components/campaign-csv.ts turns it into the same bytes.
// Dependency-free apart from the project's RNG and the offer rules, so the browser imports it as is.

import { makeRng, shuffleInPlace } from "../models/rng.js";
import { OFFER_TYPES, type Channel } from "../segments/offer-rules.js";
import { expectedValue, type TargetingAssumptions } from "../segments/economics.js";
import { normalQuantile } from "../stats/normal-quantile.js";

/** The file's columns, in order (the measurement reads the same list). */
export const CAMPAIGN_COLUMNS = ["id", "group", "offer", "channel", "p", "segment", "seed", "created"] as const;
export const CAMPAIGN_FILE = "campaign.csv";
export type CampaignGroup = "treatment" | "control";
/** The channel written for the control group: they receive nothing. */
export const CONTROL_CHANNEL = "не отправлять";
/**
 * campaign.csv's `channel` values for the treatment group: the file's own vocabulary (the campaign team reads it, and
 * measure.ts reads it back), like the exports' column names and category values.
 */
export const CAMPAIGN_CHANNELS: Readonly<Record<Channel, string>> = { mail: "рассылка", site: "на сайте" };
export const DEFAULT_CONTROL_SHARE = 0.2;
/** Two-sided significance level and power of the page's detectable-effect figures. */
export const ALPHA = 0.05;
export const POWER = 0.8;

/**
 * One customer as the browser's customer table holds it (customer-columns.ts): the columns a segment
 * filter and the design read. Single-precision columns hold their stored (float32) values.
 */
export interface CampaignCandidate {
  id: number;
  p: number;
  profit: number;
  risk_band: string;
  offer1: string | null;
  offer1_drop: number | null;
  consent: string;
  /** Other columns a segment filter may use (service, category, a numeric feature). */
  [column: string]: number | string | null;
}

/**
 * The segment a campaign is drawn from: the segments page's filters, and optionally only the customers
 * whose offer pays off under the page's economics assumptions («только выгодные»).
 */
export interface SegmentFilter {
  p: number;
  profit: number;
  service?: string;
  category?: string;
  consent?: string;
  /** A numeric column of the customer table and its inclusive range. */
  feature?: string;
  from?: number;
  to?: number;
  profitable?: TargetingAssumptions;
}

const CHOICE_KEYS = ["service", "category", "consent"] as const;
/** Columns a range filter may name: the numeric columns of the customer table (customer-columns.ts). */
export const RANGE_COLUMNS = [
  "market_6m", "market_cur", "tenure_days", "promo_share", "categories_per_visit", "unpaid_items", "service_errors",
  "pages_per_visit", "revenue_m2", "revenue_m1", "revenue_m0", "minutes_m1", "minutes_m0", "profit",
] as const;

/**
 * The segment as one line (the file's `segment` column and the CLI's --segment): URL-query syntax with
 * the keys in a fixed order and numbers in JavaScript's shortest round-trip form, so the CLI reads back
 * exactly the thresholds the page used.
 */
export function formatSegment(f: SegmentFilter): string {
  const params = new URLSearchParams();
  params.set("p", String(f.p));
  params.set("profit", String(f.profit));
  for (const key of CHOICE_KEYS) if (f[key] !== undefined) params.set(key, f[key]!);
  if (f.feature !== undefined) {
    params.set("feature", f.feature);
    params.set("from", String(f.from));
    params.set("to", String(f.to));
  }
  if (f.profitable) {
    params.set("cost", String(f.profitable.costPerOffer));
    params.set("retained", String(f.profitable.retainedShare));
    params.set("horizon", String(f.profitable.horizonMonths));
  }
  return params.toString();
}

/** Reads formatSegment's line back; anything unknown, missing or not a number is an error naming it. */
export function parseSegment(text: string): SegmentFilter {
  const params = new URLSearchParams(text);
  const known = new Set(["p", "profit", ...CHOICE_KEYS, "feature", "from", "to", "cost", "retained", "horizon"]);
  for (const key of params.keys()) if (!known.has(key)) throw new Error(`segment "${text}": unknown key "${key}" (expected ${[...known].join(", ")})`);
  const number = (key: string): number => {
    const raw = params.get(key);
    const value = raw === null || raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(value)) throw new Error(`segment "${text}": "${key}" must be a number, found ${raw === null ? "nothing" : JSON.stringify(raw)}`);
    return value;
  };
  const filter: SegmentFilter = { p: number("p"), profit: number("profit") };
  for (const key of CHOICE_KEYS) if (params.has(key)) filter[key] = params.get(key)!;
  if (params.has("feature")) {
    const feature = params.get("feature")!;
    if (!(RANGE_COLUMNS as readonly string[]).includes(feature)) throw new Error(`segment "${text}": feature "${feature}" is not one of ${RANGE_COLUMNS.join(", ")}`);
    Object.assign(filter, { feature, from: number("from"), to: number("to") });
  }
  const economics = ["cost", "retained", "horizon"].filter((k) => params.has(k));
  if (economics.length === 3) filter.profitable = { costPerOffer: number("cost"), retainedShare: number("retained"), horizonMonths: number("horizon") };
  else if (economics.length) throw new Error(`segment "${text}": cost, retained and horizon go together (the «только выгодные» cut-off)`);
  return filter;
}

/**
 * Whether a customer is in the segment: the segments page's SQL filter, in JavaScript. Thresholds are
 * compared in single precision, as the page compares them (`p >= CAST(? AS FLOAT)`).
 */
export function inSegment(row: CampaignCandidate, f: SegmentFilter): boolean {
  if (!(row.p >= Math.fround(f.p) && row.profit >= Math.fround(f.profit))) return false;
  for (const key of CHOICE_KEYS) if (f[key] !== undefined && row[key] !== f[key]) return false;
  if (f.feature !== undefined) {
    const v = row[f.feature];
    if (typeof v !== "number" || !(v >= Math.fround(f.from!) && v <= Math.fround(f.to!))) return false;
  }
  return !f.profitable || expectedValue(row.p, row.profit, f.profitable) > 0;
}

export interface DesignOptions {
  segment: SegmentFilter;
  /** Share of the campaign kept as the control group, in (0, 1). */
  controlShare: number;
  /** Unsigned 32-bit integer. */
  seed: number;
  /** The campaign's date, YYYY-MM-DD (an input, never the clock: the CLI must reproduce the file). */
  created: string;
}

export interface CampaignRow {
  id: number;
  group: CampaignGroup;
  /** The customer's first offer (the control group's is the one it would have had). */
  offer: string;
  /** How the treatment group receives it (consent respected); CONTROL_CHANNEL for the control group. */
  channel: string;
  p: number;
  risk_band: string;
  /** The model's expected drop in probability if the first offer works (what-if, not a causal effect). */
  expected_drop: number;
}

export interface Stratum {
  risk_band: string;
  offer: string;
  treatment: number;
  control: number;
}

export interface CampaignDesign {
  options: DesignOptions;
  /** In id order. */
  rows: CampaignRow[];
  strata: Stratum[];
  n: { treatment: number; control: number };
  /** Customers of the segment left out because no offer applies to them. */
  without_offer: number;
  /** Mean recorded probability of decrease: the decrease rate the control group is expected to show. */
  expected_rate: number;
  /** Mean of the model's expected drop for the first offer over the campaign's customers. */
  expected_effect: number;
  power: PowerSummary;
}

/** Offer type (a rule's, or the stated fallback) → campaign.csv's channel for a customer with or without consent (the rule's channel only with consent). */
export function channelOf(offer: string, consent: string): string {
  const rule = OFFER_TYPES.find((r) => r.type === offer);
  if (!rule) throw new Error(`unknown offer type "${offer}"`);
  return CAMPAIGN_CHANNELS[consent === "да" ? rule.channel : "site"];
}

export function validateOptions(o: DesignOptions): void {
  if (!(o.controlShare > 0 && o.controlShare < 1)) throw new Error(`control share must be between 0 and 1 (exclusive), got ${o.controlShare}`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) throw new Error(`seed must be an integer in [0, 2^32), got ${o.seed}`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(o.created);
  const date = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!date || date.toISOString().slice(0, 10) !== o.created) throw new Error(`created must be a date YYYY-MM-DD, got "${o.created}"`);
}

const UNIFORM_SCALE = 2 ** 31;

/**
 * The campaign: the segment's customers with an offer, split at random within each stratum (risk band ×
 * first offer). Strata and customers are taken in a fixed order (keys, then ids), so the rows' order in
 * the input does not matter; each stratum's customers are shuffled with one seeded MT19937 stream and its
 * first ⌊n·share⌋ go to control, plus one more with probability equal to the fractional part — so every
 * stratum's control share is right in expectation and within one customer of it.
 */
export function designCampaign(candidates: readonly CampaignCandidate[], options: DesignOptions): CampaignDesign {
  validateOptions(options);
  const members = candidates.filter((r) => inSegment(r, options.segment));
  const eligible = members.filter((r) => r.offer1 !== null && r.offer1 !== "").sort((a, b) => a.id - b.id);
  const strata = new Map<string, CampaignCandidate[]>();
  for (let i = 0; i < eligible.length; i++) {
    const r = eligible[i];
    if (i > 0 && eligible[i - 1].id === r.id) throw new Error(`customer ${r.id} appears twice in the customer table`);
    const key = `${r.risk_band}\u0000${r.offer1}`;
    const list = strata.get(key);
    if (list) list.push(r);
    else strata.set(key, [r]);
  }
  const rng = makeRng(options.seed);
  const control = new Set<number>();
  const strataOut: Stratum[] = [];
  for (const key of [...strata.keys()].sort()) {
    const list = strata.get(key)!;
    const ids = list.map((r) => r.id);
    shuffleInPlace(ids, rng);
    const exact = ids.length * options.controlShare;
    const k = Math.floor(exact) + (rng.int(0, UNIFORM_SCALE - 1) / UNIFORM_SCALE < exact - Math.floor(exact) ? 1 : 0);
    for (let i = 0; i < k; i++) control.add(ids[i]);
    strataOut.push({ risk_band: list[0].risk_band, offer: list[0].offer1!, treatment: ids.length - k, control: k });
  }
  const rows: CampaignRow[] = eligible.map((r) => {
    const group: CampaignGroup = control.has(r.id) ? "control" : "treatment";
    const offer = r.offer1!;
    return { id: r.id, group, offer, channel: group === "control" ? CONTROL_CHANNEL : channelOf(offer, r.consent), p: r.p, risk_band: r.risk_band, expected_drop: r.offer1_drop ?? 0 };
  });
  const n = { treatment: rows.length - control.size, control: control.size };
  const expectedRate = mean(rows.map((r) => r.p));
  const expectedEffect = mean(rows.map((r) => r.expected_drop));
  return {
    options,
    rows,
    strata: strataOut,
    n,
    without_offer: members.length - eligible.length,
    expected_rate: expectedRate,
    expected_effect: expectedEffect,
    power: powerSummary(rows.length, options.controlShare, expectedRate, expectedEffect, n),
  };
}

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length ? s / values.length : NaN;
}

// ---------------------------------------------------------------- what a campaign can detect

/**
 * The minimum detectable effect on the decrease rate (absolute, a drop): the smallest δ a two-sided
 * two-proportion z-test at level α detects with the given power, the control group at `rate` and the
 * treatment group at rate − δ, each with its own variance:
 * δ = (z₁₋α/₂ + z_power) · √(r(1−r)/n_c + (r−δ)(1−r+δ)/n_t), solved by fixed-point iteration (a
 * contraction here). Infinity when a group is empty or no drop up to the whole rate is detectable.
 */
export function minimumDetectableEffect(nTreatment: number, nControl: number, rate: number, alpha = ALPHA, power = POWER): number {
  if (!(nTreatment > 0 && nControl > 0) || !(rate > 0 && rate <= 1)) return Infinity;
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  const se = (d: number) => Math.sqrt((rate * (1 - rate)) / nControl + ((rate - d) * (1 - rate + d)) / nTreatment);
  let d = z * Math.sqrt(rate * (1 - rate) * (1 / nControl + 1 / nTreatment));
  for (let i = 0; i < 100; i++) {
    const next = Math.min(rate, z * se(Math.min(d, rate)));
    if (Math.abs(next - d) < 1e-12) return next >= rate && z * se(rate) > rate ? Infinity : next;
    d = next;
  }
  return d >= rate && z * se(rate) > rate ? Infinity : d;
}

export interface PowerSummary {
  alpha: number;
  power: number;
  /** MDE for the chosen sizes (Infinity: nothing detectable). */
  mde: number;
  /** Smallest control share (≤ 0.5) at which the model's expected effect is detectable; null: none is enough. */
  control_share_needed: number | null;
  /** Campaign size at which the expected effect is detectable with the chosen control share; null: no effect expected. */
  customers_needed: number | null;
  /** ok: the expected effect is detectable; underpowered: only larger effects are; useless: not even a drop of half the rate. */
  verdict: "ok" | "underpowered" | "useless";
}

/** What a campaign of `total` customers with this control share can detect, and what it would take to detect `effect`. */
export function powerSummary(total: number, controlShare: number, rate: number, effect: number, n?: { treatment: number; control: number }): PowerSummary {
  const sizes = n ?? { control: Math.round(total * controlShare), treatment: total - Math.round(total * controlShare) };
  const mde = minimumDetectableEffect(sizes.treatment, sizes.control, rate);
  const detects = (s: number, size: number) => minimumDetectableEffect(size - Math.round(size * s), Math.round(size * s), rate) <= effect;
  let shareNeeded: number | null = null;
  if (effect > 0 && detects(0.5, total)) {
    // MDE falls as the control share grows towards one half: bisect on whole-percent shares.
    let lo = 0, hi = 50;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (detects(mid / 100, total)) hi = mid;
      else lo = mid;
    }
    shareNeeded = hi / 100;
  }
  let customersNeeded: number | null = null;
  if (effect > 0 && effect < rate) {
    let lo = 1, hi = 2;
    while (!detects(controlShare, hi) && hi < 1e12) hi *= 2;
    if (hi < 1e12) {
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (detects(controlShare, mid)) hi = mid;
        else lo = mid;
      }
      customersNeeded = hi;
    }
  }
  const verdict = mde <= effect ? "ok" : mde <= rate / 2 ? "underpowered" : "useless";
  return { alpha: ALPHA, power: POWER, mde, control_share_needed: shareNeeded, customers_needed: customersNeeded, verdict };
}
