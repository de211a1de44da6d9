// The offer catalogue in the page's words: the core's offer rules (analysis/segments/offer-rules.ts) are ids, target
// columns, quartiles, lever moves and a channel code, and the offers, segments and campaign artifacts name offers by
// id; the titles, whom an offer is for, why it should help, the lever move and the channel are said here. Numbers
// in the words come from the rules themselves, so the text cannot drift from what the model scores.

import { OFFER_TYPES, type Channel, type LeverMove, type NumericLever, type OfferType } from "../analysis/segments/offer-rules.js";
import { formatNumber, plural } from "./format.js";

/** An offer as the pages show it. */
export interface OfferText {
  readonly type: OfferType;
  /** The offer's name. */
  readonly title: string;
  /** Whom it is for. */
  readonly appliesTo: string;
  /** Why it should help such a customer. */
  readonly why: string;
  /** The stated lever move the model scores. */
  readonly leverMove: string;
  /** The rule's channel (with consent to mailings). */
  readonly channel: string;
}

/** A channel in words: the call list's «Канал», the rule table's last column. */
export const CHANNEL_WORDS: Readonly<Record<Channel, string>> = { mail: "рассылка", site: "на сайте" };

const amount = (moves: readonly LeverMove[], column: NumericLever) => {
  const move = moves.find((m) => m.column === column);
  if (!move) throw new Error(`no move of ${column}`);
  return { by: Math.abs(move.by), floor: move.min === undefined ? "" : ` (не ниже ${formatNumber(move.min, 2)})` };
};

const WORDS: Readonly<Record<OfferType, { title: string; appliesTo: string; why: string; leverMove: (moves: readonly LeverMove[]) => string }>> = {
  cart_reminder: {
    title: "Напоминание о корзине со скидкой на ограниченное время",
    appliesTo: "неоплаченных товаров в корзине за квартал не меньше, чем у трёх четвертей покупателей (верхний квартиль)",
    why: "товары уже выбраны: напоминание и срочная скидка доводят часть корзины до покупки",
    leverMove: (m) => {
      const a = amount(m, "Неоплаченные_продукты_штук_квартал");
      return `неоплаченных товаров в корзине становится на ${formatNumber(a.by, 2)} меньше${a.floor}`;
    },
  },
  personal_promo: {
    title: "Персональная цена в любимой категории вместо общих акций",
    appliesTo: "доля покупок по акции в верхнем квартиле: покупатель ждёт скидок",
    why: "персональная цена в любимой категории переводит охотника за акциями на регулярные покупки",
    leverMove: (m) => {
      const a = amount(m, "Акционные_покупки");
      return `доля покупок по акции снижается на ${formatNumber(a.by, 2)}${a.floor}`;
    },
  },
  home_recommendations: {
    title: "Персональные рекомендации на главной странице",
    appliesTo: "страниц за визит или категорий за визит не больше, чем у четверти покупателей (нижний квартиль)",
    why: "подборка по истории покупок показывает больше товаров и категорий за визит",
    leverMove: (m) => {
      const pages = amount(m, "Страниц_за_визит").by;
      const categories = amount(m, "Средний_просмотр_категорий_за_визит").by;
      return `на ${formatNumber(pages, 2)} ${plural(pages, ["страницу", "страницы", "страниц"])} и на ${formatNumber(categories, 2)} ${plural(categories, ["категорию", "категории", "категорий"])} за визит больше`;
    },
  },
  engagement_content: {
    title: "Подборки и новинки, которые удерживают на сайте",
    appliesTo: "минут на сайте в текущем месяце не больше, чем у четверти покупателей (нижний квартиль)",
    why: "покупатель заходит ненадолго: контент под его интересы продлевает визит",
    leverMove: (m) => {
      const minutes = amount(m, "Минут_текущий_месяц").by;
      return `на ${formatNumber(minutes, 2)} ${plural(minutes, ["минуту", "минуты", "минут"])} на сайте в месяц больше`;
    },
  },
  apology_bonus: {
    title: "Извинения с бонусом и приоритетная поддержка",
    appliesTo: "сбоев сервиса не меньше, чем у трёх четвертей покупателей (верхний квартиль)",
    why: "частые сбои отталкивают: бонус и быстрая поддержка возвращают доверие",
    leverMove: (m) => {
      const a = amount(m, "Ошибка_сервиса");
      return `на ${formatNumber(a.by, 2)} ${plural(a.by, ["сбой", "сбоя", "сбоев"])} меньше${a.floor}`;
    },
  },
  loyalty_bonus: {
    title: "Бонус лояльности и персональное обращение в личном кабинете",
    appliesTo: "покупатель из приоритетного сегмента, к которому не подошло ни одно правило",
    why: "ни один рычаг из таблицы правил не снижает риск по оценке модели, поэтому остаётся личное внимание; его эффект модель не оценивает — его покажет только кампания с контрольной группой",
    leverMove: () => "рычаги не меняются",
  },
};

/** Every offer of the catalogue in words, in the catalogue's order (the rules, then the fallback). */
export const OFFER_TEXTS: readonly OfferText[] = OFFER_TYPES.map((o) => {
  const w = WORDS[o.type];
  return { type: o.type, title: w.title, appliesTo: w.appliesTo, why: w.why, leverMove: w.leverMove(o.moves), channel: CHANNEL_WORDS[o.channel] };
});

const BY_TYPE = new Map<string, OfferText>(OFFER_TEXTS.map((o) => [o.type, o]));

/** An offer id's words; undefined for an id this report does not know (a newer analysis). */
export const offerText = (type: string): OfferText | undefined => BY_TYPE.get(type);

/** An offer id's title; an unknown id as it is. */
export const offerTitle = (type: string): string => BY_TYPE.get(type)?.title ?? type;

/**
 * Where an offer reaches the customer, in words: the rule's channel, except that without consent to mailings every
 * offer is shown on the site (the same rule as offers.ts); "" without an offer.
 */
export function offerChannelWords(type: string | null | undefined, consent: string | null | undefined): string {
  if (!type) return "";
  const channel = OFFER_TYPES.find((o) => o.type === type)?.channel ?? "site";
  return CHANNEL_WORDS[consent === "да" ? channel : "site"];
}
