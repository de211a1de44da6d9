// The four exports the store sends, described as data: delimiter, decimal mark and columns.
// Everything downstream validates against this description, so a schema change is made here once.

export type ExportName = "market_file" | "market_money" | "market_time" | "money";
export const EXPORT_NAMES: readonly ExportName[] = ["market_file", "market_money", "market_time", "money"];

export type ColumnKind = "id" | "number" | "integer" | "share" | "category" | "period";

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
}

export interface ExportSpec {
  readonly name: ExportName;
  readonly fileName: string;
  readonly delimiter: "," | ";";
  readonly decimalMark: "." | ",";
  readonly columns: readonly ColumnSpec[];
  /** What one row describes, for messages and the data page. */
  readonly description: string;
}

export const EXPORT_SPECS: Record<ExportName, ExportSpec> = {
  market_file: {
    name: "market_file",
    fileName: "market_file.csv",
    delimiter: ",",
    decimalMark: ".",
    description: "профиль покупателя: поведение, коммуникации, целевой признак",
    columns: [
      { name: "id", kind: "id" },
      { name: "Покупательская активность", kind: "category" },
      { name: "Тип сервиса", kind: "category" },
      { name: "Разрешить сообщать", kind: "category" },
      { name: "Маркет_актив_6_мес", kind: "number" },
      { name: "Маркет_актив_тек_мес", kind: "integer" },
      { name: "Длительность", kind: "integer" },
      { name: "Акционные_покупки", kind: "share" },
      { name: "Популярная_категория", kind: "category" },
      { name: "Средний_просмотр_категорий_за_визит", kind: "integer" },
      { name: "Неоплаченные_продукты_штук_квартал", kind: "integer" },
      { name: "Ошибка_сервиса", kind: "integer" },
      { name: "Страниц_за_визит", kind: "integer" },
    ],
  },
  market_money: {
    name: "market_money",
    fileName: "market_money.csv",
    delimiter: ",",
    decimalMark: ".",
    description: "выручка с покупателя за каждый из трёх месяцев",
    columns: [
      { name: "id", kind: "id" },
      { name: "Период", kind: "period" },
      { name: "Выручка", kind: "number" },
    ],
  },
  market_time: {
    name: "market_time",
    fileName: "market_time.csv",
    delimiter: ",",
    decimalMark: ".",
    description: "минуты на сайте за каждый из двух месяцев",
    columns: [
      { name: "id", kind: "id" },
      { name: "Период", kind: "period" },
      { name: "минут", kind: "integer" },
    ],
  },
  money: {
    name: "money",
    fileName: "money.csv",
    delimiter: ";",
    decimalMark: ",",
    description: "среднемесячная прибыль с покупателя за три месяца",
    columns: [
      { name: "id", kind: "id" },
      { name: "Прибыль", kind: "number" },
    ],
  },
};
