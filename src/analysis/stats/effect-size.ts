// Cohen's d from each group's moments — the one rule for a standardised mean difference, shared by the
// build (stats/describe.ts: cohensD over values) and the segments page (moments from SQL sums).
// Dependency-free, so the browser can import it.

export interface GroupMoments {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  sd: number;
}

/**
 * (mean of a − mean of b) / pooled sample SD, the pooled variance weighting each group by its n − 1.
 * NaN when undefined (fewer than two values in a group, or no spread at all).
 */
export function cohensDFromMoments(a: GroupMoments, b: GroupMoments): number {
  if (!(a.n >= 2 && b.n >= 2)) return NaN;
  const pooled = Math.sqrt(((a.n - 1) * a.sd * a.sd + (b.n - 1) * b.sd * b.sd) / (a.n + b.n - 2));
  return pooled === 0 || !Number.isFinite(pooled) ? NaN : (a.mean - b.mean) / pooled;
}
