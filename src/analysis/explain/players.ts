// The players of every explanation: the model's ORIGINAL input features, recovered from the preprocessor.
// One-hot dummies of a nominal feature (and the ordinal code of «Тип сервиса») belong to one player, so
// explanations speak of «Популярная_категория», never of a dummy, and grouping is exact: a coalition either
// takes all of a feature's encoded columns from the explained customer or all of them from the background one.

import type { Customer } from "../schema.js";
import type { PreprocessorParams } from "../models/scoring.js";

export interface Players {
  /** Original feature names in the preprocessor's column order (numeric, ordinal, one-hot). */
  readonly names: readonly string[];
  /** Encoded column indices of every player (ascending). */
  readonly columns: readonly Int32Array[];
  /** Player of every encoded column. */
  readonly playerOf: Int32Array;
  /** Number of encoded columns. */
  readonly width: number;
}

export function playersOf(pre: PreprocessorParams): Players {
  const names: string[] = [];
  const columns: Int32Array[] = [];
  let col = 0;
  const take = (name: string, count: number) => {
    names.push(name);
    columns.push(Int32Array.from({ length: count }, (_, i) => col + i));
    col += count;
  };
  for (const s of pre.numeric) take(s.name, 1);
  for (const s of pre.ordinal) take(s.name, 1);
  for (const s of pre.one_hot) take(s.name, s.categories.length);
  if (col !== pre.feature_names.length) {
    throw new Error(`preprocessor describes ${col} encoded columns but names ${pre.feature_names.length}`);
  }
  if (new Set(names).size !== names.length) throw new Error("preprocessor lists an original feature twice");
  const playerOf = new Int32Array(col);
  columns.forEach((cols, p) => cols.forEach((c) => (playerOf[c] = p)));
  return { names, columns, playerOf, width: col };
}

/** The raw value of an original feature as in the merged table (number or category label). */
export function featureValue(customer: Customer, name: string): number | string {
  const v = (customer as unknown as Record<string, unknown>)[name];
  if (typeof v === "number" || typeof v === "string") return v;
  throw new Error(`customer ${customer.id} has no value for feature ${name}`);
}
