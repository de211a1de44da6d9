// The offer rule table: which actionable driver maps to which offer, for whom, and by how much the lever moves,
// as ids, column names and numbers (the pages word them: components/offer-words.ts). Dependency-free on purpose: the
// pages show this table without loading any model code (offers.ts scores the rules with the model).

import type { Customer } from "../schema.js";

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

/** Where an offer reaches the customer: by mail (needs consent to mailings) or on the site (reaches everyone). */
export type Channel = "mail" | "site";

/** The stable ids of the offers the report can name: the rules', then the fallback's. Pages word them (components/offer-words.ts). */
export type OfferType = "cart_reminder" | "personal_promo" | "home_recommendations" | "engagement_content" | "apology_bonus" | "loyalty_bonus";

/**
 * Whom a rule is for: customers at or above the upper quartile of one of `columns` (and above 0 when `aboveZero`),
 * or at or below its lower quartile; quartiles over all customers of the data being analysed (OfferContext).
 */
export interface OfferTarget {
  readonly columns: readonly NumericLever[];
  readonly quartile: "upper" | "lower";
  readonly aboveZero?: true;
}

/** A lever's stated move: by `by` (negative: down), rounded to `decimals` when given, and not below `min` when given. */
export interface LeverMove {
  readonly column: NumericLever;
  readonly by: number;
  readonly decimals?: number;
  readonly min?: number;
}

export interface OfferRule {
  readonly type: OfferType;
  readonly target: OfferTarget;
  /** The stated lever moves used to score the offer with the model. */
  readonly moves: readonly LeverMove[];
  /** The rule's channel: a mailing needs consent (without it the offer is shown on the site); on-site offers reach everyone. */
  readonly channel: Channel;
  applies(c: Customer, ctx: OfferContext): boolean;
  /** The customer as they would be if the offer worked: the levers moved by the stated amounts. */
  move(c: Customer, ctx: OfferContext): Customer;
}

/** A rule from its target and moves: `applies` and `move` are those, so the pages' words and the model's what-if read the same numbers. */
function rule(type: OfferType, target: OfferTarget, moves: readonly LeverMove[], channel: Channel): OfferRule {
  return {
    type,
    target,
    moves,
    channel,
    applies: (c, ctx) =>
      target.columns.some((column) =>
        target.quartile === "upper" ? c[column] >= ctx.quantiles[column].q75 && (!target.aboveZero || c[column] > 0) : c[column] <= ctx.quantiles[column].q25,
      ),
    move: (c) => {
      const moved = { ...c };
      for (const m of moves) {
        let value = c[m.column] + m.by;
        if (m.decimals !== undefined) value = Math.round(value * 10 ** m.decimals) / 10 ** m.decimals;
        if (m.min !== undefined) value = Math.max(m.min, value);
        moved[m.column] = value;
      }
      return moved;
    },
  };
}

export const OFFER_RULES: readonly OfferRule[] = [
  rule("cart_reminder", { columns: ["Неоплаченные_продукты_штук_квартал"], quartile: "upper", aboveZero: true }, [{ column: "Неоплаченные_продукты_штук_квартал", by: -2, min: 0 }], "mail"),
  rule("personal_promo", { columns: ["Акционные_покупки"], quartile: "upper" }, [{ column: "Акционные_покупки", by: -0.15, decimals: 2, min: 0 }], "mail"),
  rule(
    "home_recommendations",
    { columns: ["Страниц_за_визит", "Средний_просмотр_категорий_за_визит"], quartile: "lower" },
    [
      { column: "Страниц_за_визит", by: 2 },
      { column: "Средний_просмотр_категорий_за_визит", by: 1 },
    ],
    "site",
  ),
  rule("engagement_content", { columns: ["Минут_текущий_месяц"], quartile: "lower" }, [{ column: "Минут_текущий_месяц", by: 3 }], "site"),
  rule("apology_bonus", { columns: ["Ошибка_сервиса"], quartile: "upper", aboveZero: true }, [{ column: "Ошибка_сервиса", by: -2, min: 0 }], "site"),
];

/**
 * What a customer of the default segment gets when no rule applies or the model expects none of the levers to lower
 * their risk: personal attention that changes no lever, so the model has no what-if for it (expected drop 0, stated as
 * "not estimated" on the pages). On the site, so it reaches every customer whatever their consent to mailings.
 */
export const FALLBACK_OFFER = { type: "loyalty_bonus", moves: [], channel: "site" } as const satisfies { type: OfferType; moves: readonly LeverMove[]; channel: Channel };

/** Every offer the report can name: the rules, then the fallback. */
export const OFFER_TYPES: readonly { readonly type: OfferType; readonly moves: readonly LeverMove[]; readonly channel: Channel }[] = [...OFFER_RULES, FALLBACK_OFFER];
