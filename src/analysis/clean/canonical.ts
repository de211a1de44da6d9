// The one reviewable table of known typos and implicit duplicates in the exports.
// Every cell that goes through it and changes is recorded as a correction in the ledger.
// To accept a new spelling, add a row here — never a scattered replace() elsewhere.

import { KNOWN_CATEGORIES } from "../schema.js";

export interface CanonicalMapping {
  readonly column: string;
  readonly raw: string;
  readonly canonical: string;
  /** What kind of typo: the table's own annotation for its reviewer (the data page shows it beside the row). */
  readonly why: string;
}

export const CANONICAL_MAPPINGS: readonly CanonicalMapping[] = [
  { column: "Тип сервиса", raw: "стандартт", canonical: "стандарт", why: "опечатка: лишняя «т»" },
  { column: "Период", raw: "предыдцщий_месяц", canonical: "предыдущий_месяц", why: "опечатка: «ц» вместо «у»" },
  { column: "Популярная_категория", raw: "Косметика и аксесуары", canonical: "Косметика и аксессуары", why: "опечатка: пропущена «с»" },
];

/** Closed sets of values: anything else in these columns is an input error. */
export const ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  "Покупательская активность": ["Снизилась", "Прежний уровень"],
  "Тип сервиса": ["стандарт", "премиум"],
  "Разрешить сообщать": ["да", "нет"],
};

/**
 * Open sets: an unseen value passes through as its own level and is flagged on the data page,
 * because a store may add a product category between refreshes.
 */
export const KNOWN_OPEN_VALUES: Readonly<Record<string, readonly string[]>> = {
  Популярная_категория: KNOWN_CATEGORIES,
};

const byColumn = new Map<string, Map<string, CanonicalMapping>>();
for (const m of CANONICAL_MAPPINGS) {
  if (!byColumn.has(m.column)) byColumn.set(m.column, new Map());
  byColumn.get(m.column)!.set(m.raw, m);
}

export interface Canonicalised {
  readonly value: string;
  /** Why the value changed, as the ledger's rule code (a row of the mapping table, or trimmed whitespace); absent when it was already canonical. */
  readonly rule?: "canonical_mapping" | "trimmed";
}

/** Trims surrounding whitespace, then applies the mapping table. */
export function canonicalise(column: string, raw: string): Canonicalised {
  const trimmed = raw.trim();
  const mapping = byColumn.get(column)?.get(trimmed);
  if (mapping) return { value: mapping.canonical, rule: "canonical_mapping" };
  if (trimmed !== raw) return { value: trimmed, rule: "trimmed" };
  return { value: raw };
}
