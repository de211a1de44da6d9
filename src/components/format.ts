// The report's one visual and verbal language: Russian number formatting, plural forms, readable labels
// for raw column names, and the colours — each colour meaning one thing. Every page and chart takes these
// from here.

import * as d3 from "npm:d3";

const THIN_NBSP = "\u202f"; // narrow no-break space: Russian thousands separator, and before «%»

/** d3 locale for ru-RU: decimal comma, thin-space thousands, «%» with a space. */
export const ru = d3.formatLocale({
  decimal: ",",
  thousands: THIN_NBSP,
  grouping: [3],
  currency: ["", `${THIN_NBSP}₽`],
  percent: `${THIN_NBSP}%`,
  minus: "−",
});

/** Integers and counts: 1 297. */
export const formatInt = ru.format(",d");
/** A number with up to `digits` decimals, trailing zeros dropped: 4,2 · 0,05 · 1 300. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "—";
  const fixed = ru.format(`,.${digits}f`)(value);
  return fixed.includes(",") ? fixed.replace(/,?0+$/, "") : fixed;
}
/**
 * A small non-negative number as a reader can see it: 0,05 stays 0,05, but 3.2e-9 becomes «3,2·10⁻⁹»
 * instead of rounding to a misleading «0»; an exact 0 is «0».
 */
export function formatSmall(value: number): string {
  if (!Number.isFinite(value)) return "—";
  if (value === 0 || Math.abs(value) >= 0.01) return formatNumber(value, 2);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  const mantissa = value / 10 ** exponent;
  const superscript = String(exponent).replace(/[-0-9]/g, (c) => "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"["-0123456789".indexOf(c)]);
  return `${formatNumber(mantissa, 1)}·10${superscript}`;
}
/** A share as a percentage: 0.384 → «38,4 %». */
export function formatPercent(value: number, digits = 1): string {
  return Number.isFinite(value) ? ru.format(`.${digits}%`)(value) : "—";
}
/** Money amounts in the exports' units. */
export const formatMoney = (value: number) => formatNumber(value, 1);

/** Russian plural forms: plural(5, ["покупатель", "покупателя", "покупателей"]) → «покупателей». */
export function plural(n: number, [one, few, many]: readonly [string, string, string]): string {
  const mod10 = Math.abs(n) % 10;
  const mod100 = Math.abs(n) % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}
/**
 * A difference of probabilities in percentage points, after «на»: «на 8,7 процентного пункта», «на 1 процентный пункт»,
 * «на 11 процентных пунктов» (a fraction takes the genitive singular; a whole number agrees with its count).
 */
export function formatPoints(difference: number, digits = 1): string {
  const text = formatNumber(difference * 100, digits);
  if (text.includes(",")) return `${text} процентного пункта`;
  return `${text} ${plural(Math.round(Math.abs(difference * 100)), ["процентный пункт", "процентных пункта", "процентных пунктов"])}`;
}
export const customersWord = (n: number) => plural(n, ["покупатель", "покупателя", "покупателей"]);
/** After «из», «у», «для»: «из 1 покупателя», «из 21 покупателя», «из 5 покупателей». */
export const customersGenitive = (n: number) => plural(n, ["покупателя", "покупателей", "покупателей"]);
/** A count with its noun: formatCount(61, ["покупатель", "покупателя", "покупателей"]) → «61 покупатель». */
export function formatCount(n: number, forms: readonly [string, string, string]): string {
  return `${formatInt(n)} ${plural(n, forms)}`;
}
export const FEATURE_FORMS = ["признак", "признака", "признаков"] as const;

/**
 * The two target classes, in the same colours on every page (Okabe–Ito: readable in both themes and for
 * colour-blind readers). These two colours mean the two classes and nothing else.
 */
export const CLASS_DECREASED = "Снизилась";
export const CLASS_SAME = "Прежний уровень";
export const CLASS_DOMAIN = [CLASS_DECREASED, CLASS_SAME];
export const CLASS_COLORS = ["#D55E00", "#0072B2"];
/** Plot colour scale options for the target class. */
export const classColor = { type: "categorical", domain: CLASS_DOMAIN, range: CLASS_COLORS, legend: true } as const;

/** Neutral grey: «the rest», features without a direction, rows kept as they were. */
export const NEUTRAL_COLOR = "#9aa5b1";

/**
 * Feature direction — raises or lowers the risk of decreased activity (SHAP, coefficients, effect sizes,
 * the index's drivers): its own pair, never the class colours, the same on every page.
 */
export const DIRECTION_RAISES = "повышает риск";
export const DIRECTION_LOWERS = "снижает риск";
export const DIRECTION_DOMAIN = [DIRECTION_RAISES, DIRECTION_LOWERS];
export const DIRECTION_COLORS = { raises: "#CC79A7", lowers: "#009E73" } as const;
/** Plot colour scale options for feature direction. */
export const directionColor = { type: "categorical", domain: DIRECTION_DOMAIN, range: [DIRECTION_COLORS.raises, DIRECTION_COLORS.lowers], legend: true } as const;
/** Features without one direction (categorical ones), drawn grey beside the pair. */
export const DIRECTION_NONE = "категориальный признак";
export const directionColorWithNone = {
  type: "categorical",
  domain: [...DIRECTION_DOMAIN, DIRECTION_NONE],
  range: [DIRECTION_COLORS.raises, DIRECTION_COLORS.lowers, NEUTRAL_COLOR],
  legend: true,
} as const;
/** The direction colour of a signed effect (positive raises the risk). */
export const directionOf = (value: number) => (value > 0 ? DIRECTION_RAISES : DIRECTION_LOWERS);
export const directionFill = (value: number) => (value > 0 ? DIRECTION_COLORS.raises : DIRECTION_COLORS.lowers);

