// The store's export schema and the merged customer table: the one contract every stage shares.
// Column names stay exactly as in the exports (Russian), so artifacts and pages speak the store's language.

/** Target column and its two classes. «Снизилась» is the positive class everywhere. */
export const TARGET = "Покупательская активность";
export const POSITIVE_CLASS = "Снизилась";
export const NEGATIVE_CLASS = "Прежний уровень";
export const TARGET_CLASSES = [POSITIVE_CLASS, NEGATIVE_CLASS] as const;
export type TargetClass = (typeof TARGET_CLASSES)[number];

/** Canonical period names after the mapping table has been applied. */
export const REVENUE_PERIODS = ["препредыдущий_месяц", "предыдущий_месяц", "текущий_месяц"] as const;
export const MINUTES_PERIODS = ["предыдущий_месяц", "текущий_месяц"] as const;
export type RevenuePeriod = (typeof REVENUE_PERIODS)[number];
export type MinutesPeriod = (typeof MINUTES_PERIODS)[number];

/** Canonical levels of the categorical columns (after the mapping table). */
export const SERVICE_TYPES = ["стандарт", "премиум"] as const; // ordinal: стандарт < премиум
export const CONSENT_VALUES = ["да", "нет"] as const;
export const KNOWN_CATEGORIES = [
  "Товары для детей",
  "Домашний текстиль",
  "Косметика и аксессуары",
  "Техника для красоты и здоровья",
  "Мелкая бытовая техника и электроника",
  "Кухонная посуда",
] as const;

/** Numeric columns of market_file.csv in the file's order, with their expected domain: the one list of their names. */
export interface NumericColumnSpec {
  readonly name: string;
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
}

export const MARKET_FILE_NUMERIC = [
  { name: "Маркет_актив_6_мес", integer: false, min: 0, max: Infinity },
  { name: "Маркет_актив_тек_мес", integer: true, min: 0, max: Infinity },
  { name: "Длительность", integer: true, min: 0, max: Infinity },
  { name: "Акционные_покупки", integer: false, min: 0, max: 1 },
  { name: "Средний_просмотр_категорий_за_визит", integer: true, min: 0, max: Infinity },
  { name: "Неоплаченные_продукты_штук_квартал", integer: true, min: 0, max: Infinity },
  { name: "Ошибка_сервиса", integer: true, min: 0, max: Infinity },
  { name: "Страниц_за_визит", integer: true, min: 0, max: Infinity },
] as const satisfies readonly NumericColumnSpec[];
export type MarketFileNumeric = (typeof MARKET_FILE_NUMERIC)[number]["name"];

/** Merged-table column names for revenue and minutes by month. */
export const REVENUE_COLUMNS = {
  препредыдущий_месяц: "Выручка_препредыдущий_месяц",
  предыдущий_месяц: "Выручка_предыдущий_месяц",
  текущий_месяц: "Выручка_текущий_месяц",
} as const satisfies Record<RevenuePeriod, string>;
export const MINUTES_COLUMNS = {
  предыдущий_месяц: "Минут_предыдущий_месяц",
  текущий_месяц: "Минут_текущий_месяц",
} as const satisfies Record<MinutesPeriod, string>;

/** One row of the merged table: one regular, active customer. */
export interface Customer {
  id: number;
  "Покупательская активность": TargetClass;
  "Тип сервиса": string; // a canonical SERVICE_TYPES value
  "Разрешить сообщать": string; // a CONSENT_VALUES value
  Маркет_актив_6_мес: number;
  Маркет_актив_тек_мес: number;
  Длительность: number;
  Акционные_покупки: number;
  Популярная_категория: string; // a KNOWN_CATEGORIES value, or a new level that was flagged
  Средний_просмотр_категорий_за_визит: number;
  Неоплаченные_продукты_штук_квартал: number;
  Ошибка_сервиса: number;
  Страниц_за_визит: number;
  Выручка_препредыдущий_месяц: number;
  Выручка_предыдущий_месяц: number;
  Выручка_текущий_месяц: number;
  Минут_предыдущий_месяц: number;
  Минут_текущий_месяц: number;
  /** Average monthly profit over 3 months. Not a model feature: used for segmentation only. */
  Прибыль: number;
}

/** The merged table's fields in order, id aside: the target, market_file's fields, revenue, minutes, profit. */
export const CUSTOMER_FIELDS = [
  TARGET,
  "Тип сервиса",
  "Разрешить сообщать",
  "Маркет_актив_6_мес",
  "Маркет_актив_тек_мес",
  "Длительность",
  "Акционные_покупки",
  "Популярная_категория",
  "Средний_просмотр_категорий_за_визит",
  "Неоплаченные_продукты_штук_квартал",
  "Ошибка_сервиса",
  "Страниц_за_визит",
  "Выручка_препредыдущий_месяц",
  "Выручка_предыдущий_месяц",
  "Выручка_текущий_месяц",
  "Минут_предыдущий_месяц",
  "Минут_текущий_месяц",
  "Прибыль",
] as const satisfies readonly Exclude<keyof Customer, "id">[];

/** Feature roles for modelling. Profit and id are deliberately absent. */
export const CATEGORICAL_ONE_HOT = ["Разрешить сообщать", "Популярная_категория"] as const;
export const ORDINAL_FEATURES = { "Тип сервиса": SERVICE_TYPES } as const;
/** market_file's numeric columns, then revenue and minutes by month, each in period order. */
export const NUMERIC_FEATURES = [
  ...MARKET_FILE_NUMERIC.map((c) => c.name),
  ...REVENUE_PERIODS.map((p) => REVENUE_COLUMNS[p]),
  ...MINUTES_PERIODS.map((p) => MINUTES_COLUMNS[p]),
] as const satisfies readonly (keyof Customer)[];
