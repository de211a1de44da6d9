// The segment's call list as the campaign team opens it in Excel: Russian headers and labels, the
// offer's channel, and a file name that says which filter and date it came from. The rows come from
// DuckDB (segment-queries.ts, callListSql); the file format (BOM, «;», decimal comma) is csv.ts's.

import { labelOf } from "./format.js";
import { offerChannelWords, offerTitle } from "./offer-words.js";
import type { SegmentFilter } from "./segment-queries.js";

/** Columns of the file: key columns first (who, how likely, how much, what, where). */
export const CALL_LIST_COLUMNS = [
  { key: "id", header: "Покупатель" },
  { key: "p", header: "Вероятность снижения активности" },
  { key: "profit", header: "Прибыль в месяц" },
  { key: "loss", header: "Ожидаемые потери в месяц" },
  { key: "offer1", header: "Первое предложение" },
  { key: "channel", header: "Канал" },
  { key: "offers", header: "Все подходящие предложения" },
  { key: "consent", header: "Согласие на рассылки" },
  { key: "risk_band", header: "Риск" },
  { key: "driver1", header: "Главный фактор риска" },
  { key: "driver1_shap", header: "Вклад главного фактора (SHAP)" },
  { key: "driver2", header: "Второй фактор" },
  { key: "driver3", header: "Третий фактор" },
  { key: "category", header: "Любимая категория" },
] as const;
export const CALL_LIST_KEYS: readonly string[] = CALL_LIST_COLUMNS.map((c) => c.key);
export const CALL_LIST_HEADERS: readonly string[] = CALL_LIST_COLUMNS.map((c) => c.header);
/** Columns that hold numbers (written with a decimal comma). */
export const CALL_LIST_NUMBERS = ["p", "profit", "loss", "driver1_shap"] as const;

/** The offer's title (offer-words.ts), as the page's table and the file show it. */
export { offerTitle };
/** Where the offer reaches the customer, in words (offer-words.ts): the rule's channel, only on the site without consent. */
export const offerChannel = offerChannelWords;

/** A row of the query (categorical columns decoded) as the file's labelled row. */
export function callListRow(row: Record<string, unknown>): Record<string, unknown> {
  const text = (v: unknown) => (v == null ? "" : String(v));
  const offer1 = text(row.offer1);
  const number = (v: unknown) => (v == null || v === "" ? null : Number(v));
  return {
    id: row.id,
    p: number(row.p),
    profit: number(row.profit),
    loss: number(row.loss),
    offer1: offer1 ? offerTitle(offer1) : "",
    channel: offerChannel(offer1, text(row.consent)),
    offers: text(row.offers).split(", ").filter(Boolean).map(offerTitle).join(" | "),
    consent: text(row.consent),
    risk_band: text(row.risk_band),
    driver1: row.driver1 ? labelOf(text(row.driver1)) : "",
    driver1_shap: number(row.driver1_shap),
    driver2: row.driver2 ? labelOf(text(row.driver2)) : "",
    driver3: row.driver3 ? labelOf(text(row.driver3)) : "",
    category: text(row.category),
  };
}

/** Filter state for the file name (the page's filters: only what differs from the defaults goes into the name). */
export type FileNameFilter = SegmentFilter;

/** A file-name-safe fragment: letters (Cyrillic too), digits and «-», nothing that a file system or a shell would read. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}
const decimal = (v: number) => String(Math.round(v * 100) / 100).replace(".", ",");

/**
 * «сегмент_p0,6_прибыль4,05_премиум_2026-12-04.csv»: the thresholds always (they define the segment),
 * the other filters when set, «выгодные» for the best cut-off, and the day the file was made.
 */
export function callListFileName(filter: FileNameFilter, options: { profitable: boolean; date: Date; all: string }): string {
  const parts = [options.profitable ? "выгодные" : "сегмент", `p${decimal(filter.p)}`, `прибыль${decimal(filter.profit)}`];
  for (const value of [filter.service, filter.category]) if (value !== options.all) parts.push(slug(value));
  if (filter.consent !== options.all) parts.push(`согласие-${slug(filter.consent)}`);
  if (filter.feature) parts.push(`${slug(filter.feature)}${decimal(filter.from)}-${decimal(filter.to)}`);
  const day = options.date.toISOString().slice(0, 10);
  return `${parts.join("_")}_${day}.csv`;
}
