// Rounding to significant digits, so serialised statistics are byte-stable across machines and runs.

/**
 * x rounded to `digits` significant digits (decimal, via toPrecision); −0 becomes 0 (JSON writes both as 0, so the
 * artifacts and the browser see the same number); non-finite x is returned as is. The one rounding rule of the core.
 */
export function roundSignificant(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(digits));
}
