// The offer rule table: which actionable driver maps to which offer, for whom, why, and by how much the lever
// moves. Dependency-free on purpose: the pages show this table without loading any model code (offers.ts
// scores the rules with the model).

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

/**
 * What a customer of the default segment gets when no rule applies or the model expects none of the levers to lower
 * their risk: personal attention that changes no lever, so the model has no what-if for it (expected drop 0, stated as
 * "not estimated" on the pages). On the site, so it reaches every customer whatever their consent to mailings.
 */
export const FALLBACK_OFFER = {
  type: "loyalty_bonus",
  title: "Бонус лояльности и персональное обращение в личном кабинете",
  appliesTo: "покупатель из приоритетного сегмента, к которому не подошло ни одно правило",
  why: "ни один рычаг из таблицы правил не снижает риск по оценке модели, поэтому остаётся личное внимание; его эффект модель не оценивает — его покажет только кампания с контрольной группой",
  leverMove: "рычаги не меняются",
  channel: "на сайте",
} as const;

/** Every offer type the report can name: the rules, then the fallback. */
export const OFFER_TYPES: readonly { type: string; title: string; appliesTo: string; why: string; leverMove: string; channel: "рассылка" | "на сайте" }[] = [
  ...OFFER_RULES,
  FALLBACK_OFFER,
];
