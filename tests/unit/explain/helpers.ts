// Test helpers for the explainers: seeded customers, hand-built model artifacts and a brute-force Shapley oracle
// that knows nothing of the explain module: it builds hybrid *customers* and scores them with scoring.ts.

import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { KNOWN_CATEGORIES, NUMERIC_FEATURES, POSITIVE_CLASS, TARGET, type Customer } from "../../../src/analysis/schema.js";
import { encodeRaw, type EstimatorOf, type Family, type ModelArtifactOf, type PreprocessorParams, type ScalerKind } from "../../../src/analysis/models/scoring.js";

export interface Rand {
  uniform(): number;
  int(lo: number, hi: number): number;
  pick<T>(a: readonly T[]): T;
}

export function rand(seed: number): Rand {
  const g = xoroshiro128plus(seed);
  return {
    uniform: () => uniformFloat64(g),
    int: (lo, hi) => uniformInt(g, lo, hi),
    pick: (a) => a[uniformInt(g, 0, a.length - 1)],
  };
}

export function baseCustomer(id = 1): Customer {
  return {
    id,
    "Покупательская активность": "Снизилась",
    "Тип сервиса": "стандарт",
    "Разрешить сообщать": "да",
    Маркет_актив_6_мес: 4.1,
    Маркет_актив_тек_мес: 4,
    Длительность: 600,
    Акционные_покупки: 0.24,
    Популярная_категория: "Товары для детей",
    Средний_просмотр_категорий_за_визит: 3,
    Неоплаченные_продукты_штук_квартал: 2,
    Ошибка_сервиса: 4,
    Страниц_за_визит: 8,
    Выручка_препредыдущий_месяц: 4800,
    Выручка_предыдущий_месяц: 4900,
    Выручка_текущий_месяц: 5100.5,
    Минут_предыдущий_месяц: 13,
    Минут_текущий_месяц: 12,
    Прибыль: 4.2,
  };
}

/**
 * Customers varied from the base one. `coarse` draws every numeric value from a handful of levels, so that
 * duplicate rows and exact distance ties are common (the hard case for KNN).
 */
export function customers(n: number, seed: number, coarse = false, firstId = 1000): Customer[] {
  const r = rand(seed);
  const out: Customer[] = [];
  for (let i = 0; i < n; i++) {
    const c = baseCustomer(firstId + i) as unknown as Record<string, unknown>;
    for (const name of NUMERIC_FEATURES) {
      const v = c[name] as number;
      c[name] = coarse ? v + r.int(-1, 1) : Math.round(v * (0.5 + r.uniform()) * 100) / 100;
    }
    c["Акционные_покупки"] = coarse ? r.pick([0.2, 0.3, 0.9]) : Math.round(r.uniform() * 100) / 100;
    c["Тип сервиса"] = r.pick(["стандарт", "премиум"]);
    c["Разрешить сообщать"] = r.pick(["да", "нет"]);
    c["Популярная_категория"] = r.pick(coarse ? KNOWN_CATEGORIES.slice(0, 3) : KNOWN_CATEGORIES);
    c["Покупательская активность"] = r.pick(["Снизилась", "Прежний уровень"]);
    out.push(c as unknown as Customer);
  }
  return out;
}

/**
 * A preprocessor over a subset of the original features (the players of a small test model).
 * Numeric scaling parameters are arbitrary but fixed; one-hot drops the first level in sorted order.
 */
