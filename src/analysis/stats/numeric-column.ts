// The shape shared by the numeric-only statistics (Spearman, VIF): a named array of numbers.

export interface NumericColumn {
  name: string;
  /** NaN or ±Infinity marks a missing value. */
  values: readonly number[];
}
