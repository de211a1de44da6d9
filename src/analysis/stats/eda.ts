// Exploratory analysis of the merged table: class balance, every feature's distribution overall and
// by class (precomputed bins, so the page never needs the raw table), and effect sizes that rank the
// features by how much the classes differ. The page's observations are written from these numbers.

import { CATEGORICAL_ONE_HOT, NEGATIVE_CLASS, NUMERIC_FEATURES, POSITIVE_CLASS, TARGET, TARGET_CLASSES, type Customer } from "../schema.js";
import {
  cohensD,
  describeCategorical,
  describeNumeric,
  maxLevelShareDifference,
  sharedHistogram,
  type CategoricalSummary,
  type LevelShareContrast,
  type NumericSummary,
  type SharedHistogram,
} from "./describe.js";

/** Integer features with at most this many distinct values are shown as bars of shares, not histograms. */
export const MAX_DISCRETE_LEVELS = 12;
export const HISTOGRAM_BINS = 20;
/** Conventional thresholds for |Cohen's d| (Cohen, 1988): small, medium, large. */
export const EFFECT_SIZE_THRESHOLDS = { small: 0.2, medium: 0.5, large: 0.8 } as const;

/** Numeric columns explored: the model's numeric features plus profit. */
export const EXPLORED_NUMERIC = [...NUMERIC_FEATURES, "Прибыль"] as const;
export const EXPLORED_CATEGORICAL = ["Тип сервиса", ...CATEGORICAL_ONE_HOT] as const;

export interface BoxStats {
  q25: number;
  median: number;
  q75: number;
  /** Tukey whiskers: the most extreme values within 1.5 × IQR of the box. */
  low: number;
  high: number;
  outliers: number;
}

export interface NumericExploration {
  column: string;
  kind: "continuous" | "discrete";
  overall: NumericSummary;
  byClass: Record<string, NumericSummary>;
  box: Record<string, BoxStats>;
  /** Continuous: shared equal-width bins. */
  histogram?: SharedHistogram;
  /** Discrete: one row per value with counts and within-class shares. */
  levels?: { value: number; counts: Record<string, number>; shares: Record<string, number> }[];
  /** Standardised mean difference, «Снизилась» minus «Прежний уровень», in pooled SDs. */
  cohens_d: number;
}

export interface CategoricalExploration {
  column: string;
  overall: CategoricalSummary;
  byClass: Record<string, CategoricalSummary>;
  largest_difference: LevelShareContrast | null;
}

export interface EdaArtifact {
  target: { column: string; classes: { name: string; count: number; share: number }[] };
  numeric: NumericExploration[];
  categorical: CategoricalExploration[];
  /** Numeric features by |Cohen's d|, largest first (profit excluded: it is not a feature). */
  numeric_ranking: { column: string; cohens_d: number }[];
  categorical_ranking: { column: string; level: string; difference: number }[];
  effect_size_thresholds: typeof EFFECT_SIZE_THRESHOLDS;
}

export function computeEda(customers: readonly Customer[]): EdaArtifact {
  const byClass = new Map(TARGET_CLASSES.map((c) => [c as string, customers.filter((row) => row[TARGET] === c)]));
  const numeric = EXPLORED_NUMERIC.map((column) => exploreNumeric(column, customers, byClass));
  const categorical = EXPLORED_CATEGORICAL.map((column) => {
    const values = (rows: readonly Customer[]) => rows.map((row) => String(row[column]));
    return {
      column,
      overall: describeCategorical(values(customers)),
      byClass: Object.fromEntries([...byClass].map(([name, rows]) => [name, describeCategorical(values(rows))])),
      largest_difference: maxLevelShareDifference(values(byClass.get(POSITIVE_CLASS)!), values(byClass.get(NEGATIVE_CLASS)!)),
    };
  });
  return {
    target: {
      column: TARGET,
      classes: TARGET_CLASSES.map((name) => ({ name, count: byClass.get(name)!.length, share: byClass.get(name)!.length / customers.length })),
    },
    numeric,
    categorical,
    numeric_ranking: numeric
      .filter((n) => n.column !== "Прибыль")
      .map(({ column, cohens_d }) => ({ column, cohens_d }))
      .sort((a, b) => Math.abs(b.cohens_d) - Math.abs(a.cohens_d) || (a.column < b.column ? -1 : 1)),
    categorical_ranking: categorical
      .filter((c) => c.largest_difference)
      .map((c) => ({ column: c.column, level: c.largest_difference!.level, difference: c.largest_difference!.positiveShare - c.largest_difference!.negativeShare }))
      .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || (a.column < b.column ? -1 : 1)),
    effect_size_thresholds: EFFECT_SIZE_THRESHOLDS,
  };
}

function exploreNumeric(column: (typeof EXPLORED_NUMERIC)[number], all: readonly Customer[], byClass: Map<string, Customer[]>): NumericExploration {
  const values = (rows: readonly Customer[]) => rows.map((row) => row[column]);
  const allValues = values(all);
  const distinct = new Set(allValues);
  const discrete = allValues.every(Number.isInteger) && distinct.size <= MAX_DISCRETE_LEVELS;
  const classValues = [...byClass].map(([name, rows]) => ({ name, values: values(rows) }));
  const result: NumericExploration = {
    column,
    kind: discrete ? "discrete" : "continuous",
    overall: describeNumeric(allValues),
    byClass: Object.fromEntries(classValues.map((g) => [g.name, describeNumeric(g.values)])),
    box: Object.fromEntries(classValues.map((g) => [g.name, boxStats(g.values)])),
    cohens_d: cohensD(values(byClass.get(POSITIVE_CLASS)!), values(byClass.get(NEGATIVE_CLASS)!)),
  };
  if (discrete) {
    result.levels = [...distinct]
      .sort((a, b) => a - b)
      .map((value) => {
        const counts = Object.fromEntries(classValues.map((g) => [g.name, g.values.filter((v) => v === value).length]));
        const shares = Object.fromEntries(classValues.map((g) => [g.name, g.values.length ? counts[g.name] / g.values.length : 0]));
        return { value, counts, shares };
      });
  } else {
    result.histogram = sharedHistogram(classValues, HISTOGRAM_BINS);
  }
  return result;
}

function boxStats(values: readonly number[]): BoxStats {
  const s = describeNumeric(values);
  const iqr = s.q75 - s.q25;
  const lowFence = s.q25 - 1.5 * iqr;
  const highFence = s.q75 + 1.5 * iqr;
  let low = Infinity;
  let high = -Infinity;
  let outliers = 0;
  for (const v of values) {
    if (v < lowFence || v > highFence) outliers++;
    else {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  return { q25: s.q25, median: s.median, q75: s.q75, low, high, outliers };
}
