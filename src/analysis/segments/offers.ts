// Personalised offers: an explicit, reviewable rule table from actionable drivers to offer types,
// and a model-based ranking of the offers that apply to a customer.
//
// Each rule names the lever it pulls and by how much (a stated, realistic move). Its expected effect
// for one customer is the drop in the model's probability of decrease when that lever moves — scored
// with the exported model, so the ranking is the model's, not ours. It is a what-if of the model, not a
// causal estimate: the page says so. Browser-safe (the page shows this table): only the dependency-free scorers.

import type { Customer } from "../schema.js";
import { encodeRaw, type ModelArtifact } from "../models/scoring.js";
import { makeBatchScorer } from "../models/batch.js";

export type NumericLever =
  | "Неоплаченные_продукты_штук_квартал"
  | "Акционные_покупки"
  | "Страниц_за_визит"
  | "Средний_просмотр_категорий_за_визит"
  | "Ошибка_сервиса"
  | "Минут_текущий_месяц"
  | "Маркет_актив_тек_мес";

/** Thresholds a rule may use, computed from the data being analysed (never typed in). */
export interface OfferContext {
  /** Quantiles of the lever columns over all customers: q25, median, q75. */
  readonly quantiles: Readonly<Record<NumericLever, { q25: number; median: number; q75: number }>>;
}

export interface OfferRule {
  readonly type: string;
  /** Offer name as the page shows it. */
  readonly title: string;
  /** Who it applies to, in words (the page shows this next to the rule). */
  readonly appliesTo: string;
  /** Why this offer should help such a customer. */
  readonly why: string;
  /** The stated lever move used to score the offer with the model. */
  readonly leverMove: string;
  /** Which channel: a mailing needs consent; on-site offers reach everyone. */
  readonly channel: "рассылка" | "на сайте";
  applies(c: Customer, ctx: OfferContext): boolean;
  /** The customer as they would be if the offer worked: the lever moved by the stated amount. */
  move(c: Customer, ctx: OfferContext): Customer;
}

const clampMin = (x: number, min: number) => Math.max(min, x);

export const OFFER_RULES: readonly OfferRule[] = [
  {
    type: "cart_reminder",
    title: "Напоминание о корзине со скидкой на ограниченное время",
    appliesTo: "неоплаченных товаров в корзине за квартал не меньше, чем у трёх четвертей покупателей (верхний квартиль)",
    why: "товары уже выбраны: напоминание и срочная скидка доводят часть корзины до покупки",
    leverMove: "неоплаченных товаров в корзине становится на 2 меньше (не ниже 0)",
    channel: "рассылка",
    applies: (c, ctx) => c.Неоплаченные_продукты_штук_квартал >= ctx.quantiles.Неоплаченные_продукты_штук_квартал.q75 && c.Неоплаченные_продукты_штук_квартал > 0,
    move: (c) => ({ ...c, Неоплаченные_продукты_штук_квартал: clampMin(c.Неоплаченные_продукты_штук_квартал - 2, 0) }),
  },
  {
    type: "personal_promo",
    title: "Персональная цена в любимой категории вместо общих акций",
    appliesTo: "доля покупок по акции в верхнем квартиле: покупатель ждёт скидок",
    why: "персональная цена в любимой категории переводит охотника за акциями на регулярные покупки",
    leverMove: "доля покупок по акции снижается на 0,15 (не ниже 0)",
    channel: "рассылка",
    applies: (c, ctx) => c.Акционные_покупки >= ctx.quantiles.Акционные_покупки.q75,
    move: (c) => ({ ...c, Акционные_покупки: clampMin(Math.round((c.Акционные_покупки - 0.15) * 100) / 100, 0) }),
  },
  {
    type: "home_recommendations",
    title: "Персональные рекомендации на главной странице",
    appliesTo: "страниц за визит или категорий за визит не больше, чем у четверти покупателей (нижний квартиль)",
    why: "подборка по истории покупок показывает больше товаров и категорий за визит",
    leverMove: "на 2 страницы и на 1 категорию за визит больше",
    channel: "на сайте",
    applies: (c, ctx) =>
      c.Страниц_за_визит <= ctx.quantiles.Страниц_за_визит.q25 || c.Средний_просмотр_категорий_за_визит <= ctx.quantiles.Средний_просмотр_категорий_за_визит.q25,
    move: (c) => ({ ...c, Страниц_за_визит: c.Страниц_за_визит + 2, Средний_просмотр_категорий_за_визит: c.Средний_просмотр_категорий_за_визит + 1 }),
  },
  {
    type: "engagement_content",
    title: "Подборки и новинки, которые удерживают на сайте",
    appliesTo: "минут на сайте в текущем месяце не больше, чем у четверти покупателей (нижний квартиль)",
    why: "покупатель заходит ненадолго: контент под его интересы продлевает визит",
    leverMove: "на 3 минуты на сайте в месяц больше",
    channel: "на сайте",
    applies: (c, ctx) => c.Минут_текущий_месяц <= ctx.quantiles.Минут_текущий_месяц.q25,
    move: (c) => ({ ...c, Минут_текущий_месяц: c.Минут_текущий_месяц + 3 }),
  },
  {
    type: "apology_bonus",
    title: "Извинения с бонусом и приоритетная поддержка",
    appliesTo: "сбоев сервиса не меньше, чем у трёх четвертей покупателей (верхний квартиль)",
    why: "частые сбои отталкивают: бонус и быстрая поддержка возвращают доверие",
    leverMove: "на 2 сбоя меньше (не ниже 0)",
    channel: "на сайте",
    applies: (c, ctx) => c.Ошибка_сервиса >= ctx.quantiles.Ошибка_сервиса.q75 && c.Ошибка_сервиса > 0,
    move: (c) => ({ ...c, Ошибка_сервиса: clampMin(c.Ошибка_сервиса - 2, 0) }),
  },
];