export function preprocessor(
  numeric: readonly string[],
  opts: { scaler?: ScalerKind; ordinal?: boolean; consent?: boolean; category?: boolean } = {},
): PreprocessorParams {
  const scaler = opts.scaler ?? "standard";
  const num = numeric.map((name, j) => {
    const v = (baseCustomer() as unknown as Record<string, number>)[name];
    return scaler === "standard"
      ? { name, offset: v * 0.97, scale: Math.abs(v) * 0.31 + 0.1 * (j + 1) }
      : scaler === "minmax"
        ? { name, offset: -0.4, scale: 1 / (Math.abs(v) * 1.7 + 1) }
        : { name, offset: 0, scale: 1 };
  });
  const ordinal = opts.ordinal ? [{ name: "Тип сервиса", categories: ["стандарт", "премиум"] }] : [];
  const one_hot = [];
  if (opts.consent) one_hot.push({ name: "Разрешить сообщать", dropped: "да", categories: ["нет"] });
  if (opts.category) {
    const levels = [...KNOWN_CATEGORIES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    one_hot.push({ name: "Популярная_категория", dropped: levels[0], categories: levels.slice(1) });
  }
  const feature_names = [...num.map((s) => s.name), ...ordinal.map((s) => s.name), ...one_hot.flatMap((s) => s.categories.map((c) => `${s.name}_${c}`))];
  return { scaler, numeric: num, ordinal, one_hot, feature_names };
}

/** The original features of a preprocessor, written out independently of the explain module. */
export function playerNames(pre: PreprocessorParams): string[] {
  return [...pre.numeric.map((s) => s.name), ...pre.ordinal.map((s) => s.name), ...pre.one_hot.map((s) => s.name)];
}

/** Each customer's encoded row before scaling, as KNN and SVC artifacts store their rows (raw_X, raw_support_vectors). */
export function encodedRows(pre: PreprocessorParams, rows: readonly Customer[]): number[][] {
  return rows.map((c) => {
    const out = new Array<number>(pre.feature_names.length);
    encodeRaw(pre, c, out);
    return out;
  });
}

/** The class label a model is fitted to: 1 for the positive class («Снизилась»), else 0. */
export const labelOf = (c: Customer): number => (c[TARGET] === POSITIVE_CLASS ? 1 : 0);

export function artifact<F extends Family>(family: F, pre: PreprocessorParams, estimator: EstimatorOf<F>): ModelArtifactOf<F> {
  return { format: "one-click-retention-model/1", family, params: {}, scaler: pre.scaler, positive_class: "Снизилась", preprocessor: pre, estimator };
}

/** The customer that takes x's values on the features in `mask` and z's elsewhere. */
export function hybrid(x: Customer, z: Customer, features: readonly string[], mask: number): Customer {
  const h = { ...z } as unknown as Record<string, unknown>;
  features.forEach((name, j) => {
    if (mask & (1 << j)) h[name] = (x as unknown as Record<string, unknown>)[name];
  });
  return h as unknown as Customer;
}

/** Shapley values by enumerating all 2^M coalitions of `value`, straight from the definition. */
export function bruteForceShapley(m: number, value: (mask: number) => number): number[] {
  const v = Array.from({ length: 1 << m }, (_, s) => value(s));
  const fact = [1];
  for (let i = 1; i <= m; i++) fact.push(fact[i - 1] * i);
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let s = 0; s < 1 << m; s++) {
      if (s & (1 << i)) continue;
      let size = 0;
      for (let t = s; t; t >>= 1) size += t & 1;
      phi[i] += (fact[size] * fact[m - size - 1]) / fact[m] * (v[s | (1 << i)] - v[s]);
    }
  }
  return phi;
}

/** Interventional Shapley values of f at x with the given background (mean of f over hybrids). */
export function bruteForceInterventional(f: (c: Customer) => number, x: Customer, background: readonly Customer[], features: readonly string[]): { phi: number[]; base: number } {
  const value = (mask: number) => background.reduce((s, z) => s + f(hybrid(x, z, features, mask)), 0) / background.length;
  return { phi: bruteForceShapley(features.length, value), base: value(0) };
}

export function assertClose(actual: readonly number[], expected: readonly number[], tol: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} vs ${expected.length}`);
  actual.forEach((a, i) => {
    if (!(Math.abs(a - expected[i]) <= tol)) {
      throw new Error(`${what}[${i}]: ${a} vs ${expected[i]} (|diff| ${Math.abs(a - expected[i])} > ${tol})`);
    }
  });
}

/** A random regression-style tree over `width` encoded columns, thresholds taken from the data's own values. */
export function randomTree(r: Rand, rows: readonly Float64Array[], width: number, depth: number) {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const n_samples: number[] = [];
  const grow = (d: number): number => {
    const id = feature.length;
    feature.push(-2);
    threshold.push(-2);
    left.push(-1);
    right.push(-1);
    value.push(Math.round(r.uniform() * 1000) / 1000);
    n_samples.push(10);
    if (d < depth && r.uniform() < 0.85) {
      const f = r.int(0, width - 1);
      const t = Math.fround(rows[r.int(0, rows.length - 1)][f]);
      feature[id] = f;
      threshold[id] = t; // a float32 data value: rows equal to it go left, as with sklearn's midpoints
      left[id] = grow(d + 1);
      right[id] = grow(d + 1);
    }
    return id;
  };
  grow(0);
  return { feature, threshold, left, right, value, n_samples };
}
