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
}

/** A spec from its parts: the file is named after the export; comma-separated with a decimal point unless told. */
function exportSpec(
  name: ExportName,
  columns: Readonly<Record<string, ColumnKind>>,
  { delimiter = ",", decimalMark = "." }: Partial<Pick<ExportSpec, "delimiter" | "decimalMark">> = {},
): ExportSpec {
  return { name, fileName: `${name}.csv`, delimiter, decimalMark, columns: Object.entries(columns).map(([column, kind]) => ({ name: column, kind })) };
}

/** Columns in the order the store writes them (a name → its kind). */
export const EXPORT_SPECS: Record<ExportName, ExportSpec> = {
  market_file: exportSpec("market_file", {
    id: "id",
    "Покупательская активность": "category",
    "Тип сервиса": "category",
    "Разрешить сообщать": "category",
    Маркет_актив_6_мес: "number",
    Маркет_актив_тек_мес: "integer",
    Длительность: "integer",
    Акционные_покупки: "share",
    Популярная_категория: "category",
    Средний_просмотр_категорий_за_визит: "integer",
    Неоплаченные_продукты_штук_квартал: "integer",
    Ошибка_сервиса: "integer",
    Страниц_за_визит: "integer",
  }),
  market_money: exportSpec("market_money", { id: "id", Период: "period", Выручка: "number" }),
  market_time: exportSpec("market_time", { id: "id", Период: "period", минут: "integer" }),
  money: exportSpec("money", { id: "id", Прибыль: "number" }, { delimiter: ";", decimalMark: "," }),
};