export interface RankedOffer {
  type: string;
  channel: "рассылка" | "на сайте";
  /** p(customer) − p(customer with the lever moved): positive = the model expects less risk. */
  expected_drop: number;
  /** expected_drop × monthly profit: the ranking key, so offers go where they protect the most profit. */
  expected_profit_protected: number;
  reason: string;
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
    const channel = consent ? rule.channel : "на сайте";
    offers.push({
      type: rule.type,
      channel,
      expected_drop: expectedDrop,
      expected_profit_protected: expectedDrop * customer.Прибыль,
      reason: `${rule.appliesTo}; ${rule.why}${!consent && rule.channel === "рассылка" ? " (без согласия на рассылки — только на сайте)" : ""}`,
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
  /** 1: «рассылка», 0: «на сайте». */
  mailing: Uint8Array;
  expected_drop: Float64Array;
  expected_profit_protected: Float64Array;
}

/**
 * rankOffers for every customer with the model itself (`probabilities[i]` = the model's P for customers[i], as
 * rankOffers' `probability`). Moved customers are encoded into one reused row and scored by models/batch.ts's
 * scorer (makeScorer's numbers, bit for bit), so results equal rankOffers(c, p, makeScorer(model), ctx) exactly.
 */
export function rankOffersBatch(customers: readonly Customer[], probabilities: ArrayLike<number>, model: ModelArtifact, ctx: OfferContext): OfferTable {
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
      const expectedDrop = p - out[0];
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
      mailing[q] = consent && offer.channel === "рассылка" ? 1 : 0;
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

const reasons = new Map<string, string>();

/** Customer i's offers from the table, as rankOffers returns them. `customer` is customers[i]. */
export function offersAt(table: OfferTable, i: number, customer: Customer): RankedOffer[] {
  const consent = customer["Разрешить сообщать"] === "да";
  const out: RankedOffer[] = [];
  for (let q = table.start[i]; q < table.start[i + 1]; q++) {
    const rule = OFFER_RULES[table.rule[q]];
    const key = `${table.rule[q]}:${consent ? 1 : 0}`;
    let reason = reasons.get(key);
    if (reason === undefined) reasons.set(key, (reason = `${rule.appliesTo}; ${rule.why}${!consent && rule.channel === "рассылка" ? " (без согласия на рассылки — только на сайте)" : ""}`));
    out.push({
      type: rule.type,
      channel: table.mailing[q] ? "рассылка" : "на сайте",
      expected_drop: table.expected_drop[q],
      expected_profit_protected: table.expected_profit_protected[q],
      reason,
    });
  }
  return out;
}
