// Personalised offers: an explicit, reviewable rule table from actionable drivers to offer types,
// and a model-based ranking of the offers that apply to a customer.
//
// Each rule names the lever it pulls and by how much (a stated, realistic move). Its expected effect
// for one customer is the drop in the model's probability of decrease when that lever moves — scored
// with the exported model, so the ranking is the model's, not ours. It is a what-if of the model, not a
// causal estimate: the page says so. The rule table itself is in offer-rules.ts, which pages import without model code.

import type { Customer } from "../schema.js";
import { encodeRaw, type ModelArtifact } from "../models/scoring.js";
import { makeBatchScorer } from "../models/batch.js";
import { calibrate, type Calibrator } from "../models/calibration.js";

import { FALLBACK_OFFER, OFFER_RULES, type Channel, type NumericLever, type OfferContext, type OfferRule, type OfferType } from "./offer-rules.js";

export { OFFER_RULES, type NumericLever, type OfferContext, type OfferRule };

export interface RankedOffer {
  type: OfferType;
  /** The rule's channel with consent to mailings; "site" without it. */
  channel: Channel;
  /** p(customer) − p(customer with the lever moved): positive = the model expects less risk; 0 for the fallback. */
  expected_drop: number;
  /** expected_drop × monthly profit: the ranking key, so offers go where they protect the most profit. */
  expected_profit_protected: number;
}

/** One customer's row of the offers artifact. */
export interface OfferRow {
  id: number;
  /** Calibrated probability from the models that never saw the customer. */
  p: number;
  profit: number;
  segment: string;
  /** Best first; expected_drop is in calibrated probability; a default-segment customer no rule helps gets the fallback (expected_drop 0). */
  offers: { type: OfferType; channel: Channel; expected_drop: number }[];
}

/** Offers for one customer, best first; only offers the model expects to lower the risk are kept. */
export function rankOffers(customer: Customer, probability: number, score: (c: Customer) => number, ctx: OfferContext): RankedOffer[] {
  const consent = customer["Разрешить сообщать"] === "да";
  const offers: RankedOffer[] = [];
  for (const rule of OFFER_RULES) {
    if (!rule.applies(customer, ctx)) continue;
    const expectedDrop = probability - score(rule.move(customer, ctx));
    if (!(expectedDrop > 0)) continue;
    // No consent to messages: the same offer is shown on the site instead of mailed — never a mailing.
    const channel = consent ? rule.channel : "site";
    offers.push({
      type: rule.type,
      channel,
      expected_drop: expectedDrop,
      expected_profit_protected: expectedDrop * customer.Прибыль,
    });
  }
  return offers.sort((a, b) => b.expected_profit_protected - a.expected_profit_protected || (a.type < b.type ? -1 : 1));
}

// ---------------------------------------------------------------- every customer at once

/**
 * The offers of every customer, as rankOffers ranks them (same offers, same order, same numbers), in typed columns:
 * no scorer call, customer object or string per offer. Customer i's offers are rows start[i] .. start[i+1] − 1.
 */
export interface OfferTable {
  start: Int32Array;
  /** Index into OFFER_RULES. */
  rule: Uint8Array;
  /** 1: by mail, 0: on the site. */
  mailing: Uint8Array;
  expected_drop: Float64Array;
  expected_profit_protected: Float64Array;
}

/**
 * rankOffers for every customer with the model itself (`probabilities[i]` = the calibrated P for customers[i], as
 * rankOffers' `probability`; `calibrator` maps the model's raw score of a moved customer to the same scale). Moved
 * customers are encoded into one reused row and scored by models/batch.ts's scorer (makeScorer's numbers, bit for
 * bit), so results equal rankOffers(c, p, (c) => calibrate(calibrator, makeScorer(model)(c)), ctx) exactly.
 */
export function rankOffersBatch(customers: readonly Customer[], probabilities: ArrayLike<number>, model: ModelArtifact, calibrator: Calibrator, ctx: OfferContext): OfferTable {
  const n = customers.length;
  if (probabilities.length !== n) throw new Error(`${n} customers, ${probabilities.length} probabilities`);
  const scorer = makeBatchScorer(model);
  const pre = model.preprocessor;
  const row = new Float64Array(pre.feature_names.length);
  const out = new Float64Array(1);
  const R = OFFER_RULES.length;
  let cap = Math.max(16, n);
  let rule = new Uint8Array(cap);
  let mailing = new Uint8Array(cap);
  let drop = new Float64Array(cap);
  let protectedProfit = new Float64Array(cap);
  const start = new Int32Array(n + 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    const p = probabilities[i];
    const consent = c["Разрешить сообщать"] === "да";
    start[i] = m;
    for (let r = 0; r < R; r++) {
      const offer = OFFER_RULES[r];
      if (!offer.applies(c, ctx)) continue;
      encodeRaw(pre, offer.move(c, ctx), row);
      scorer.score(row, 0, 1, out);
      const expectedDrop = p - calibrate(calibrator, out[0]);
      if (!(expectedDrop > 0)) continue;
      if (m === cap) {
        cap *= 2;
        rule = grow(rule, cap);
        mailing = grow(mailing, cap);
        drop = grow(drop, cap);
        protectedProfit = grow(protectedProfit, cap);
      }
      // Insertion into this customer's rows, best first (expected_profit_protected desc, then type): rankOffers' order.
      const eep = expectedDrop * c.Прибыль;
      let q = m;
      while (q > start[i] && (protectedProfit[q - 1] < eep || (protectedProfit[q - 1] === eep && OFFER_RULES[rule[q - 1]].type > offer.type))) {
        rule[q] = rule[q - 1];
        mailing[q] = mailing[q - 1];
        drop[q] = drop[q - 1];
        protectedProfit[q] = protectedProfit[q - 1];
        q--;
      }
      rule[q] = r;
      mailing[q] = consent && offer.channel === "mail" ? 1 : 0;
      drop[q] = expectedDrop;
      protectedProfit[q] = eep;
      m++;
    }
  }
  start[n] = m;
  return { start, rule: rule.slice(0, m), mailing: mailing.slice(0, m), expected_drop: drop.slice(0, m), expected_profit_protected: protectedProfit.slice(0, m) };
}

