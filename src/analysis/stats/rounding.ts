// Rounding to significant digits, so serialised statistics are byte-stable across machines and runs.

/** x rounded to `digits` significant digits (decimal, via toPrecision); −0 becomes 0; non-finite x is returned as is. */
export function roundSignificant(x: number, digits = 6): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(digits));
}
