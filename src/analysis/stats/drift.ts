// Data drift between two reports: the population stability index (PSI) of a feature on the previous
// report's bins. Numeric features get decile bins of the previous data (cut midway between two distinct
// values, so tied values share a bin and a value never sits on a cut); categorical features use their levels.

import { bisectLeft } from "d3";

/** PSI levels, as the page states them: < 0.1 none, 0.1–0.25 moderate, ≥ 0.25 major. */
export const PSI_LEVELS = { moderate: 0.1, major: 0.25 } as const;
export type DriftLevel = "none" | "moderate" | "major";

/** Bins per numeric feature: deciles of the previous report's values (fewer when the feature has fewer distinct values). */
export const PSI_BINS = 10;

/**
 * The share an empty bin counts as (the usual convention: ln(0) would make PSI infinite). A level that
 * appears in 5 % of the new data and never before then contributes about 0.3: major drift, as it should.
 */
export const PSI_EMPTY_SHARE = 1e-4;

export function driftLevel(psi: number): DriftLevel {
  return psi >= PSI_LEVELS.major ? "major" : psi >= PSI_LEVELS.moderate ? "moderate" : "none";
}

/** PSI = Σ (actual − expected) · ln(actual / expected) over shares; both count arrays on the same bins. */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new Error(`PSI needs the same bins: ${expected.length} vs ${actual.length}`);
  const e = shares(expected);
  const a = shares(actual);
  let sum = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i], PSI_EMPTY_SHARE);
    const ai = Math.max(a[i], PSI_EMPTY_SHARE);
    sum += (ai - ei) * Math.log(ai / ei);
  }
  return sum;
}

export function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) throw new Error("no values to compare");
  return counts.map((c) => c / total);
}

/**
 * Cut points of up to `bins` quantile bins of `values`: a value v falls in bin #{cuts < v}. Each cut lies
 * midway between the value at a decile and the next larger distinct value, so equal values never straddle a
 * cut and a discrete feature with k < bins values gets k bins. Non-finite values are ignored.
 */
export function quantileCuts(values: ArrayLike<number>, bins = PSI_BINS): number[] {
  const sorted = Float64Array.from(values).filter(Number.isFinite).sort();
  const n = sorted.length;
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const at = sorted[Math.max(0, Math.ceil((k * n) / bins) - 1)];
    // the first value larger than `at`
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= at) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= n) continue;
    const cut = (at + sorted[lo]) / 2;
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  return cuts;
}

/** Counts of `values` in the bins the cuts define (bin #{cuts < v}); non-finite values are not counted. */
export function binCounts(values: ArrayLike<number>, cuts: readonly number[]): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[bisectLeft(cuts, v)]++;
  }
  return counts;
}

/** Counts per level over the union of both reports' levels (sorted), and which levels appeared or vanished. */
export function levelCounts(
  previous: readonly (string | null)[],
  current: readonly (string | null)[],
): { levels: string[]; previous: number[]; current: number[]; appeared: string[]; vanished: string[] } {
  const count = (values: readonly (string | null)[]) => {
    const m = new Map<string, number>();
    for (const v of values) if (v != null) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const p = count(previous);
  const c = count(current);
  const levels = [...new Set([...p.keys(), ...c.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    levels,
    previous: levels.map((l) => p.get(l) ?? 0),
    current: levels.map((l) => c.get(l) ?? 0),
    appeared: levels.filter((l) => !p.has(l)),
    vanished: levels.filter((l) => !c.has(l)),
  };
}