/** Orange: what needs attention — a chosen segment, a corrected row, a VIF over its threshold, a model's error. */
export const ATTENTION_COLOR = "#E69F00";
/** One measure without a class or a direction (importance bars, counts): the text colour, right in both themes. */
export const MEASURE_COLOR = "currentColor";
/** A feature's value from low to high (SHAP beeswarm and dependence): sky blue → orange, no class or direction colour. */
export const VALUE_RAMP = ["#56B4E9", "#E69F00"] as const;

export interface ColumnLabel {
  /** Readable label for charts and tables. */
  readonly label: string;
  /** Unit for axis labels ("" when dimensionless). */
  readonly unit: string;
  /** One sentence on what the column means. */
  readonly description: string;
}

/** Readable labels for the merged table's raw column names (which stay available on hover). */
export const COLUMN_LABELS: Readonly<Record<string, ColumnLabel>> = {
  id: { label: "Покупатель", unit: "", description: "номер покупателя в базе магазина" },
  "Покупательская активность": { label: "Покупательская активность", unit: "", description: "снизилась ли активность покупателя (целевой признак)" },
  "Тип сервиса": { label: "Тип сервиса", unit: "", description: "уровень сервиса: стандарт или премиум" },
  "Разрешить сообщать": { label: "Согласие на рассылки", unit: "", description: "можно ли присылать покупателю предложения" },
  Маркет_актив_6_мес: { label: "Маркетинг за 6 месяцев", unit: "контактов в месяц", description: "среднее число рассылок, звонков и показов рекламы в месяц за полгода" },
  Маркет_актив_тек_мес: { label: "Маркетинг в текущем месяце", unit: "контактов", description: "число маркетинговых контактов в текущем месяце" },
  Длительность: { label: "Срок с регистрации", unit: "дней", description: "сколько дней назад покупатель зарегистрировался" },
  Акционные_покупки: { label: "Доля покупок по акции", unit: "доля", description: "среднемесячная доля акционных покупок за полгода" },
  Популярная_категория: { label: "Любимая категория", unit: "", description: "самая популярная категория покупок за полгода" },
  Средний_просмотр_категорий_за_визит: { label: "Категорий за визит", unit: "категорий", description: "сколько категорий покупатель в среднем смотрит за визит" },
  Неоплаченные_продукты_штук_квартал: { label: "Неоплаченные товары в корзине", unit: "штук за квартал", description: "товары, оставленные в корзине без оплаты за 3 месяца" },
  Ошибка_сервиса: { label: "Сбои сервиса", unit: "сбоев", description: "число сбоев, которые коснулись покупателя" },
  Страниц_за_визит: { label: "Страниц за визит", unit: "страниц", description: "среднее число страниц за визит за 3 месяца" },
  Выручка_препредыдущий_месяц: { label: "Выручка, позапрошлый месяц", unit: "усл. ед.", description: "выручка с покупателя два месяца назад" },
  Выручка_предыдущий_месяц: { label: "Выручка, прошлый месяц", unit: "усл. ед.", description: "выручка с покупателя в прошлом месяце" },
  Выручка_текущий_месяц: { label: "Выручка, текущий месяц", unit: "усл. ед.", description: "выручка с покупателя в текущем месяце" },
  Минут_предыдущий_месяц: { label: "Минут на сайте, прошлый месяц", unit: "минут", description: "время на сайте в прошлом месяце" },
  Минут_текущий_месяц: { label: "Минут на сайте, текущий месяц", unit: "минут", description: "время на сайте в текущем месяце" },
  Прибыль: { label: "Прибыль", unit: "усл. ед. в месяц", description: "среднемесячная прибыль с покупателя за 3 месяца" },
};

/** Readable label for a raw column name; unknown names are returned as they are. */
export function labelOf(column: string): string {
  return COLUMN_LABELS[column]?.label ?? column;
}

/** Axis label with unit: «Страниц за визит, страниц». */
export function axisLabel(column: string): string {
  const entry = COLUMN_LABELS[column];
  return entry ? (entry.unit ? `${entry.label}, ${entry.unit}` : entry.label) : column;
}

/**
 * A feature and its value with the unit, in a form that needs no agreement of number and noun:
 * «Срок с регистрации, дней: 700», «Доля покупок по акции: 25 %», «Любимая категория: Книги».
 */
export function featureValue(column: string, value: number | string): string {
  const entry = COLUMN_LABELS[column];
  if (typeof value !== "number") return `${labelOf(column)}: ${value}`;
  if (entry?.unit === "доля") return `${entry.label}: ${formatPercent(value, 0)}`;
  return `${axisLabel(column)}: ${formatNumber(value, 2)}`;
}

/** Readable names of the export periods. */
/** The model search's scalers (a configuration's `scaler`), in words. */
export const SCALER_LABELS: Readonly<Record<string, string>> = { standard: "стандартизация", minmax: "приведение к [0, 1]", none: "без масштабирования" };

export const PERIOD_LABELS: Readonly<Record<string, string>> = {
  препредыдущий_месяц: "позапрошлый месяц",
  предыдущий_месяц: "прошлый месяц",
  текущий_месяц: "текущий месяц",
};