function grow<T extends Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** The stated fallback for a customer of the default segment whom no rule's lever helps (offer-rules.ts FALLBACK_OFFER). */
export function fallbackOffer(): RankedOffer {
  return { type: FALLBACK_OFFER.type, channel: FALLBACK_OFFER.channel, expected_drop: 0, expected_profit_protected: 0 };
}

/** Customer positions 0..n−1 grouped by the index of the model that scores them (honestIndexOf), ascending in each. */
export function groupPositions(n: number, groupOf: (i: number) => number, groups: number): number[][] {
  const out = Array.from({ length: groups }, () => [] as number[]);
  for (let i = 0; i < n; i++) out[groupOf(i)].push(i);
  return out;
}

/** Offer tables computed per group (groupPositions) put back in customer order: tables[g] covers groups[g]'s customers. */
export function scatterOfferTables(n: number, groups: readonly (readonly number[])[], tables: readonly OfferTable[]): OfferTable {
  const where = new Int32Array(n * 2).fill(-1); // [group, position in group] per customer
  groups.forEach((g, k) => g.forEach((i, q) => ((where[2 * i] = k), (where[2 * i + 1] = q))));
  const rows = tables.reduce((s, t) => s + t.rule.length, 0);
  const out: OfferTable = { start: new Int32Array(n + 1), rule: new Uint8Array(rows), mailing: new Uint8Array(rows), expected_drop: new Float64Array(rows), expected_profit_protected: new Float64Array(rows) };
  let m = 0;
  for (let i = 0; i < n; i++) {
    out.start[i] = m;
    const k = where[2 * i];
    if (k < 0) throw new Error(`customer ${i} is in no group`);
    const t = tables[k];
    const q = where[2 * i + 1];
    for (let r = t.start[q]; r < t.start[q + 1]; r++, m++) {
      out.rule[m] = t.rule[r];
      out.mailing[m] = t.mailing[r];
      out.expected_drop[m] = t.expected_drop[r];
      out.expected_profit_protected[m] = t.expected_profit_protected[r];
    }
  }
  out.start[n] = m;
  return out;
}

/** One group of customers scored by one honest model: what the offers task ranks, in parts. */
export interface OfferGroup {
  customers: readonly Customer[];
  /** Calibrated probabilities at full precision (the calibrator applied to the raw scores). */
  probabilities: Float64Array;
  model: ModelArtifact;
  calibrator: Calibrator;
}

/** Offer tables of consecutive parts of one customer list, joined in order. */
export function joinOfferTables(parts: readonly OfferTable[]): OfferTable {
  const customers = parts.reduce((s, t) => s + t.start.length - 1, 0);
  const rows = parts.reduce((s, t) => s + t.rule.length, 0);
  const out: OfferTable = {
    start: new Int32Array(customers + 1),
    rule: new Uint8Array(rows),
    mailing: new Uint8Array(rows),
    expected_drop: new Float64Array(rows),
    expected_profit_protected: new Float64Array(rows),
  };
  let c = 0;
  let r = 0;
  for (const t of parts) {
    const nc = t.start.length - 1;
    for (let i = 0; i < nc; i++) out.start[c + i] = t.start[i] + r;
    out.rule.set(t.rule, r);
    out.mailing.set(t.mailing, r);
    out.expected_drop.set(t.expected_drop, r);
    out.expected_profit_protected.set(t.expected_profit_protected, r);
    c += nc;
    r += t.rule.length;
  }
  out.start[c] = r;
  return out;
}

/** Customer i's offers from the table, as rankOffers returns them. */
export function offersAt(table: OfferTable, i: number): RankedOffer[] {
  const out: RankedOffer[] = [];
  for (let q = table.start[i]; q < table.start[i + 1]; q++) {
    out.push({
      type: OFFER_RULES[table.rule[q]].type,
      channel: table.mailing[q] ? "mail" : "site",
      expected_drop: table.expected_drop[q],
      expected_profit_protected: table.expected_profit_protected[q],
    });
  }
  return out;
}
